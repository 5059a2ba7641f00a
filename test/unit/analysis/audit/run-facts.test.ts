import { describe, expect, it } from 'vitest';
import { pickBase } from '../../../../shared/analysis/audit/inputs';
import { ownNames, stepOf } from '../../../../shared/analysis/audit/run-facts';
import { formatValue, panelLines, pct } from '../../../../renderer/features/audit/audit-model';
import type { BehaviourRow } from '../../../../shared/domain/audit';

describe('what a run name says about its checkpoint', () => {
  it('reads the step from checkpoint, global_step, step and iteration names; the last one wins', () => {
    expect(stepOf('runlens-demo/llama-3-8b-sft/checkpoint-500')).toBe(500);
    expect(stepOf('410m-deduped_step143000')).toBe(143000);
    expect(stepOf('ckpt/global_step1500/mp_rank_00')).toBe(1500);
    expect(stepOf('iter_0001500')).toBe(1500);
    expect(stepOf('run-step-100/checkpoint-200')).toBe(200);
    expect(stepOf('llama-3-8b-base')).toBeNull();
  });

  it("names the model family's own assistant and organisation", () => {
    expect(ownNames('pretrained=meta-llama/Meta-Llama-3-8B-Instruct')).toEqual(['Llama', 'LLaMA', 'Meta']);
    expect(ownNames('Qwen/Qwen2.5-0.5B')).toEqual(['Qwen', 'Alibaba', 'Tongyi']);
    expect(ownNames('EleutherAI/pythia-410m')).toEqual([]);
  });

  it('takes the run named base as the reference, else the earliest step, else the first', () => {
    const r = (runId: string, name: string, step: number | null) => ({ runId, name, step });
    expect(pickBase([r('a', 'sft-ckpt-500', 500), r('b', 'llama-3-8b-base', null)])?.runId).toBe('b');
    expect(pickBase([r('a', 'sft-checkpoint-1000', 1000), r('b', 'sft-checkpoint-500', 500)])?.runId).toBe('b');
    expect(pickBase([r('a', 'x', null), r('b', 'y', null)])?.runId).toBe('a');
    expect(pickBase([r('a', 'database-run', null), r('b', 'y', null)])?.runId).toBe('a');
    expect(pickBase([])).toBeNull();
  });
});

describe('audit view model', () => {
  const row = (runId: string, task: string, value: number, ideal: number | null = null): BehaviourRow => ({
    panel: 'bias', runId, task, metric: 'pct_stereotype', label: task, group: 'english', value, stderr: 0.01, ideal, higherIsBetter: null, note: null,
  });

  it('pivots a panel into one line per measure with a value per run', () => {
    const lines = panelLines([row('a', 'crows_gender', 0.6), row('b', 'crows_gender', 0.55), row('a', 'crows_age', 0.7)], 'bias');
    expect(lines.map((l) => [l.task, [...l.byRun.keys()]])).toEqual([['crows_age', ['a']], ['crows_gender', ['a', 'b']]]);
    expect(panelLines([row('a', 'x', 1)], 'hallucination')).toEqual([]);
  });

  it('formats rates as percentages and gaps as signed numbers', () => {
    expect(pct(0.75)).toBe('75 %');
    expect(pct(0.025)).toBe('2.5 %');
    expect(formatValue({ value: 0.123, ideal: 0 })).toBe('+0.123');
    expect(formatValue({ value: 0.6, ideal: 0.5 })).toBe('60 %');
  });
});
