/**
 * Crash safety of the import (issue 12 §6): a child process imports a generated library of a few seconds' work and
 * is killed with SIGKILL at seeded points: while the folder is being added, before the first run is committed,
 * mid-way, near the end, during DuckDB's checkpoint at close, and twice in a row (the second time while the restart
 * resumes). After each kill the workspace must reopen as it was left: every run the child saw committed is there
 * with exactly its points, no run is half-stored, and importing the folder again reads only what was missing and ends
 * equal to a clean import.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceStore } from '../../main/services/workspace-store';
import type { Prng } from '../../shared/util/prng';
import { seededPrng } from '../../shared/util/prng';
import type { CacheDigest, StoredRun } from '../helpers/crash-library';
import { generateLibrary, importAll, readCache } from '../helpers/crash-library';
import { call, openHost } from '../helpers/host';
import type { ChildRun, KillAt } from '../helpers/kill-child';
import { HOST_NODE_ARGS, runAndKill } from '../helpers/kill-child';
import { tempDir } from '../helpers/paths';

const CHILD = 'test/helpers/import-child.ts';
/** About 1.5–2 s of import on one idle core: long enough to land kills inside it, short enough for CI. */
const LIBRARY = { runs: 40, points: 400_000, seed: 12 };

describe('kill -9 during an import', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let library: string;
  let truth: CacheDigest;
  let truthById: Map<string, StoredRun>;
  let workspaces = 0;
  const freshWorkspace = () => path.join(t.dir, `ws-${workspaces++}`);

  beforeAll(async () => {
    t = await tempDir('runlens-crash-import-');
    library = path.join(t.dir, 'library');
    const summary = await generateLibrary(library, LIBRARY);
    // Ground truth: a clean import, checked against what the generator wrote.
    const ws = freshWorkspace();
    const host = await openHost(ws);
    const dones = await importAll(host, library);
    await host.close();
    expect(dones.map((d) => [d.runsImported, d.error])).toEqual([[summary.runs, null]]);
    const read = await readCache(ws);
    expect(read.problem).toBeNull();
    truth = read;
    expect(truth.orphans).toBe(0);
    expect(truth.runs).toHaveLength(summary.runs);
    expect(truth.runs.reduce((a, r) => a + r.storedPoints, 0)).toBe(summary.points);
    for (const r of truth.runs) expect(r.declaredPoints, r.id).toBe(r.storedPoints);
    truthById = new Map(truth.runs.map((r) => [r.id, r]));
  }, 180_000);
  afterAll(() => t.cleanup());

  /** The runs the child reported committed (id → points), from its lines. */
  const committedIn = (lines: readonly string[]): Map<string, number> => {
    const out = new Map<string, number>();
    for (const l of lines) {
      const m = /^committed (\d+) (.+)$/.exec(l);
      if (m) out.set(m[2] ?? '', Number(m[1]));
    }
    return out;
  };

  const kill = (ws: string, at: KillAt): Promise<ChildRun> => runAndKill(CHILD, [ws, library], at, { nodeArgs: HOST_NODE_ARGS, timeoutMs: 150_000 });

  /** Kills once the child has reported `n` committed runs (of this session or an earlier one), after 0–`jitter` ms. */
  const afterCommits = (n: number, jitter: number, rng: Prng): KillAt => ({
    decide: (_line, lines) => (committedIn(lines).size >= n ? rng.nextInt(jitter + 1) : null),
  });
  const onLine = (wanted: string, jitter: number, rng: Prng): KillAt => ({ decide: (line) => (line === wanted ? rng.nextInt(jitter + 1) : null) });

  /**
   * What a restart finds, checked on the cache itself before any host touches it, then through a host: it opens
   * without a notice, importing the folder again reads exactly the runs that were missing, and the library ends
   * equal to the clean import.
   */
  async function expectRecovers(ws: string, run: ChildRun, label: string): Promise<{ present: number }> {
    const committed = committedIn(run.lines);
    const after = await readCache(ws);
    expect(after.problem, label).toBeNull();
    expect(after.orphans, label).toBe(0);
    // No run half-stored: each one there equals the clean import's, row counts and point hash alike.
    for (const r of after.runs) expect(r, `${label}: ${r.id}`).toEqual(truthById.get(r.id));
    // Every run the child saw committed survived, with the points it saw.
    const present = new Set(after.runs.map((r) => r.id));
    for (const [id, points] of committed) {
      expect(present.has(id), `${label}: ${id} was committed`).toBe(true);
      expect(points, `${label}: ${id}`).toBe(truthById.get(id)?.storedPoints);
    }
    // The folder list is whole too (the add-source write may or may not have landed).
    expect((await WorkspaceStore.open(ws)).problem, label).toBeNull();

    const host = await openHost(ws);
    let dones;
    try {
      dones = await importAll(host, library);
      expect((await call(host, 'app:get-info', {})).notices, label).toEqual([]);
    } finally {
      await host.close();
    }
    expect(dones.every((d) => d.error === null && !d.cancelled), `${label}: ${JSON.stringify(dones)}`).toBe(true);
    // Resumed: what was stored is skipped by fingerprint, only the rest is read.
    expect(dones.reduce((a, d) => a + d.runsImported, 0), label).toBe(truth.runs.length - after.runs.length);
    const final = await readCache(ws);
    expect(final.problem, label).toBeNull();
    expect(final.orphans, label).toBe(0);
    expect(final.runs, label).toEqual(truth.runs);
    return { present: after.runs.length };
  }

  it('while the folder is being added', async () => {
    const rng = seededPrng(101);
    const ws = freshWorkspace();
    const run = await kill(ws, onLine('opened', 30, rng));
    const { present } = await expectRecovers(ws, run, 'adding');
    expect(present).toBeLessThan(truth.runs.length);
  }, 180_000);

  it('before the first run is committed', async () => {
    const rng = seededPrng(102);
    const ws = freshWorkspace();
    const run = await kill(ws, onLine('phase scanning', 2, rng));
    expect(committedIn(run.lines.slice(0, run.linesAtKill)).size).toBe(0);
    const { present } = await expectRecovers(ws, run, 'before first commit');
    expect(present).toBeLessThan(truth.runs.length);
  }, 180_000);

  it('mid-way, at a seeded point', async () => {
    const rng = seededPrng(103);
    const ws = freshWorkspace();
    const n = Math.floor(truth.runs.length * (0.25 + 0.5 * rng.next()));
    const run = await kill(ws, afterCommits(n, 20, rng));
    const { present } = await expectRecovers(ws, run, `mid-way (${n})`);
    expect(present).toBeGreaterThanOrEqual(n);
    expect(present).toBeLessThan(truth.runs.length);
  }, 180_000);

  it('near the end', async () => {
    const rng = seededPrng(104);
    const ws = freshWorkspace();
    const run = await kill(ws, afterCommits(truth.runs.length - 1 - rng.nextInt(3), 5, rng));
    const { present } = await expectRecovers(ws, run, 'near the end');
    expect(present).toBeGreaterThanOrEqual(truth.runs.length - 3);
  }, 180_000);

  it("during DuckDB's checkpoint when the host closes", async () => {
    const rng = seededPrng(105);
    let landed = 0;
    // The checkpoint writes the whole WAL into the file (≈ 100 ms here); a kill sent at `closing` lands inside it
    // unless the machine stalls, so a few attempts make sure at least one did.
    for (let attempt = 0; attempt < 3 && landed === 0; attempt++) {
      const ws = freshWorkspace();
      const run = await kill(ws, onLine('closing', 3, rng));
      if (!run.lines.includes('closed')) landed++;
      const { present } = await expectRecovers(ws, run, `checkpoint ${attempt}`);
      expect(present).toBe(truth.runs.length);
    }
    expect(landed).toBe(1);
  }, 300_000);

  it('twice in a row: mid-way, then again while the restart resumes', async () => {
    const rng = seededPrng(106);
    const ws = freshWorkspace();
    const first = await kill(ws, afterCommits(Math.floor(truth.runs.length / 3), 10, rng));
    const firstCount = committedIn(first.lines).size;
    // The restart reports the runs already there first, then the ones it stores: kill it after a few of those.
    const second = await kill(ws, afterCommits(firstCount + 3 + rng.nextInt(10), 10, rng));
    expect(committedIn(second.lines).size).toBeGreaterThan(firstCount);
    for (const id of committedIn(first.lines).keys()) expect(committedIn(second.lines).has(id), id).toBe(true);
    const { present } = await expectRecovers(ws, second, 'twice');
    expect(present).toBeLessThan(truth.runs.length);
  }, 300_000);
});
