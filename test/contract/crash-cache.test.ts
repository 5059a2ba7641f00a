/**
 * A damaged cache never keeps the library from opening (issue 12 §6): a cache file cut in half or with random bytes
 * written over its middle is moved aside as `<file>.corrupt-<ms>` and rebuilt from the run folders, with a notice, and
 * the rebuilt library equals a clean import; user data is untouched. A cache held by another live process is never
 * touched: the second process is refused.
 */
import { cp, open, readdir, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceStore } from '../../main/services/workspace-store';
import { seededPrng } from '../../shared/util/prng';
import type { CacheDigest } from '../helpers/crash-library';
import { cacheFileOf, generateLibrary, importAll, readCache } from '../helpers/crash-library';
import { call, openHost } from '../helpers/host';
import { HOST_NODE_ARGS, runToEnd } from '../helpers/kill-child';
import { tempDir } from '../helpers/paths';

const LIBRARY = { runs: 20, points: 200_000, seed: 21 };
const NOTICE = /^The library cache could not be used \(.+\); it was moved aside as library-v\d+\.duckdb\.corrupt-\d+ and is being rebuilt from your folders\./;

describe('a damaged or busy cache', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let library: string;
  /** A workspace with the library imported and the host closed cleanly; each test works on a copy. */
  let base: string;
  let truth: CacheDigest;
  let copies = 0;

  beforeAll(async () => {
    t = await tempDir('runlens-crash-cache-');
    library = path.join(t.dir, 'library');
    const summary = await generateLibrary(library, LIBRARY);
    base = path.join(t.dir, 'base');
    const host = await openHost(base);
    await importAll(host, library);
    await host.close();
    truth = await readCache(base);
    expect(truth.runs).toHaveLength(summary.runs);
    expect(truth.runs.reduce((a, r) => a + r.storedPoints, 0)).toBe(summary.points);
  }, 180_000);
  afterAll(() => t.cleanup());

  const copyOfBase = async (): Promise<string> => {
    const ws = path.join(t.dir, `ws-${copies++}`);
    await cp(base, ws, { recursive: true });
    return ws;
  };
  const setAside = async (ws: string) => (await readdir(path.dirname(cacheFileOf(ws)))).filter((n) => /\.duckdb\.corrupt-\d+$/.test(n));

  /** Opens a host on the damaged workspace: it opens, says what happened once, rebuilds, and ends equal to a clean import. */
  async function expectRebuilt(ws: string, label: string): Promise<void> {
    const host = await openHost(ws);
    try {
      const dones = await importAll(host, library);
      const notices = (await call(host, 'app:get-info', {})).notices;
      expect(notices, label).toHaveLength(1);
      expect(notices[0], label).toMatch(NOTICE);
      expect(dones.every((d) => d.error === null), label).toBe(true);
      expect(dones.reduce((a, d) => a + d.runsImported, 0), label).toBe(truth.runs.length);
      const runs = await call(host, 'library:list-runs', {});
      expect(runs.map((r) => r.pointCount).reduce((a, n) => a + n, 0), label).toBe(truth.runs.reduce((a, r) => a + r.storedPoints, 0));
    } finally {
      await host.close();
    }
    // Read back row by row (every point hashed): the rebuilt cache is whole and equals a clean import.
    const after = await readCache(ws);
    expect(after.problem, label).toBeNull();
    expect(after.runs, label).toEqual(truth.runs);
    // The folder list (user data) was never at risk.
    const { store, problem } = await WorkspaceStore.open(ws);
    expect([problem, store.snapshot.sources.length]).toEqual([null, 1]);
  }

  it('a cache cut in half is moved aside and rebuilt', async () => {
    const ws = await copyOfBase();
    const file = cacheFileOf(ws);
    const half = Math.floor((await stat(file)).size / 2);
    await truncate(file, half);
    await expectRebuilt(ws, 'cut in half');
    const aside = await setAside(ws);
    expect(aside).toHaveLength(1);
    expect((await stat(path.join(path.dirname(file), aside[0] ?? ''))).size).toBe(half);
  }, 180_000);

  it('random bytes over the middle of a cleanly closed cache are found before any query and rebuilt, twice', async () => {
    const rng = seededPrng(31);
    const ws = await copyOfBase();
    const file = cacheFileOf(ws);
    for (let round = 0; round < 2; round++) {
      // Opening reads only the headers and the catalog: this damage would surface only inside chart queries.
      const size = (await stat(file)).size;
      const garbage = Buffer.alloc(Math.floor(size / 4));
      for (let i = 0; i < garbage.length; i++) garbage[i] = rng.nextInt(256);
      const fh = await open(file, 'r+');
      try {
        await fh.write(garbage, 0, garbage.length, Math.floor(size * 0.375));
      } finally {
        await fh.close();
      }
      expect((await stat(file)).size).toBe(size);
      await expectRebuilt(ws, `random bytes, round ${round}`);
      // Caches are large: only the newest damaged copy is kept.
      expect(await setAside(ws)).toHaveLength(1);
    }
  }, 180_000);

  it('a second process on the same workspace is refused and leaves the open cache alone', async () => {
    const ws = await copyOfBase();
    const file = cacheFileOf(ws);
    const host = await openHost(ws);
    try {
      const before = await stat(file);
      const second = await runToEnd('test/helpers/import-child.ts', [ws, library, '--open-only'], { nodeArgs: HOST_NODE_ARGS, timeoutMs: 120_000 });
      expect(second.code).toBe(1);
      expect(second.lines[0]).toMatch(/^error This workspace is already open in another RunLens process \(.*PID \d+\)/);
      // The first host's cache is the same file, whole, and nothing was set aside.
      expect((await stat(file)).ino).toBe(before.ino);
      expect(await setAside(ws)).toEqual([]);
      const runs = await call(host, 'library:list-runs', {});
      expect(runs).toHaveLength(truth.runs.length);
    } finally {
      await host.close();
    }
    const after = await readCache(ws);
    expect([after.problem, after.runs]).toEqual([null, truth.runs]);
  }, 180_000);
});
