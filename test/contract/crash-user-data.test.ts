/**
 * kill -9 during a save of user data (issue 12 §6), the pattern of annotations-crash.test.ts applied to the reports
 * and to workspace.json (folder list, recent folders, comparison settings): a writer child saves numbered versions
 * (test/helpers/crash-versions.ts) and is killed at seeded random points. After each kill every file is exactly one
 * version, the last acknowledged or the one being written, never empty and never a mix, and the app's readers load it
 * without a problem.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/db/engine';
import { LibraryService } from '../../main/services/library';
import { ReportsService } from '../../main/services/reports';
import { WorkspaceStore } from '../../main/services/workspace-store';
import type { Prng } from '../../shared/util/prng';
import { seededPrng } from '../../shared/util/prng';
import { reportVersion, workspaceVersion } from '../helpers/crash-versions';
import { call, openHost } from '../helpers/host';
import { HOST_NODE_ARGS, runAndKill, TS_NODE_ARGS } from '../helpers/kill-child';
import { tempDir } from '../helpers/paths';

/** Starts a writer at version `first`, lets it acknowledge a seeded number of saves, kills it a seeded few ms later; returns the last acknowledged version. */
async function killWriter(script: string, dir: string, first: number, nodeArgs: readonly string[], rng: Prng): Promise<number> {
  const saves = 3 + rng.nextInt(20);
  const extraMs = rng.nextInt(15);
  let seen = 0;
  const run = await runAndKill(script, [dir, String(first)], { decide: (line) => (/^saved \d+$/.test(line) && ++seen === saves ? extraMs : null) }, { nodeArgs });
  const acked = run.lines.map((l) => /^saved (\d+)$/.exec(l)).filter((m) => m !== null);
  return Number(acked[acked.length - 1]?.[1] ?? first - 1);
}

/** Reads a file as the raw JSON on disk: never empty, always one whole document. */
async function onDisk(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  expect(text.length).toBeGreaterThan(0);
  return JSON.parse(text);
}

describe('kill -9 during a save of user data', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    t = await tempDir('runlens-crash-user-data-');
  });
  afterAll(() => t.cleanup());

  it('workspace.json (folder list, recent folders, settings) is always the last acknowledged version or the one in flight', async () => {
    const rng = seededPrng(41);
    const dir = path.join(t.dir, 'workspace');
    const file = path.join(dir, 'workspace.json');
    let next = 1;
    for (let round = 0; round < 6; round++) {
      const acked = await killWriter('test/helpers/workspace-writer.ts', dir, next, TS_NODE_ARGS, rng);
      expect(acked, `round ${round}`).toBeGreaterThanOrEqual(next);
      const raw = await onDisk(file);
      const landed = [acked, acked + 1].find((k) => isDeepStrictEqual(raw, workspaceVersion(k)));
      expect(landed, `round ${round}: acknowledged ${acked}`).toBeDefined();
      const version = landed ?? -1;
      const { store, problem } = await WorkspaceStore.open(dir);
      expect(problem, `round ${round}`).toBeNull();
      expect(store.snapshot, `round ${round}`).toEqual(workspaceVersion(version));
      next = version + 1;
    }
    // The app reads it back through its handlers: the folder list, the recent folders, the comparison settings.
    const expected = workspaceVersion(next - 1);
    const host = await openHost(dir);
    try {
      const info = await call(host, 'app:get-info', {});
      expect([info.notices, info.recentFolders]).toEqual([[], expected.recentFolders]);
      expect((await call(host, 'library:list-sources', {})).map((s) => s.id).sort()).toEqual(expected.sources.map((s) => s.id).sort());
      expect(await call(host, 'compare:get-settings', {})).toEqual(expected.compare);
    } finally {
      await host.close();
    }
  }, 180_000);

  it('each report file is always its last acknowledged version or the one in flight', async () => {
    const rng = seededPrng(42);
    const dir = path.join(t.dir, 'reports-ws');
    const fileOf = (id: string) => path.join(dir, 'reports', `${id}.json`);
    const idOf = (k: number) => reportVersion(k).id;
    /** The newest version ≤ k saved under `id` (0: none yet). */
    const lastOf = (id: string, k: number) => Array.from({ length: k }, (_, i) => k - i).find((v) => idOf(v) === id) ?? 0;
    let next = 1;
    for (let round = 0; round < 5; round++) {
      const acked = await killWriter('test/helpers/report-writer.ts', dir, next, HOST_NODE_ARGS, rng);
      expect(acked, `round ${round}`).toBeGreaterThanOrEqual(next);
      let newest = 0;
      for (const id of ['alpha', 'beta']) {
        const allowed = [lastOf(id, acked), ...(idOf(acked + 1) === id ? [acked + 1] : [])];
        const raw = await onDisk(fileOf(id));
        const landed = allowed.find((k) => isDeepStrictEqual(raw, reportVersion(k)));
        expect(landed, `round ${round}, ${id}: acknowledged ${acked}`).toBeDefined();
        newest = Math.max(newest, landed ?? 0);
      }
      next = newest + 1;
    }
    // The app's reader lists and opens both, each as the version on disk.
    const engine = await Engine.open(':memory:');
    try {
      const reports = new ReportsService(dir, engine, new LibraryService(engine), 'test');
      const listed = await reports.list();
      expect(listed.map((r) => r.id).sort()).toEqual(['alpha', 'beta']);
      for (const id of ['alpha', 'beta']) {
        const spec = await reports.get(id);
        expect(spec).toEqual(reportVersion(spec.updatedAtMs));
        expect(spec.updatedAtMs).toBe(lastOf(id, next - 1));
      }
    } finally {
      await engine.close();
    }
  }, 180_000);
});
