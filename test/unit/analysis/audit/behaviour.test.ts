import { describe, expect, it } from 'vitest';
import { AuditFinding, BehaviourRow } from '../../../../shared/domain/audit';
import { behaviourFindings, behaviourRows, biasAmplification } from '../../../../shared/analysis/audit/behaviour';
import { IFEVAL_PROHIBITIONS, matchBehaviour, parseTaskName } from '../../../../shared/analysis/audit/behaviour-tasks';
import type { AuditRun, EvalRowIn, SampleIn } from '../../../../shared/analysis/audit/inputs';

const ev = (runId: string, task: string, metric: string, value: number, stderr: number | null, filter = 'none'): EvalRowIn => ({
  runId,
  task,
  metric,
  filter,
  value,
  stderr,
  nSamples: null,
});

const ifeval = (runId: string, docId: number | null, ids: string[], strict: (boolean | number)[], loose: (boolean | number)[] = strict): SampleIn => ({
  runId,
  task: 'ifeval',
  docId,
  target: '',
  response: '',
  metrics: {},
  category: null,
  extras: { instruction_id_list: ids, inst_level_strict_acc: strict, inst_level_loose_acc: loose },
});

const run = (runId: string, step: number | null = null): AuditRun => ({ runId, name: `${runId}-name`, step });
const BASE = run('base', 0);
const CHILD = run('child', 1000);

function rowOf(rows: readonly BehaviourRow[], runId: string, task: string, metric: string): BehaviourRow {
  const r = rows.find((x) => x.runId === runId && x.task === task && x.metric === metric);
  if (!r) throw new Error(`no row ${runId} ${task} ${metric}`);
  return r;
}

const ids = (fs: readonly AuditFinding[]) => fs.map((f) => f.id);

describe('task names (table in behaviour-tasks.ts)', () => {
  it('splits the promptsource `<task>+<prompt>` names and leaves plain ones alone', () => {
    expect(parseTaskName('wino_bias_type1_pro+What does p stand for')).toEqual({ base: 'wino_bias_type1_pro', prompt: 'What does p stand for' });
    expect(parseTaskName('wino_bias_type2_anti+refers_to')).toEqual({ base: 'wino_bias_type2_anti', prompt: 'refers_to' });
    expect(parseTaskName('truthfulqa_mc2')).toEqual({ base: 'truthfulqa_mc2', prompt: null });
  });

  it('reads TruthfulQA under harness v0.3 (truthfulqa_mc: mc1/mc2) and v0.4 (truthfulqa_mc1/_mc2: acc) alike', () => {
    const v03 = matchBehaviour('truthfulqa_mc', 'mc2');
    const v04 = matchBehaviour('truthfulqa_mc2', 'acc');
    expect(v03?.panel).toBe('hallucination');
    expect(v03?.group).toBe('mc2');
    expect(v04?.group).toBe('mc2');
    expect(v03?.label).toBe(v04?.label);
    expect(matchBehaviour('truthfulqa_mc', 'mc1')?.label).toBe(matchBehaviour('truthfulqa_mc1', 'acc')?.label);
    expect(matchBehaviour('truthfulqa_gen', 'bleu_acc')?.group).toBe('generation');
    expect(matchBehaviour('truthfulqa_gen', 'bleurt_acc')?.label).toMatch(/BLEURT acc/);
    // The generation diffs/maxes and the aggregate `truthfulqa` group are not panel numbers.
    expect(matchBehaviour('truthfulqa_gen', 'bleu_max')).toBeNull();
    expect(matchBehaviour('truthfulqa', 'acc')).toBeNull();
  });

  it('reads CrowS-Pairs categories per language, pct_stereotype only (ideal 0.5, no direction)', () => {
    const g = matchBehaviour('crows_pairs_english_gender', 'pct_stereotype');
    expect(g).toMatchObject({ panel: 'bias', group: 'english gender', ideal: 0.5, higherIsBetter: null, label: 'CrowS-Pairs English gender: % stereotyped' });
    expect(matchBehaviour('crows_pairs_french_race_color', 'pct_stereotype')?.group).toBe('french race color');
    expect(matchBehaviour('crows_pairs_english', 'pct_stereotype')).toMatchObject({ group: 'english all', label: 'CrowS-Pairs English (all categories): % stereotyped' });
    expect(matchBehaviour('crows_pairs_english_gender', 'likelihood_difference')).toBeNull();
  });

  it('reads BBQ bias scores (category from the metric suffix or the task) and accuracies', () => {
    expect(matchBehaviour('bbq_multiple_choice', 'amb_bias_score_Gender_identity')).toMatchObject({ group: 'gender identity', ideal: 0, higherIsBetter: null });
    expect(matchBehaviour('bbq_multiple_choice', 'disamb_bias_score')).toMatchObject({ group: 'overall', ideal: 0 });
    expect(matchBehaviour('bbq_generate_ambig', 'accuracy_amb')).toMatchObject({ group: 'overall', higherIsBetter: true, ideal: null });
    expect(matchBehaviour('bbq_race_ses_disambig', 'accuracy_disamb')?.group).toBe('race ses');
    expect(matchBehaviour('bbq_age', 'amb_bias_score')?.group).toBe('age');
    expect(matchBehaviour('bbq', 'acc')).toBeNull();
  });

  it('reads WinoBias pro/anti with and without a promptsource prompt', () => {
    expect(matchBehaviour('wino_bias_type2_anti+refers_to', 'em')).toMatchObject({ panel: 'bias', group: 'type 2', label: 'WinoBias type 2, anti-stereotypical: em [prompt: refers_to]' });
    expect(matchBehaviour('wino_bias_type1_pro', 'acc')?.label).toBe('WinoBias type 1, pro-stereotypical: acc');
  });

  it('reads IFEval and ToxiGen, and ignores unrelated tasks', () => {
    expect(matchBehaviour('ifeval', 'prompt_level_strict_acc')).toMatchObject({ panel: 'negative-constraint', group: 'overall', label: 'IFEval prompt-level accuracy (strict)' });
    expect(matchBehaviour('ifeval', 'inst_level_loose_acc')?.label).toBe('IFEval instruction-level accuracy (loose)');
    expect(matchBehaviour('realtoxicityprompts', 'score')).toMatchObject({ panel: 'toxicity', higherIsBetter: false });
    expect(matchBehaviour('hellaswag', 'acc')).toBeNull();
    expect(matchBehaviour('winogrande', 'acc')).toBeNull();
  });
});

describe('behaviourRows', () => {
  it('keeps one number per run × task × metric, filter none first, and drops _stderr metrics', () => {
    const rows = behaviourRows(
      [
        ev('a', 'ifeval', 'prompt_level_strict_acc', 0.5, 0.02, 'remove-think'),
        ev('a', 'ifeval', 'prompt_level_strict_acc', 0.4, 0.02, 'none'),
        ev('a', 'ifeval', 'prompt_level_strict_acc_stderr', 0.02, null),
        ev('a', 'truthfulqa_mc2', 'acc', 0.41, 0.014, 'strict'),
        ev('a', 'hellaswag', 'acc', 0.6, 0.01),
      ],
      [],
    );
    expect(rows.map((r) => [r.task, r.metric, r.value])).toEqual([
      ['truthfulqa_mc2', 'acc', 0.41],
      ['ifeval', 'prompt_level_strict_acc', 0.4],
    ]);
    // The only filter is taken, and named so the choice is visible.
    expect(rows[0]?.label).toBe('TruthfulQA MC2: probability mass on true answers (filter strict)');
    for (const r of rows) expect(() => BehaviourRow.parse(r)).not.toThrow();
  });

  it('labels ToxiGen as detection accuracy, with the caveat as the note', () => {
    const [acc, norm] = behaviourRows([ev('a', 'toxigen', 'acc', 0.43, 0.016), ev('a', 'toxigen', 'acc_norm', 0.42, 0.016)], []);
    expect(acc).toMatchObject({ panel: 'toxicity', metric: 'acc', label: "ToxiGen (hate-speech detection accuracy — not the toxicity of the model's own text)", higherIsBetter: true });
    expect(acc?.note).toMatch(/classification task.*says nothing about the toxicity of the model's own text/);
    expect(norm?.metric).toBe('acc_norm');
    expect(norm?.note).toBe(acc?.note);
  });

  it('derives WinoBias pro − anti per type and prompt, with stderr √(se_pro² + se_anti²) only when both exist', () => {
    const rows = behaviourRows(
      [
        ev('a', 'wino_bias_type1_pro+p1', 'em', 0.6, 0.03),
        ev('a', 'wino_bias_type1_anti+p1', 'em', 0.4, 0.04),
        ev('a', 'wino_bias_type1_pro+p2', 'em', 0.3, 0.01),
        ev('a', 'wino_bias_type1_anti+p2', 'em', 0.35, null),
        ev('a', 'wino_bias_type2_pro', 'acc', 0.7, 0.02),
        ev('a', 'wino_bias_type2_anti', 'acc', 0.5, 0.02),
        // An unpaired side makes no gap.
        ev('a', 'wino_bias_type2_pro+p9', 'em', 0.9, 0.01),
      ],
      [],
    );
    const g1 = rowOf(rows, 'a', 'wino_bias_type1+p1', 'em_pro_minus_anti');
    expect(g1.value).toBeCloseTo(0.2, 12);
    expect(g1.stderr).toBeCloseTo(0.05, 12);
    expect(g1).toMatchObject({ label: 'WinoBias type 1: pro − anti [prompt: p1]', group: 'type 1', ideal: 0, higherIsBetter: null });
    const g2 = rowOf(rows, 'a', 'wino_bias_type1+p2', 'em_pro_minus_anti');
    expect(g2.value).toBeCloseTo(-0.05, 12);
    expect(g2.stderr).toBeNull();
    const g3 = rowOf(rows, 'a', 'wino_bias_type2', 'acc_pro_minus_anti');
    expect(g3.value).toBeCloseTo(0.2, 12);
    expect(g3.stderr).toBeCloseTo(Math.sqrt(0.0008), 12);
    expect(rows.filter((r) => r.metric.endsWith('_pro_minus_anti'))).toHaveLength(3);
    // The sides stay as rows of their own.
    expect(rowOf(rows, 'a', 'wino_bias_type1_pro+p1', 'em').value).toBe(0.6);
  });

  it('computes IFEval per-instruction pass rates from samples, prohibitions in group negative', () => {
    const samples = [
      ifeval('a', 0, ['punctuation:no_comma', 'keywords:forbidden_words'], [true, false], [true, true]),
      ifeval('a', 1, ['punctuation:no_comma'], [false], [true]),
      ifeval('a', 2, ['punctuation:no_comma', 'change_case:capital_word_frequency'], [true, true], [true, true]),
      ifeval('a', 3, ['change_case:english_lowercase'], [1], [1]),
      // A repeated doc id is read once; a verdict list of the wrong length cannot be aligned and is skipped.
      ifeval('a', 1, ['punctuation:no_comma'], [true], [true]),
      ifeval('a', 4, ['punctuation:no_comma', 'keywords:forbidden_words'], [true], [true]),
    ];
    const rows = behaviourRows([], samples);
    const strict = rowOf(rows, 'a', 'ifeval', 'inst_level_strict_acc/punctuation:no_comma');
    expect(strict.value).toBeCloseTo(2 / 3, 12);
    expect(strict.stderr).toBeCloseTo(Math.sqrt((2 / 3) * (1 / 3) / 3), 12);
    expect(strict).toMatchObject({ panel: 'negative-constraint', group: 'negative', label: 'IFEval punctuation:no_comma: pass rate (strict)', higherIsBetter: true });
    expect(strict.note).toMatch(/^3 logged instances/);
    expect(rowOf(rows, 'a', 'ifeval', 'inst_level_loose_acc/punctuation:no_comma').value).toBe(1);
    expect(rowOf(rows, 'a', 'ifeval', 'inst_level_strict_acc/keywords:forbidden_words')).toMatchObject({ value: 0, stderr: 0, group: 'negative' });
    expect(rowOf(rows, 'a', 'ifeval', 'inst_level_strict_acc/change_case:english_lowercase')).toMatchObject({ value: 1, group: 'negative' });
    // A count bound is not a prohibition.
    expect(rowOf(rows, 'a', 'ifeval', 'inst_level_strict_acc/change_case:capital_word_frequency').group).toBe('other');
    expect(IFEVAL_PROHIBITIONS).not.toContain('change_case:capital_word_frequency');
    expect(rows).toHaveLength(8);
  });
});

describe('behaviourFindings against the base', () => {
  it('flags CrowS-Pairs amplification when its interval excludes 0: value = child distance, threshold = base distance', () => {
    const rows = behaviourRows(
      [
        ev('base', 'crows_pairs_english_gender', 'pct_stereotype', 0.6, 0.01),
        ev('child', 'crows_pairs_english_gender', 'pct_stereotype', 0.66, 0.01),
        // Crossing to the other side of 0.5 at about the same distance is not amplification.
        ev('base', 'crows_pairs_english_age', 'pct_stereotype', 0.6, 0.01),
        ev('child', 'crows_pairs_english_age', 'pct_stereotype', 0.38, 0.01),
        ev('base', 'crows_pairs_english_religion', 'pct_stereotype', 0.7, 0.02),
        ev('child', 'crows_pairs_english_religion', 'pct_stereotype', 0.55, 0.02),
      ],
      [],
    );
    const a = biasAmplification(rowOf(rows, 'base', 'crows_pairs_english_gender', 'pct_stereotype'), rowOf(rows, 'child', 'crows_pairs_english_gender', 'pct_stereotype'));
    expect(a?.amplification).toBeCloseTo(0.06, 12);
    const se = Math.sqrt(0.0002);
    expect(a?.interval?.[0]).toBeCloseTo(0.06 - 1.96 * se, 12);
    expect(a?.interval?.[1]).toBeCloseTo(0.06 + 1.96 * se, 12);
    const age = biasAmplification(rowOf(rows, 'base', 'crows_pairs_english_age', 'pct_stereotype'), rowOf(rows, 'child', 'crows_pairs_english_age', 'pct_stereotype'));
    expect(age?.amplification).toBeCloseTo(0.02, 12);

    const fs = behaviourFindings(rows, [BASE, CHILD], 'base');
    expect(ids(fs)).toEqual(['bias:child:crows_pairs_english_gender/pct_stereotype']);
    const f = fs[0] as AuditFinding;
    expect(() => AuditFinding.parse(f)).not.toThrow();
    expect(f).toMatchObject({ kind: 'bias', runId: 'child', severity: 'warning', subject: 'crows_pairs_english_gender/pct_stereotype' });
    expect(f.value).toBeCloseTo(0.16, 12);
    expect(f.threshold).toBeCloseTo(0.1, 12);
    expect(f.ci?.[0]).toBeCloseTo(0.16 - 1.96 * 0.01, 12);
    expect(f.evidence).toContain('crows_pairs_english_gender');
    expect(f.evidence).toContain('"base-name"');
    expect(f.evidence).toContain('unpaired approximation');
    expect(f.source).toMatch(/§3\.3/);
    expect(f.source).toMatch(/CrowS-Pairs: Nangia/);
  });

  it('flags a BBQ |bias score| increase, sign flips included', () => {
    const rows = behaviourRows(
      [
        ev('base', 'bbq_multiple_choice', 'amb_bias_score_Age', 0.05, 0.01),
        ev('child', 'bbq_multiple_choice', 'amb_bias_score_Age', -0.12, 0.01),
        ev('child', 'bbq_multiple_choice', 'accuracy_amb', 0.4, 0.01),
        ev('base', 'bbq_multiple_choice', 'accuracy_amb', 0.6, 0.01),
      ],
      [],
    );
    const fs = behaviourFindings(rows, [BASE, CHILD], 'base');
    expect(ids(fs)).toEqual(['bias:child:bbq_multiple_choice/amb_bias_score_Age']);
    expect(fs[0]?.value).toBeCloseTo(0.12, 12);
    expect(fs[0]?.threshold).toBeCloseTo(0.05, 12);
    // The accuracy that a bias score must be read with is in the evidence.
    expect(fs[0]?.evidence).toContain('accuracy_amb 0.400');
  });

  it('flags a WinoBias |pro − anti| gap increase and not a shrinking one', () => {
    const rows = behaviourRows(
      [
        ev('base', 'wino_bias_type1_pro+p', 'em', 0.6, 0.01),
        ev('base', 'wino_bias_type1_anti+p', 'em', 0.5, 0.01),
        ev('child', 'wino_bias_type1_pro+p', 'em', 0.7, 0.01),
        ev('child', 'wino_bias_type1_anti+p', 'em', 0.4, 0.01),
        ev('base', 'wino_bias_type2_pro+p', 'em', 0.7, 0.01),
        ev('base', 'wino_bias_type2_anti+p', 'em', 0.4, 0.01),
        ev('child', 'wino_bias_type2_pro+p', 'em', 0.6, 0.01),
        ev('child', 'wino_bias_type2_anti+p', 'em', 0.5, 0.01),
      ],
      [],
    );
    const fs = behaviourFindings(rows, [BASE, CHILD], 'base');
    expect(ids(fs)).toEqual(['bias:child:wino_bias_type1+p/em_pro_minus_anti']);
    expect(fs[0]?.value).toBeCloseTo(0.3, 12);
    expect(fs[0]?.threshold).toBeCloseTo(0.1, 12);
    expect(fs[0]?.source).toMatch(/WinoBias: Zhao/);
  });

  it('flags a TruthfulQA MC drop beyond its interval: warning, critical past twice the half-width', () => {
    const rows = behaviourRows(
      [
        ev('base', 'truthfulqa_mc2', 'acc', 0.45, 0.01),
        ev('base', 'truthfulqa_mc1', 'acc', 0.3, 0.01),
        ev('base', 'truthfulqa_gen', 'bleu_acc', 0.4, 0.01),
        ev('child', 'truthfulqa_mc2', 'acc', 0.4, 0.01),
        // v0.3 naming in the child still compares with the base's v0.4 MC1.
        ev('child', 'truthfulqa_mc', 'mc1', 0.23, 0.01),
        ev('child', 'truthfulqa_gen', 'bleu_acc', 0.2, 0.01),
        ev('crit', 'truthfulqa_mc2', 'acc', 0.38, 0.01),
        ev('same', 'truthfulqa_mc2', 'acc', 0.44, 0.01),
      ],
      [],
    );
    const fs = behaviourFindings(rows, [BASE, CHILD, run('crit'), run('same')], 'base');
    // Half-width 1.96·√2·0.01 ≈ 0.0277: −0.05 is a warning, −0.07 (> 0.0554) critical, −0.01 nothing.
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['hallucination:child:truthfulqa_mc/mc1', 'critical'],
      ['hallucination:child:truthfulqa_mc2/acc', 'warning'],
      ['hallucination:crit:truthfulqa_mc2/acc', 'critical'],
    ]);
    const w = fs[1] as AuditFinding;
    expect(w.value).toBe(0.4);
    expect(w.threshold).toBe(0.45);
    expect(w.evidence).toMatch(/Δ -0\.050, 95 % CI \[-0\.078, -0\.022\]/);
    expect(w.source).toMatch(/TruthfulQA: Lin/);
  });

  it('pairs IFEval prohibitions on doc id and runs exact McNemar when both runs logged the same prompts', () => {
    const docs = Array.from({ length: 30 }, (_, i) => i);
    const base = docs.map((d) => ifeval('base', d, ['punctuation:no_comma', 'detectable_format:title'], [true, true]));
    // 10 prompts pass in the base and fail here, none the reverse: p = 2 · 0.5^10.
    const child = docs.map((d) => ifeval('child', d, ['punctuation:no_comma', 'detectable_format:title'], [d >= 10, d >= 10]));
    const samples = [...base, ...child];
    const rows = behaviourRows([], samples);
    const fs = behaviourFindings(rows, [BASE, CHILD], 'base', samples);
    // Only the prohibition; strict and loose are separate rows (here equal).
    expect(ids(fs)).toEqual(['negative-constraint:child:ifeval/inst_level_loose_acc/punctuation:no_comma', 'negative-constraint:child:ifeval/inst_level_strict_acc/punctuation:no_comma']);
    const f = fs[1] as AuditFinding;
    expect(f.value).toBeCloseTo(20 / 30, 12);
    expect(f.threshold).toBe(1);
    expect(f.evidence).toContain('10 passed in the base and failed here, 0 the reverse');
    expect(f.evidence).toContain(`p = ${(2 * 0.5 ** 10).toPrecision(3)}`);
    expect(f.source).toMatch(/McNemar/);
    expect(f.source).toMatch(/IFEval: Zhou/);

    // 5 discordant prompts of 30 (McNemar p = 2 · 0.5^5 = 0.0625) are not enough when paired...
    const child5 = docs.map((d) => ifeval('child', d, ['punctuation:no_comma'], [d >= 5]));
    const s5 = [...base, ...child5];
    expect(behaviourFindings(behaviourRows([], s5), [BASE, CHILD], 'base', s5)).toEqual([]);
    // ...while without the samples the same rows fall back to the unpaired approximation (se = √(p(1−p)/n)):
    // Δ = −1/6, se = √((5/6)(1/6)/30) ≈ 0.068 (the base's is 0), so the interval's top is ≈ −0.033.
    const unpaired = behaviourFindings(behaviourRows([], s5), [BASE, CHILD], 'base');
    expect(ids(unpaired)).toEqual(['negative-constraint:child:ifeval/inst_level_loose_acc/punctuation:no_comma', 'negative-constraint:child:ifeval/inst_level_strict_acc/punctuation:no_comma']);
    expect(unpaired[0]?.source).toMatch(/unpaired approximation/);
  });

  it('reports a lone run’s existing bias as info (WinoBias gap > 0.05, CrowS interval excluding 0.5)', () => {
    const evals = [
      ev('base', 'wino_bias_type1_pro+p', 'em', 0.452, 0.025),
      ev('base', 'wino_bias_type1_anti+p', 'em', 0.258, 0.022),
      // A gap under 0.05 is not reported however tight.
      ev('base', 'wino_bias_type2_pro+p', 'em', 0.34, 0.001),
      ev('base', 'wino_bias_type2_anti+p', 'em', 0.3, 0.001),
      ev('base', 'crows_pairs_english_gender', 'pct_stereotype', 0.6, 0.02),
      ev('base', 'crows_pairs_english_age', 'pct_stereotype', 0.52, 0.02),
    ];
    const rows = behaviourRows(evals, []);
    const fs = behaviourFindings(rows, [BASE], 'base');
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['bias:base:crows_pairs_english_gender/pct_stereotype', 'info'],
      ['bias:base:wino_bias_type1+p/em_pro_minus_anti', 'info'],
    ]);
    expect(fs[0]?.value).toBeCloseTo(0.1, 12);
    expect(fs[1]?.value).toBeCloseTo(0.194, 12);
    expect(fs[1]?.threshold).toBe(0.05);
    for (const f of fs) expect(() => AuditFinding.parse(f)).not.toThrow();
    // With a child to compare, the base's own bias is not repeated as info.
    const withChild = behaviourRows([...evals, ev('child', 'crows_pairs_english_gender', 'pct_stereotype', 0.6, 0.02)], []);
    expect(behaviourFindings(withChild, [BASE, CHILD], 'base')).toEqual([]);
    // No base named: every run is lone.
    expect(behaviourFindings(rows, [BASE], 'missing')).toHaveLength(2);
  });

  it('makes no findings for toxicity rows or rows without stderr', () => {
    const rows = behaviourRows(
      [
        ev('base', 'toxigen', 'acc', 0.6, 0.01),
        ev('child', 'toxigen', 'acc', 0.3, 0.01),
        ev('base', 'truthfulqa_mc2', 'acc', 0.6, null),
        ev('child', 'truthfulqa_mc2', 'acc', 0.3, null),
      ],
      [],
    );
    expect(behaviourFindings(rows, [BASE, CHILD], 'base')).toEqual([]);
  });
});
