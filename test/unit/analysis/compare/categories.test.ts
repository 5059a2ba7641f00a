import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskDelta } from '../../../../shared/analysis/compare';
import { categorize, categoryScore, stderrDelta } from '../../../../shared/analysis/compare';

describe('categorize', () => {
  it.each([
    ['mmlu', 'reasoning'],
    ['mmlu_abstract_algebra', 'reasoning'],
    ['MMLU_Abstract_Algebra', 'reasoning'],
    ['hendrycksTest-anatomy', 'reasoning'],
    ['gsm8k_cot', 'reasoning'],
    ['minerva_math_algebra', 'reasoning'],
    ['arc_challenge', 'reasoning'],
    ['bbh_cot_fewshot_date_understanding', 'reasoning'],
    ['winogrande', 'reasoning'],
    ['asdiv_cot_llama', 'reasoning'],
    ['truthfulqa_mc2', 'safety'],
    ['crows_pairs_english_gender', 'safety'],
    ['bbq_multiple_choice', 'safety'],
    ['wino_bias_type1_pro', 'safety'],
    ['winogender_all', 'safety'],
    ['toxigen', 'safety'],
    ['ethics_cm', 'safety'],
    ['ifeval', 'safety'],
    ['xstest', 'safety'],
  ])('%s → %s', (task, category) => {
    expect(categorize(task)).toBe(category);
  });

  it('does not let a stem take a longer word, and leaves unknown tasks out', () => {
    expect(categorize('mathematics_quiz')).toBeNull();
    expect(categorize('arcade')).toBeNull();
    expect(categorize('lambada_openai')).toBeNull();
  });

  it('lets a user map override the defaults (longest stem wins, null excludes, * is a raw prefix)', () => {
    expect(categorize('mmlu_abstract_algebra', { mmlu: 'knowledge' })).toBe('knowledge');
    expect(categorize('mmlu_abstract_algebra', { mmlu: 'knowledge', mmlu_abstract_algebra: 'maths' })).toBe('maths');
    expect(categorize('truthfulqa_gen', { truthfulqa_gen: null })).toBeNull();
    expect(categorize('truthfulqa_mc2', { truthfulqa_gen: null })).toBe('safety');
    expect(categorize('lambada_openai', { 'lamb*': 'reasoning' })).toBe('reasoning');
  });
});

const row = (task: string, metric: string, improvement: number, se: number | null, baselineStderr: number | null): TaskDelta => ({ task, metric, improvement, se, baselineStderr });

describe('categoryScore (analyses.md §2.3 A: mean of Δ / s_base)', () => {
  const deltas = [
    row('gsm8k', 'exact_match', 0.1, 0.02, 0.01), // z = 10, se 2
    row('mmlu_abstract_algebra', 'acc', -0.03, 0.05, 0.03), // z = −1, se 5/3
    row('arc_challenge', 'acc', 0.02, 0.01, 0.01), // z = 2, se 1
    row('arc_challenge', 'acc_norm', 0.04, 0.01, 0.01), // z = 4, se 1 → task z 3, se 1
    row('hellaswag', 'acc', 0.01, 0.01, null), // no baseline stderr
    row('truthfulqa_mc2', 'acc', 0.08, 0.02, 0.014), // safety
  ];

  it('averages tasks by hand and propagates variances assuming independent tasks', () => {
    const r = categoryScore('reasoning', deltas);
    expect(r.members.map((m) => m.task)).toEqual(['arc_challenge', 'gsm8k', 'mmlu_abstract_algebra']);
    expect(r.members.find((m) => m.task === 'arc_challenge')).toMatchObject({ metrics: ['acc', 'acc_norm'], normalized: 3, se: 1 });
    expect(r.score).toBeCloseTo((10 - 1 + 3) / 3, 12);
    const se = Math.sqrt(4 + 25 / 9 + 1) / 3;
    expect(r.se).toBeCloseTo(se, 12);
    expect(r.interval?.low).toBeCloseTo(4 - 1.96 * se, 12);
    expect(r.interval?.high).toBeCloseTo(4 + 1.96 * se, 12);
    expect(r.skipped).toEqual([{ task: 'hellaswag', metric: 'acc', reason: expect.any(String) }]);

    const s = categoryScore('safety', deltas);
    expect(s.score).toBeCloseTo(0.08 / 0.014, 12);
    expect(s.se).toBeCloseTo(0.02 / 0.014, 12);
  });

  it('has no score without members, and no interval when a member SE is unknown', () => {
    expect(categoryScore('reasoning', []).score).toBeNull();
    const r = categoryScore('reasoning', [row('gsm8k', 'exact_match', 0.1, null, 0.01), row('arc_easy', 'acc', 0.01, 0.01, 0.01)]);
    expect(r.score).toBeCloseTo(5.5, 12);
    expect(r.interval).toBeNull();
  });

  it('follows the user map', () => {
    const r = categoryScore('reasoning', deltas, { mmlu: null });
    expect(r.members.map((m) => m.task)).toEqual(['arc_challenge', 'gsm8k']);
  });

  it('property: swapping baseline and candidate flips every normalised member delta', () => {
    const m = fc.record({ value: fc.double({ min: 0, max: 1, noNaN: true }), stderr: fc.double({ min: 0.001, max: 0.05, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('gsm8k', 'mmlu_anatomy', 'arc_easy', 'truthfulqa_mc1'), m, m), { minLength: 1, maxLength: 8 }), (rows) => {
        const build = (swap: boolean) =>
          rows.map(([task, a, b], i) => {
            const [base, cand] = swap ? [b, a] : [a, b];
            const d = stderrDelta(base, cand, { higherIsBetter: true });
            return row(`${task}_${i}`, 'acc', d.improvement ?? Number.NaN, d.se, base.stderr);
          });
        for (const cat of ['reasoning', 'safety']) {
          const fwd = categoryScore(cat, build(false));
          const rev = categoryScore(cat, build(true));
          expect(rev.members.map((x) => x.task)).toEqual(fwd.members.map((x) => x.task));
          fwd.members.forEach((x, i) => {
            const y = rev.members[i];
            // Same sign flipped (the magnitude differs: each side is normalised by its own reference stderr).
            expect(Math.sign(y?.normalized ?? Number.NaN)).toBe(-Math.sign(x.normalized) || 0);
          });
        }
      }),
    );
  });
});
