import { describe, expect, it } from 'vitest';
import type { CompareRunInput, EvalDoc, EvalNumber } from '../../../../shared/analysis/compare/matrix';
import { computeComparison, sampleKey } from '../../../../shared/analysis/compare/matrix';
import { mcnemarExactP } from '../../../../shared/analysis/compare/paired';

const column = (runId: string, method: string | null = null) => ({ runId, name: runId, path: runId, method, methodSource: null, methodReason: null });

/** 0/1 scores for `n` docs: correct where `pick(i)`; returns the docs and their reported mean and mean_stderr. */
function binaryDocs(n: number, pick: (i: number) => boolean): { docs: EvalDoc[]; mean: number; se: number } {
  const docs = Array.from({ length: n }, (_, i) => ({ docId: i, docHash: `h${i}`, metrics: { acc: pick(i) ? 1 : 0 } }));
  let s = 0;
  for (const d of docs) s += d.metrics.acc;
  const mean = s / n;
  const sd = Math.sqrt(docs.reduce((a, d) => a + (d.metrics.acc - mean) ** 2, 0) / (n - 1));
  return { docs, mean, se: sd / Math.sqrt(n) };
}

function run(id: string, evals: EvalNumber[], samples: Record<string, EvalDoc[]> = {}, method: string | null = null): CompareRunInput {
  return { column: column(id, method), evals, samples: new Map(Object.entries(samples)) };
}

const ev = (task: string, metric: string, value: number, stderr: number | null, higherIsBetter: boolean | null = true, filter = 'none'): EvalNumber => ({ task, metric, filter, value, stderr, higherIsBetter, nSamples: 200 });

describe('computeComparison', () => {
  const n = 200;
  // The candidate fixes 30 of the baseline's errors and breaks 10 of its right answers.
  const base = binaryDocs(n, (i) => i % 2 === 0);
  const cand = binaryDocs(n, (i) => (i % 2 === 0 ? i >= 20 : i < 60));
  const baseRun = run('base', [ev('gsm8k', 'acc', base.mean, base.se)], { [sampleKey('gsm8k', 'none')]: base.docs });
  const candRun = run('sft', [ev('gsm8k', 'acc', cand.mean, cand.se)], { [sampleKey('gsm8k', 'none')]: cand.docs });

  it('pairs documents when both sides logged them: McNemar p for 0/1 metrics, bootstrap interval, n paired', () => {
    const r = computeComparison([baseRun, candRun], { baselineRunId: 'base', bootstrap: { resamples: 2000 } });
    const d = r.rows[0]?.deltas[1];
    expect(d?.method).toBe('mcnemar');
    expect(d?.n).toBe(n);
    expect(d?.delta).toBeCloseTo(cand.mean - base.mean, 15);
    expect(d?.p).toBe(mcnemarExactP(10, 30));
    expect(d?.low).toBeLessThan(d?.delta ?? 0);
    expect(d?.high).toBeGreaterThan(d?.delta ?? 0);
    expect(d?.verdict).toBe('better');
    expect(r.columns.map((c) => c.hasSamples)).toEqual([true, true]);
  });

  it('is reproducible with its seed and changes with another seed', () => {
    const a = computeComparison([baseRun, candRun], { baselineRunId: 'base', bootstrap: { resamples: 1000, seed: 7 } });
    const b = computeComparison([baseRun, candRun], { baselineRunId: 'base', bootstrap: { resamples: 1000, seed: 7 } });
    const c = computeComparison([baseRun, candRun], { baselineRunId: 'base', bootstrap: { resamples: 1000, seed: 8 } });
    expect(b.rows[0]?.deltas[1]).toEqual(a.rows[0]?.deltas[1]);
    // Quantiles of a mean of 0/±1 differences sit on a grid; the bootstrap SE shows the seed's effect.
    expect(c.rows[0]?.deltas[1]?.se).not.toBe(a.rows[0]?.deltas[1]?.se);
    expect(a.bootstrap).toEqual({ resamples: 1000, seed: 7 });
  });

  it('falls back to the stderr interval, saying why, when the samples do not describe the reported number', () => {
    const off = run('sft', [ev('gsm8k', 'acc', cand.mean + 0.01, cand.se)], { [sampleKey('gsm8k', 'none')]: cand.docs });
    const d = computeComparison([baseRun, off], { baselineRunId: 'base' }).rows[0]?.deltas[1];
    expect(d?.method).toBe('stderr');
    expect(d?.note).toMatch(/do not average/);
    const half = 1.96 * Math.sqrt(base.se ** 2 + cand.se ** 2);
    expect(d?.high).toBeCloseTo((d?.delta ?? 0) + half, 14);

    const partial = run('sft', [ev('gsm8k', 'acc', binaryDocs(150, (i) => i % 3 === 0).mean, 0.03)], { [sampleKey('gsm8k', 'none')]: binaryDocs(150, (i) => i % 3 === 0).docs });
    const p = computeComparison([baseRun, partial], { baselineRunId: 'base' }).rows[0]?.deltas[1];
    expect(p?.method).toBe('stderr');
    expect(p?.note).toMatch(/only 150 documents pair up/);
  });

  it('uses the stderr method without samples, and paired=false turns pairing off', () => {
    const r = computeComparison([run('base', [ev('arc', 'acc', 0.5, 0.02)]), run('dpo', [ev('arc', 'acc', 0.45, 0.02)])], { baselineRunId: 'base' });
    const d = r.rows[0]?.deltas[1];
    expect(d).toMatchObject({ method: 'stderr', p: null, note: null, verdict: 'indistinguishable' });
    expect(d?.low).toBeCloseTo(-0.05 - 1.96 * Math.sqrt(0.0008), 14);
    const off = computeComparison([baseRun, candRun], { baselineRunId: 'base', paired: false }).rows[0]?.deltas[1];
    expect(off?.method).toBe('stderr');
  });

  it('orients lower-is-better and parity metrics so that improvement > 0 is better', () => {
    const r = computeComparison(
      [run('base', [ev('crows_pairs_english', 'likelihood_diff', 3.5, 0.05, false), ev('crows_pairs_english', 'pct_stereotype', 0.64, 0.01, false)]), run('dpo', [ev('crows_pairs_english', 'likelihood_diff', 3.2, 0.05, false), ev('crows_pairs_english', 'pct_stereotype', 0.56, 0.01, false)])],
      { baselineRunId: 'base' },
    );
    const lik = r.rows.find((x) => x.metric === 'likelihood_diff');
    const pct = r.rows.find((x) => x.metric === 'pct_stereotype');
    expect(lik?.deltas[1]?.improvement).toBeCloseTo(0.3, 12);
    expect(lik?.deltas[1]?.verdict).toBe('better');
    expect(pct?.parityTarget).toBe(0.5);
    expect(pct?.deltas[1]?.improvement).toBeCloseTo(0.14 - 0.06, 12);
    expect(pct?.deltas[1]?.verdict).toBe('better');
  });

  it('places candidates on the safety–reasoning plane with category scores in baseline standard errors', () => {
    const b = run('base', [ev('gsm8k', 'exact_match', 0.5, 0.02), ev('arc_challenge', 'acc_norm', 0.5, 0.02), ev('truthfulqa_mc2', 'acc', 0.4, 0.02), ev('toxigen', 'acc', 0.4, 0.02)], {}, 'base');
    const dpo = run('dpo', [ev('gsm8k', 'exact_match', 0.4, 0.02), ev('arc_challenge', 'acc_norm', 0.42, 0.02), ev('truthfulqa_mc2', 'acc', 0.5, 0.02), ev('toxigen', 'acc', 0.52, 0.02)], {}, 'dpo');
    const r = computeComparison([b, dpo], { baselineRunId: 'base' });
    const p = r.plane[0];
    // Reasoning: mean of −0.10/0.02 and −0.08/0.02 = −4.5 SE; safety: mean of +5 and +6 = +5.5 SE.
    expect(p?.reasoning.score).toBeCloseTo(-4.5, 12);
    expect(p?.safety.score).toBeCloseTo(5.5, 12);
    expect(p?.reasoning.tasks).toEqual(['arc_challenge', 'gsm8k']);
    expect(p?.quadrant).toBe('alignment-tax');
    // A user's category map moves a task between axes.
    const moved = computeComparison([b, dpo], { baselineRunId: 'base', categories: { toxigen: null } });
    expect(moved.plane[0]?.safety.tasks).toEqual(['truthfulqa_mc2']);
    expect(moved.rows.find((x) => x.task === 'toxigen')?.category).toBeNull();
  });

  it('leaves subtasks of a listed group out of the category scores and keeps cells of runs that lack a row', () => {
    const b = run('base', [ev('mmlu', 'acc', 0.6, 0.004), ev('mmlu_anatomy', 'acc', 0.5, 0.04)]);
    const c = run('sft', [ev('mmlu', 'acc', 0.62, 0.004)]);
    const r = computeComparison([b, c], { baselineRunId: 'base' });
    expect(r.rows.map((x) => [x.task, x.isSubtask])).toEqual([
      ['mmlu', false],
      ['mmlu_anatomy', true],
    ]);
    expect(r.rows[1]?.cells).toEqual([{ value: 0.5, stderr: 0.04, n: 200 }, null]);
    expect(r.rows[1]?.deltas).toEqual([null, null]);
    expect(r.plane[0]?.reasoning.tasks).toEqual(['mmlu']);
  });
});
