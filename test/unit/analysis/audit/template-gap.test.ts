import { describe, expect, it } from 'vitest';
import { AuditFinding, TemplateGap } from '../../../../shared/domain/audit';
import type { SampleExtra } from '../../../../shared/importers/records';
import type { AuditRun, SampleIn } from '../../../../shared/analysis/audit/inputs';
import { promptVariantOf, templateGaps } from '../../../../shared/analysis/audit/template-gap';
import { wilson } from '../../../../shared/analysis/wilson';

const runs: AuditRun[] = [
  { runId: 'r1', name: 'olmo-sft', step: null },
  { runId: 'r2', name: 'olmo-sft-2', step: null },
];

let nextDoc = 0;
function s(runId: string, task: string, metrics: Record<string, number>, extras: Record<string, SampleExtra> | null, docId: number | null = nextDoc++, category: string | null = null): SampleIn {
  return { runId, task, docId, target: '', response: '', metrics, category, extras };
}

/**
 * 40 paraphrase groups of `geo`: `orig` right in groups 0–35 (90 %), `paraphrase` right in 0–23 (60 %). Groups
 * 0–23 are all right, 36–39 all wrong, 24–35 mixed: consistency 28 / 40.
 */
function geo(runId: string): SampleIn[] {
  const out: SampleIn[] = [];
  for (let g = 0; g < 40; g++) {
    out.push(s(runId, 'entity_qa', { acc: g < 36 ? 1 : 0 }, { paraphrase_group: `g${g}`, setting: 'orig', domain: 'geo' }));
    out.push(s(runId, 'entity_qa', { acc: g < 24 ? 1 : 0 }, { paraphrase_group: `g${g}`, setting: 'paraphrase', domain: 'geo' }));
  }
  return out;
}

describe('promptVariantOf', () => {
  it('reads promptsource and numbered prompt names', () => {
    expect(promptVariantOf('super_glue_rte+GPT-3 style')).toEqual({ base: 'super_glue_rte', variant: 'GPT-3 style' });
    expect(promptVariantOf('mmlu_prompt_2')).toEqual({ base: 'mmlu', variant: 'prompt_2' });
    expect(promptVariantOf('arc_easy_template_3')).toEqual({ base: 'arc_easy', variant: 'template_3' });
    expect(promptVariantOf('boolq_v1')).toEqual({ base: 'boolq', variant: 'v1' });
    expect(promptVariantOf('hellaswag')).toBeNull();
    expect(promptVariantOf('task_prompts')).toBeNull();
  });
});

describe('templateGaps, paraphrase groups', () => {
  it('gives exact per-variant accuracy, gap and consistency', () => {
    const { gaps } = templateGaps(geo('r1'), runs);
    expect(gaps).toHaveLength(1);
    const g = TemplateGap.parse(gaps[0]);
    expect(g).toMatchObject({ runId: 'r1', basis: 'paraphrase-group', task: 'entity_qa' });
    const d = g.domains[0];
    expect(d?.domain).toBe('geo');
    expect(d?.variants).toEqual([
      { variant: 'orig', n: 40, correct: 36, acc: 0.9, ci: wilson(36, 40) },
      { variant: 'paraphrase', n: 40, correct: 24, acc: 0.6, ci: wilson(24, 40) },
    ]);
    expect(d?.gap).toBeCloseTo(0.3, 12);
    expect(d?.groups).toBe(40);
    expect(d?.consistency).toBeCloseTo(28 / 40, 12);
  });

  it('bootstraps a paired interval that holds the gap, matches the normal approximation, and repeats for a seed', () => {
    const a = templateGaps(geo('r1'), runs, { seed: 7 }).gaps[0]?.domains[0]?.gapCi;
    const b = templateGaps(geo('r1'), runs, { seed: 7 }).gaps[0]?.domains[0]?.gapCi;
    const c = templateGaps(geo('r1'), runs, { seed: 8 }).gaps[0]?.domains[0]?.gapCi;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    if (!a) throw new Error('no interval');
    expect(a[0]).toBeLessThan(0.3);
    expect(a[1]).toBeGreaterThan(0.3);
    // Per group the difference is 1 in 12 groups and 0 in 28: mean 0.3, se √(0.3·0.7/40) = 0.0725.
    const se = Math.sqrt((0.3 * 0.7) / 40);
    expect(Math.abs(a[0] - (0.3 - 1.96 * se))).toBeLessThan(0.03);
    expect(Math.abs(a[1] - (0.3 + 1.96 * se))).toBeLessThan(0.03);
  });

  it('has a zero-width interval when every item differs the same way', () => {
    const samples: SampleIn[] = [];
    for (let g = 0; g < 10; g++) {
      samples.push(s('r1', 't', { acc: 1 }, { paraphrase_group: g, variant: 'a' }));
      samples.push(s('r1', 't', { acc: 0 }, { paraphrase_group: g, variant: 'b' }));
    }
    const d = templateGaps(samples, runs).gaps[0]?.domains[0];
    expect(d).toMatchObject({ domain: 't', gap: 1, gapCi: [1, 1], groups: 10, consistency: 0 });
  });

  it('raises a finding with its numbers, and respects the threshold', () => {
    const { findings } = templateGaps(geo('r1'), runs);
    expect(findings).toHaveLength(1);
    const f = AuditFinding.parse(findings[0]);
    expect(f).toMatchObject({ id: 'template-gap:r1:entity_qa/geo', kind: 'template-gap', runId: 'r1', severity: 'critical', threshold: 0.1, subject: 'geo' });
    expect(f.value).toBeCloseTo(0.3, 12);
    expect(f.ci?.[0]).toBeGreaterThan(0);
    expect(f.evidence).toContain('`orig` 90 % (36 of 40)');
    expect(f.evidence).toContain('`paraphrase` 60 % (24 of 40)');
    expect(f.evidence).toContain('over 40 items');
    expect(f.evidence).toContain('70 %');
    expect(f.fix).toContain('2509.21155');
    expect(f.source).toContain('§4.3');
    expect(templateGaps(geo('r1'), runs, { gapThreshold: 0.35 }).findings).toEqual([]);
  });

  it('is a warning between the threshold and 0.25, and nothing when the interval reaches 0', () => {
    // 200 groups: a right in 150, b right in 120 (b right ⇒ a right): gap 0.15, clearly above 0.
    const warn: SampleIn[] = [];
    for (let g = 0; g < 200; g++) {
      warn.push(s('r1', 't', { acc: g < 150 ? 1 : 0 }, { paraphrase_group: g, variant: 'a' }));
      warn.push(s('r1', 't', { acc: g < 120 ? 1 : 0 }, { paraphrase_group: g, variant: 'b' }));
    }
    expect(templateGaps(warn, runs).findings.map((f) => f.severity)).toEqual(['warning']);
    // 10 groups, gap 0.2 from 2 discordant items: the interval includes 0.
    const weak: SampleIn[] = [];
    for (let g = 0; g < 10; g++) {
      weak.push(s('r1', 't', { acc: g < 6 ? 1 : 0 }, { paraphrase_group: g, variant: 'a' }));
      weak.push(s('r1', 't', { acc: g < 4 ? 1 : 0 }, { paraphrase_group: g, variant: 'b' }));
    }
    const d = templateGaps(weak, runs).gaps[0]?.domains[0];
    expect(d?.gap).toBeCloseTo(0.2, 12);
    expect(d?.gapCi?.[0]).toBeLessThanOrEqual(0);
    expect(templateGaps(weak, runs).findings).toEqual([]);
  });

  it('reads the variant, domain and score from their fallbacks', () => {
    const samples = [
      // template_id names the variant; category the domain; exact_match scores when acc is absent.
      s('r1', 't', { exact_match: 1 }, { paraphrase_group: 'x', template_id: 3 }, 1, 'history'),
      s('r1', 't', { exact_match: 0 }, { paraphrase_group: 'x', template_id: 4 }, 2, 'history'),
      // No variant field: v0, v1 by position in the group; a graded first metric counts above 0.5.
      s('r1', 'u', { f1: 0.7 }, { paraphrase_group: 'y' }, 1),
      s('r1', 'u', { f1: 0.5 }, { paraphrase_group: 'y' }, 2),
      // acc wins over exact_match.
      s('r1', 'w', { exact_match: 0, acc: 1 }, { paraphrase_group: 'z', variant: 'p' }, 1),
      s('r1', 'w', { exact_match: 1, acc: 0 }, { paraphrase_group: 'z', variant: 'q' }, 2),
    ];
    const { gaps } = templateGaps(samples, runs);
    expect(gaps.map((g) => [g.task, g.domains.map((d) => [d.domain, d.variants.map((v) => [v.variant, v.correct])])])).toEqual([
      ['t', [['history', [['3', 1], ['4', 0]]]]],
      ['u', [['u', [['v0', 1], ['v1', 0]]]]],
      ['w', [['w', [['p', 1], ['q', 0]]]]],
    ]);
    // One group each: no interval, so no finding however large the gap.
    expect(gaps.every((g) => g.domains.every((d) => d.gapCi === null && d.groups === 1))).toBe(true);
  });

  it('counts incomplete groups in the accuracies but not in the paired statistics', () => {
    const samples = [...geo('r1'), s('r1', 'entity_qa', { acc: 0 }, { paraphrase_group: 'lonely', setting: 'orig', domain: 'geo' })];
    const d = templateGaps(samples, runs).gaps[0]?.domains[0];
    expect(d?.variants[0]).toMatchObject({ variant: 'orig', n: 41, correct: 36 });
    expect(d?.groups).toBe(40);
    expect(d?.consistency).toBeCloseTo(0.7, 12);
  });

  it('leaves out single-variant domains and runs not asked for, keeps runs apart', () => {
    const single = [s('r1', 't', { acc: 1 }, { paraphrase_group: 1, variant: 'only' }), s('r1', 't', { acc: 0 }, { paraphrase_group: 2, variant: 'only' })];
    expect(templateGaps(single, runs).gaps).toEqual([]);
    expect(templateGaps(geo('r3'), runs).gaps).toEqual([]);
    const both = templateGaps([...geo('r2'), ...geo('r1')], runs);
    expect(both.gaps.map((g) => g.runId)).toEqual(['r1', 'r2']);
    expect(both.findings.map((f) => f.id)).toEqual(['template-gap:r1:entity_qa/geo', 'template-gap:r2:entity_qa/geo']);
  });
});

describe('templateGaps, prompt-variant tasks', () => {
  /** 20 docs of RTE under two promptsource prompts: 15 right under `GPT-3 style`, 10 under `does this imply`. */
  function rte(): SampleIn[] {
    const out: SampleIn[] = [];
    for (let d = 0; d < 20; d++) {
      out.push(s('r1', 'super_glue_rte+GPT-3 style', { acc: d < 15 ? 1 : 0 }, null, d));
      out.push(s('r1', 'super_glue_rte+does this imply', { acc: d < 10 ? 1 : 0 }, null, d));
    }
    return out;
  }

  it('pairs the same doc id across prompts of one base task', () => {
    const { gaps, findings } = templateGaps(rte(), runs);
    expect(gaps).toHaveLength(1);
    const g = gaps[0];
    expect(g).toMatchObject({ runId: 'r1', basis: 'prompt-variants', task: 'super_glue_rte' });
    const d = g?.domains[0];
    expect(d?.domain).toBe('super_glue_rte');
    expect(d?.variants.map((v) => [v.variant, v.n, v.correct])).toEqual([
      ['GPT-3 style', 20, 15],
      ['does this imply', 20, 10],
    ]);
    expect(d?.gap).toBeCloseTo(0.25, 12);
    expect(d?.groups).toBe(20);
    // Docs 0–9 all right, 15–19 all wrong, 10–14 mixed.
    expect(d?.consistency).toBeCloseTo(15 / 20, 12);
    expect(d?.gapCi?.[0]).toBeGreaterThan(0);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'template-gap:r1:super_glue_rte', severity: 'critical', subject: 'super_glue_rte' });
    expect(findings[0]?.value).toBeCloseTo(0.25, 12);
  });

  it('splits by category, keeps the first line of a doc, and needs two prompts of a base', () => {
    const samples = [
      s('r1', 'mmlu_prompt_1', { acc: 1 }, null, 0, 'physics'),
      s('r1', 'mmlu_prompt_1', { acc: 0 }, null, 0, 'physics'), // second filter of doc 0: ignored
      s('r1', 'mmlu_prompt_2', { acc: 0 }, null, 0, 'physics'),
      s('r1', 'mmlu_prompt_1', { acc: 1 }, null, 1, 'law'),
      s('r1', 'mmlu_prompt_2', { acc: 1 }, null, 1, 'law'),
      // A lone suffixed task is another dataset, not a prompt variant.
      s('r1', 'squad_v2', { exact_match: 1 }, null, 0),
    ];
    const { gaps } = templateGaps(samples, runs);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.task).toBe('mmlu');
    expect(gaps[0]?.domains.map((d) => [d.domain, d.gap, d.consistency, d.variants.map((v) => v.n)])).toEqual([
      ['physics', 1, 0, [1, 1]],
      ['law', 0, 1, [1, 1]],
    ]);
  });
});
