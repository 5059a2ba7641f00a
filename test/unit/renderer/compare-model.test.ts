import { describe, expect, it } from 'vitest';
import type { CompareResult, CompareRow } from '../../../shared/domain/compare';
import { deltaTitle, formatNumber, formatSigned, metricLabel, visibleGroups } from '../../../renderer/features/compare/compare-model';

const row = (task: string, metric: string, category: string | null, isSubtask = false, filter = 'none'): CompareRow => ({
  task,
  metric,
  filter,
  category,
  higherIsBetter: true,
  parityTarget: null,
  isSubtask,
  cells: [],
  deltas: [],
});

const result = (rows: CompareRow[]): CompareResult => ({ baselineRunId: 'a', columns: [], rows, plane: [], notes: [], bootstrap: { seed: 1, resamples: 10 } });

describe('comparison view model', () => {
  const rows = [row('gsm8k', 'exact_match', 'reasoning', false, 'strict-match'), row('mmlu', 'acc', 'reasoning'), row('mmlu_anatomy', 'acc', 'reasoning', true), row('toxigen', 'acc', 'safety'), row('lambada', 'perplexity', null), row('ifeval', 'prompt_level_strict_acc', 'instruction')];

  it('groups safety, reasoning, other categories, then uncategorised; hides subtasks unless searched for', () => {
    const g = visibleGroups(result(rows), '', true);
    expect(g.map((x) => [x.label, x.rows.map((r) => r.task)])).toEqual([
      ['Safety', ['toxigen']],
      ['Reasoning', ['gsm8k', 'mmlu']],
      ['Instruction', ['ifeval']],
      ['Not categorised', ['lambada']],
    ]);
    expect(visibleGroups(result(rows), 'anatomy', true).flatMap((x) => x.rows.map((r) => r.task))).toEqual(['mmlu_anatomy']);
    expect(visibleGroups(result(rows), '', false).flatMap((x) => x.rows.map((r) => r.task))).toContain('mmlu_anatomy');
  });

  it('filters on every word across task, metric, filter and category', () => {
    expect(visibleGroups(result(rows), 'GSM strict', true).flatMap((x) => x.rows.map((r) => r.task))).toEqual(['gsm8k']);
    expect(visibleGroups(result(rows), 'safety', true).flatMap((x) => x.rows.map((r) => r.task))).toEqual(['toxigen']);
    expect(visibleGroups(result(rows), 'gsm8k acc', true)).toEqual([]);
  });

  it('formats numbers with a true minus sign, no negative zero, and digits scaled to the metric', () => {
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatSigned(0.05)).toBe('+0.050');
    expect(formatSigned(-0.05)).toBe('−0.050');
    expect(formatSigned(-0.0001)).toBe('0.000');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatSigned(-0.2, 41.3)).toBe('−0.20');
    expect(formatNumber(null)).toBe('–');
    expect(metricLabel('exact_match', 'strict-match')).toBe('exact_match (strict-match)');
    expect(metricLabel('acc', 'none')).toBe('acc');
  });

  it('explains a delta in its tooltip: direction, interval, method, n, p and why pairing was not used', () => {
    const r = { ...row('arc', 'acc', 'reasoning'), higherIsBetter: false };
    const t = deltaTitle({ delta: -0.02, low: -0.05, high: 0.01, improvement: 0.02, se: 0.015, n: 300, method: 'stderr', p: null, verdict: 'indistinguishable', note: 'only 200 documents pair up' }, r);
    expect(t.split('\n')).toEqual(['Δ −0.020 (lower is better)', '95 % interval [−0.050, +0.010]', 'method: stderr (unpaired), n = 300', 'only 200 documents pair up']);
  });
});
