/**
 * A cold import of many runs parses in worker threads (issue 11). Whatever the number of workers, and with batches
 * small or large, the cache must end exactly as an import on the main thread leaves it: same runs, same rows, same
 * points (hashed), nothing orphaned.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../main/host';
import type { CacheDigest } from '../helpers/crash-library';
import { generateLibrary, importAll, readCache } from '../helpers/crash-library';
import { tempDir } from '../helpers/paths';

describe('cold import in parse workers', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let library: string;
  let points = 0;

  const importWith = async (name: string, opts: { parseWorkers: number; importBatch?: { runs: number; points: number; ms: number } }): Promise<CacheDigest> => {
    const ws = path.join(t.dir, name);
    const host = await createHost({ workspaceDir: ws, mode: 'web', appVersion: 'test', ...opts });
    try {
      const dones = await importAll(host, library);
      expect(dones.map((d) => d.error)).toEqual([null]);
    } finally {
      await host.close();
    }
    const read = await readCache(ws);
    expect(read.problem).toBeNull();
    return { runs: read.runs, orphans: read.orphans };
  };

  beforeAll(async () => {
    t = await tempDir('runlens-import-workers-');
    library = path.join(t.dir, 'library');
    points = (await generateLibrary(library, { runs: 30, points: 150_000, seed: 7 })).points;
  }, 120_000);
  afterAll(() => t.cleanup());

  it('two workers, one worker and none store the same cache', async () => {
    const here = await importWith('main-thread', { parseWorkers: 0 });
    expect(here.orphans).toBe(0);
    expect(here.runs).toHaveLength(30);
    expect(here.runs.reduce((a, r) => a + r.storedPoints, 0)).toBe(points);
    expect(new Set(here.runs.map((r) => r.format)).size).toBeGreaterThanOrEqual(4);
    expect(await importWith('two-workers', { parseWorkers: 2 })).toEqual(here);
    expect(await importWith('one-worker-small-batches', { parseWorkers: 1, importBatch: { runs: 4, points: Number.POSITIVE_INFINITY, ms: Number.POSITIVE_INFINITY } })).toEqual(here);
  }, 180_000);
});
