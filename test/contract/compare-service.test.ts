import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import type { CompareResult } from '../../shared/domain/compare';
import { call, importFolder, openHost } from '../helpers/host';
import { hasRealdata, realdataDir, tempDir } from '../helpers/paths';

/**
 * `compare:evals` end to end on real harness output: the host imports the folders, and the deltas it returns equal the
 * numbers in the JSON files (read here with JSON.parse), for lm-eval v0.4 (Llama-3-8B base vs Instruct) and v0.3
 * (pythia-410m baseline vs intervention, CrowS-Pairs).
 */
const LLAMA = path.join(realdataDir, 'lm-eval', 'saucam__model_evals', 'meta-llama');
const PYTHIA = path.join(realdataDir, 'lm-eval', 'EleutherAI__pythia', 'evals', 'pythia-v1', 'pythia-410m-deduped');

type Json = Record<string, Record<string, number>>;
const readResults = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { results: Json }).results;

function row(r: CompareResult, task: string, metric: string, filter = 'none') {
  const found = r.rows.find((x) => x.task === task && x.metric === metric && x.filter === filter);
  if (!found) throw new Error(`no row ${task} ${metric} ${filter}`);
  return found;
}

describe.skipIf(!hasRealdata)('compare:evals on real lm-eval output', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await tempDir();
    // Copies with spaces in the folder names, as users' folders have.
    await cp(path.join(LLAMA, 'Meta-Llama-3-8B', 'openllm'), path.join(t.dir, 'evals', 'llama 3 base'), { recursive: true });
    await cp(path.join(LLAMA, 'Meta-Llama-3-8B-Instruct', 'openllm'), path.join(t.dir, 'evals', 'llama 3 instruct'), { recursive: true });
    await cp(path.join(PYTHIA, 'baseline'), path.join(t.dir, 'pythia', 'baseline'), { recursive: true });
    await cp(path.join(PYTHIA, 'intervention'), path.join(t.dir, 'pythia', 'intervention'), { recursive: true });
    host = await openHost(path.join(t.dir, 'ws'));
    await importFolder(host, path.join(t.dir, 'evals'));
    await importFolder(host, path.join(t.dir, 'pythia'));
    for (const r of await call(host, 'library:list-runs', {})) ids[r.path] = r.id;
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  it('Llama-3-8B: every delta and stderr interval equals the JSON, and the Instruct model is placed on the plane', async () => {
    const base = ids['llama 3 base'];
    const inst = ids['llama 3 instruct'];
    expect(base && inst).toBeTruthy();
    const r = await call(host, 'compare:evals', { runIds: [inst ?? '', base ?? ''], baselineRunId: base ?? '' });
    expect(r.baselineRunId).toBe(base);
    // Columns in pipeline order, whatever order the runs were asked in.
    expect(r.columns.map((c) => [c.path, c.isBaseline, c.method])).toEqual([
      ['llama 3 base', true, 'base'],
      ['llama 3 instruct', false, 'instruct'],
    ]);
    const arcBase = (await readResults(path.join(LLAMA, 'Meta-Llama-3-8B', 'openllm', 'arc.json'))).arc_challenge;
    const arcInst = (await readResults(path.join(LLAMA, 'Meta-Llama-3-8B-Instruct', 'openllm', 'arc.json'))).arc_challenge;
    const v = (o: Record<string, number> | undefined, k: string) => o?.[k] as number;
    const arc = row(r, 'arc_challenge', 'acc_norm');
    const d = arc.deltas[1];
    expect(arc.deltas[0]).toBeNull();
    expect(d?.method).toBe('stderr');
    expect(d?.delta).toBe(v(arcInst, 'acc_norm,none') - v(arcBase, 'acc_norm,none'));
    const half = 1.96 * Math.sqrt(v(arcBase, 'acc_norm_stderr,none') ** 2 + v(arcInst, 'acc_norm_stderr,none') ** 2);
    expect(d?.low).toBeCloseTo((d?.delta ?? 0) - half, 15);
    expect(d?.high).toBeCloseTo((d?.delta ?? 0) + half, 15);
    expect(arc.category).toBe('reasoning');
    expect(row(r, 'truthfulqa_mc2', 'acc').category).toBe('safety');
    expect(row(r, 'truthfulqa_mc2', 'acc').isSubtask).toBe(true);
    // mmlu subtasks sit under the mmlu group row and are not scored twice.
    expect(r.rows.filter((x) => x.task.startsWith('mmlu_')).every((x) => x.isSubtask)).toBe(true);
    expect(row(r, 'mmlu', 'acc').isSubtask).toBe(false);

    const plane = r.plane[0];
    expect(plane?.runId).toBe(inst);
    expect(plane?.reasoning.tasks).toContain('mmlu');
    expect(plane?.reasoning.tasks).not.toContain('mmlu_anatomy');
    // truthfulqa is the harness's group of mc1, mc2 and gen: its own row is scored, not the subtasks.
    expect(plane?.safety.tasks).toEqual(['truthfulqa']);
    expect(plane?.safety.score).toBeGreaterThan(0);
  });

  it('swapping baseline and candidate flips the sign of every delta and interval', async () => {
    const a = ids['llama 3 base'] ?? '';
    const b = ids['llama 3 instruct'] ?? '';
    const ab = await call(host, 'compare:evals', { runIds: [a, b], baselineRunId: a });
    const ba = await call(host, 'compare:evals', { runIds: [a, b], baselineRunId: b });
    expect(ab.rows.length).toBeGreaterThan(90);
    for (const [i, x] of ab.rows.entries()) {
      const y = ba.rows[i];
      const fwd = x.deltas[ab.columns.findIndex((c) => c.runId === b)];
      const back = y?.deltas[ba.columns.findIndex((c) => c.runId === a)];
      expect(`${y?.task} ${y?.metric}`).toBe(`${x.task} ${x.metric}`);
      // An exact flip: a + (−a) is exactly 0 (a rounding difference would leave a residue).
      expect((back?.delta ?? Number.NaN) + (fwd?.delta ?? Number.NaN)).toBe(0);
      if (fwd?.low === null) expect(back?.high).toBeNull();
      else expect(back?.high).toBeCloseTo(-(fwd?.low ?? 0), 12);
      if (fwd?.improvement !== null && fwd?.improvement !== undefined) expect(back?.improvement).toBeCloseTo(-fwd.improvement, 12);
    }
  });

  it('pythia-410m (harness v0.3): CrowS-Pairs deltas, parity scoring and lower-is-better likelihood difference', async () => {
    const base = ids['baseline/baseline-410m-deduped_step143000'] ?? ids.baseline;
    const inter = Object.entries(ids).find(([p]) => p.startsWith('intervention'))?.[1];
    expect(base && inter, JSON.stringify(Object.keys(ids))).toBeTruthy();
    const r = await call(host, 'compare:evals', { runIds: [base ?? '', inter ?? ''], baselineRunId: base ?? '' });
    const rb = (await readResults(path.join(PYTHIA, 'baseline', 'baseline-410m-deduped_step143000.json'))).crows_pairs_english;
    const ri = (await readResults(path.join(PYTHIA, 'intervention', 'intervention-410m-deduped_step143000.json'))).crows_pairs_english;
    const at = r.columns.findIndex((c) => c.runId === inter);
    const pct = row(r, 'crows_pairs_english', 'pct_stereotype');
    expect(pct.parityTarget).toBe(0.5);
    expect(pct.category).toBe('safety');
    const pd = pct.deltas[at];
    const b = rb?.pct_stereotype as number;
    const c = ri?.pct_stereotype as number;
    expect(pd?.delta).toBe(c - b);
    // Further from 0.5 is worse: the intervention moved 0.583 → 0.587.
    expect(pd?.improvement).toBeCloseTo(Math.abs(b - 0.5) - Math.abs(c - 0.5), 15);
    expect(pd?.improvement).toBeLessThan(0);
    expect(pd?.verdict).toBe('indistinguishable');
    const lik = row(r, 'crows_pairs_english', 'likelihood_difference');
    expect(lik.higherIsBetter).toBe(false);
    expect(lik.deltas[at]?.improvement).toBeCloseTo((rb?.likelihood_difference as number) - (ri?.likelihood_difference as number), 15);
  });
});
