import { plain } from '../helpers/columns';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { tensorboardEma } from '../../shared/analysis/smoothing';
import { call, importFolder, openHost } from '../helpers/host';
import { fixturesDir, tempDir } from '../helpers/paths';

const LSTM = 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0';

describe('series:query smooths the full-resolution series, whatever window and buckets are asked for', () => {
  let host: Host;
  let runId = '';
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const t = await tempDir();
    host = await openHost(path.join(t.dir, 'ws'));
    cleanup = async () => {
      await host.close();
      await t.cleanup();
    };
    await importFolder(host, path.join(fixturesDir, 'tensorboard'));
    runId = (await call(host, 'library:list-runs', {})).find((r) => r.path === LSTM)?.id ?? '';
  });
  afterAll(() => cleanup());

  it('raw points carry the TensorBoard EMA of the whole series; a zoomed window keeps the values of the whole', async () => {
    const all = await call(host, 'series:query', { runIds: [runId], metric: 'train_loss', buckets: 20_000, smoothing: { kind: 'ema', weight: 0.6 } });
    const s = all.series[0];
    if (!s) throw new Error('no series');
    expect(s.mode).toBe('raw');
    expect(s.totalPoints).toBe(7691);
    const want = Array.from(tensorboardEma(s.values.map((v) => v ?? Number.NaN), 0.6));
    expect(plain(s.smoothed)).toEqual(want);

    // Zoomed into steps 2000–2500: the EMA there is the one computed from step 0, not restarted at the window's edge.
    const zoom = await call(host, 'series:query', { runIds: [runId], metric: 'train_loss', buckets: 20_000, stepMin: 2000, stepMax: 2500, smoothing: { kind: 'ema', weight: 0.6 } });
    const z = zoom.series[0];
    const firstIdx = s.steps.findIndex((x) => x >= 2000);
    expect(z?.smoothed?.[0]).toBe(want[firstIdx]);
    expect(z?.smoothed?.[0]).not.toBe(tensorboardEma(z?.values.map((v) => v ?? Number.NaN) ?? [], 0.6)[0]);
  });

  it('buckets carry first/last/min/max and the smoothed value at each bucket\'s last point', async () => {
    const full = (await call(host, 'series:query', { runIds: [runId], metric: 'train_loss', buckets: 20_000, smoothing: { kind: 'ema', weight: 0.9 } })).series[0];
    const b = (await call(host, 'series:query', { runIds: [runId], metric: 'train_loss', buckets: 100, smoothing: { kind: 'ema', weight: 0.9 } })).series[0];
    if (!full || !b) throw new Error('no series');
    expect(b.mode).toBe('buckets');
    expect(b.smoothed).toHaveLength(b.steps.length);
    // Each bucket's last step is a raw point; its smoothed value is the full series' smoothed value there.
    b.steps.forEach((step, i) => {
      const at = full.steps.lastIndexOf(step);
      expect(b.smoothed?.[i]).toBe(full.smoothed?.[at]);
      const lo = b.min[i] ?? Number.NEGATIVE_INFINITY;
      const hi = b.max[i] ?? Number.POSITIVE_INFINITY;
      for (const v of [b.first[i], b.values[i]]) if (v !== null && v !== undefined) expect(v >= lo && v <= hi).toBe(true);
    });
    // No smoothing asked: none computed.
    const plain = (await call(host, 'series:query', { runIds: [runId], metric: 'train_loss', buckets: 100 })).series[0];
    expect(plain?.smoothed).toBeNull();
  });
});
