import { describe, expect, it } from 'vitest';
import { nonFiniteX, seriesX, XAxis } from '../../../shared/domain/series';
import { parseXAxisKey, xAxisKey, xAxisLabel, xCandidateKind, xMetricCandidates } from '../../../shared/domain/x-axis';

describe('x-axis candidates', () => {
  it('puts the trainers\' token counters first, then epochs, then every other metric in the order given', () => {
    const names = ['loss', 'train/epoch', 'grad_norm', 'num_tokens', 'eval_loss', 'train/num_input_tokens_seen', 'total_tokens', 'epoch'];
    expect(xMetricCandidates(names).map((c) => c.name)).toEqual(['num_tokens', 'train/num_input_tokens_seen', 'total_tokens', 'train/epoch', 'epoch', 'loss', 'grad_norm', 'eval_loss']);
    expect(xMetricCandidates(names).map((c) => c.kind)).toEqual(['tokens', 'tokens', 'tokens', 'epoch', 'epoch', 'other', 'other', 'other']);
  });

  it('matches the last path part, case-insensitively, and never a name that merely contains "tokens"', () => {
    expect(xCandidateKind('Train/Num_Input_Tokens_Seen')).toBe('tokens');
    expect(xCandidateKind('num_tokens_per_second')).toBe('other');
    expect(xCandidateKind('tokens/num_tokens')).toBe('tokens');
    expect(xCandidateKind('epoch_time')).toBe('other');
  });

  it('drops duplicates (the same metric from several runs)', () => {
    expect(xMetricCandidates(['loss', 'num_tokens', 'loss', 'num_tokens'])).toEqual([
      { name: 'num_tokens', kind: 'tokens' },
      { name: 'loss', kind: 'other' },
    ]);
  });
});

describe('x-axis keys and labels', () => {
  const axes: XAxis[] = [{ kind: 'step' }, { kind: 'wall' }, { kind: 'relative' }, { kind: 'metric', metric: 'train/num_input_tokens_seen' }, { kind: 'metric', metric: 'a:b' }];

  it('round-trips every axis through its select value', () => {
    for (const x of axes) expect(parseXAxisKey(xAxisKey(x))).toEqual(x);
    expect(axes.map(xAxisKey)).toEqual(['step', 'wall', 'relative', 'metric:train/num_input_tokens_seen', 'metric:a:b']);
  });

  it('rejects anything else', () => {
    for (const k of ['', 'metric:', 'steps', 'Wall', 'epoch']) expect(parseXAxisKey(k)).toBeNull();
  });

  it('names the axis', () => {
    expect(axes.map(xAxisLabel)).toEqual(['step', 'wall time', 'relative time', 'train/num_input_tokens_seen', 'a:b']);
  });

  it('the contract accepts each kind and refuses a metric axis without a metric', () => {
    for (const x of axes) expect(XAxis.parse(x)).toEqual(x);
    expect(XAxis.safeParse({ kind: 'metric' }).success).toBe(false);
    expect(XAxis.safeParse({ kind: 'epoch' }).success).toBe(false);
  });

  it('reads x from the series when sent, else from the steps', () => {
    expect(Array.from(seriesX({ steps: Float64Array.of(1, 2), x: Float64Array.of(10, 20) }))).toEqual([10, 20]);
    expect(Array.from(seriesX({ steps: Float64Array.of(1, 2) }))).toEqual([1, 2]);
    expect(nonFiniteX({ step: 3, kind: 'nan' })).toBe(3);
    expect(nonFiniteX({ step: 3, kind: 'nan', x: 99 })).toBe(99);
  });
});
