import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import { call, importFolder, openHost } from '../helpers/host';
import { tempDir } from '../helpers/paths';

const points = (from: number, to: number, offset: number): EventSpec[] =>
  Array.from({ length: to - from }, (_, i) => ({ kind: 'scalar' as const, wallTime: 1_700_000_000 + offset + i, step: from + i, tag: 'loss', value: offset + (from + i) / 1000 }));

/** A run resumed from step 600 after reaching 999: both stretches are kept and drawn as separate lines. */
describe('series:query keeps restarts: two stretches, never purged, never mixed in one bucket', () => {
  let host: Host;
  let runId = '';
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const t = await tempDir();
    const dir = path.join(t.dir, 'runs', 'resumed');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'events.out.tfevents.1700000000.h.1.0'), encodeEventFile([{ kind: 'file-version', wallTime: 1_700_000_000 }, ...points(0, 1000, 0)]));
    await writeFile(path.join(dir, 'events.out.tfevents.1700009000.h.2.0'), encodeEventFile([{ kind: 'file-version', wallTime: 1_700_009_000 }, ...points(600, 1400, 10)]));
    host = await openHost(path.join(t.dir, 'ws'));
    cleanup = async () => {
      await host.close();
      await t.cleanup();
    };
    await importFolder(host, path.join(t.dir, 'runs'));
    runId = (await call(host, 'library:list-runs', {})).find((r) => r.path === 'resumed')?.id ?? '';
  });
  afterAll(() => cleanup());

  it('raw: every point of both stretches, with the break where the second begins', async () => {
    const s = (await call(host, 'series:query', { runIds: [runId], metric: 'loss', buckets: 5000 })).series[0];
    expect(s?.mode).toBe('raw');
    expect(s?.steps).toHaveLength(1800);
    expect(s?.restarts).toEqual([{ step: 600, fromStep: 999 }]);
    expect(s?.segmentStarts).toEqual([1000]);
    expect(s?.steps[1000]).toBe(600);
  });

  it('buckets: each stretch bucketed on its own, so the overlap shows two values per step range', async () => {
    const s = (await call(host, 'series:query', { runIds: [runId], metric: 'loss', buckets: 50 })).series[0];
    if (!s) throw new Error('no series');
    expect(s.mode).toBe('buckets');
    const [start] = s.segmentStarts ?? [];
    expect(start).toBeGreaterThan(0);
    const first = s.steps.slice(0, start);
    const second = s.steps.slice(start);
    expect(Math.max(...first)).toBe(999);
    expect(Math.min(...second)).toBeGreaterThanOrEqual(600);
    // The first stretch's values are < 1, the second's ≥ 10: no bucket mixes them.
    s.max.slice(0, start).forEach((v) => expect(v).toBeLessThan(1));
    s.min.slice(start).forEach((v) => expect(v).toBeGreaterThanOrEqual(10));
  });

  it('a zoom window past the restart still reports it; one before it does not', async () => {
    const late = (await call(host, 'series:query', { runIds: [runId], metric: 'loss', buckets: 5000, stepMin: 700, stepMax: 900 })).series[0];
    expect(late?.restarts).toEqual([{ step: 600, fromStep: 999 }]);
    expect(late?.segmentStarts).toHaveLength(1);
    const early = (await call(host, 'series:query', { runIds: [runId], metric: 'loss', buckets: 5000, stepMin: 0, stepMax: 500 })).series[0];
    expect(early?.restarts).toBeUndefined();
    expect(early?.segmentStarts).toBeUndefined();
  });
});
