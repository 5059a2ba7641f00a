import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { tCritical975 } from '../../shared/analysis/student-t';
import { call, importFolder, openHost } from '../helpers/host';
import { tempDir } from '../helpers/paths';

/** Three seeds of one config (loss = step + seed) and one lone run: the group's mean, interval and range are known. */
describe('series:aggregate: grouped runs as a mean line with a band', () => {
  let host: Host;
  let cleanup: () => Promise<void> = async () => undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const t = await tempDir();
    const root = path.join(t.dir, 'seeds');
    await mkdir(root, { recursive: true });
    for (const seed of [0, 1, 2]) {
      const rows = Array.from({ length: 100 }, (_, s) => `${s},${s + seed}`).join('\n');
      await writeFile(path.join(root, `seed${seed}.csv`), `step,loss\n${rows}\n`);
    }
    await writeFile(path.join(root, 'other.csv'), `step,loss\n${Array.from({ length: 50 }, (_, s) => `${s * 2},${-s}`).join('\n')}\n`);
    host = await openHost(path.join(t.dir, 'ws'));
    cleanup = async () => {
      await host.close();
      await t.cleanup();
    };
    await importFolder(host, root);
    for (const r of await call(host, 'library:list-runs', {})) ids[r.path] = r.id;
  });
  afterAll(() => cleanup());

  const seeds = () => ['seed0', 'seed1', 'seed2'].map((p) => ids[p] ?? '');

  it('mean ± 95 % Student-t interval over the runs, per bucket', async () => {
    const res = await call(host, 'series:aggregate', { metric: 'loss', groups: [{ name: 'lr=1e-4', runIds: seeds() }], buckets: 99, band: 'ci95' });
    const g = res.groups[0];
    if (!g) throw new Error('no group');
    expect(g.runCount).toBe(3);
    expect(g.steps.length).toBeGreaterThan(90);
    const half = tCritical975(2) / Math.sqrt(3); // sd of {s, s+1, s+2} is 1
    g.steps.forEach((_, i) => {
      expect(g.n[i]).toBe(3);
      expect(g.hi[i]! - g.mean[i]!).toBeCloseTo(half, 9);
      expect(g.mean[i]! - g.lo[i]!).toBeCloseTo(half, 9);
    });
    // Bucket 0 holds step 0 only (one step per bucket at 99 buckets over 0–99): the mean of 0, 1, 2.
    expect(g.mean[0]).toBeCloseTo(1, 12);
  });

  it('min–max band, several groups on one shared x, and a group of one run has a zero-width band', async () => {
    const res = await call(host, 'series:aggregate', {
      metric: 'loss',
      groups: [
        { name: 'seeds', runIds: seeds() },
        { name: 'other', runIds: [ids.other ?? ''] },
      ],
      buckets: 50,
      band: 'minmax',
    });
    const [a, b] = res.groups;
    if (!a || !b) throw new Error('groups missing');
    a.steps.forEach((_, i) => expect(a.hi[i]! - a.lo[i]!).toBeCloseTo(2, 12));
    expect(b.runCount).toBe(1);
    b.steps.forEach((_, i) => expect(b.hi[i]).toBe(b.lo[i]));
    // Same x range and bucket count: a step present in both groups is the same bucket centre.
    expect(b.steps.every((x) => a.steps.includes(x))).toBe(true);
  });

  it('a group whose runs do not log the metric comes back empty, not as an error', async () => {
    const res = await call(host, 'series:aggregate', { metric: 'nope', groups: [{ name: 'g', runIds: seeds() }], buckets: 10, band: 'ci95' });
    expect(res.groups).toEqual([{ name: 'g', runCount: 0, steps: [], mean: [], lo: [], hi: [], n: [] }]);
  });
});
