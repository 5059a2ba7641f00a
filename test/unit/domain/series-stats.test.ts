import { describe, expect, it } from 'vitest';
import { PREFERRED, pickLossMetric } from '../../../shared/domain/loss-metric';
import { computeSeriesStats } from '../../../shared/domain/series-stats';

describe('computeSeriesStats', () => {
  it('handles an empty series', () => {
    expect(computeSeriesStats([], [])).toEqual({ points: 0, firstStep: null, lastStep: null, lastValue: null, min: null, max: null, nonFinite: 0, stepsOrdered: true });
  });
  it('handles one point', () => {
    expect(computeSeriesStats([5], [0.5])).toEqual({ points: 1, firstStep: 5, lastStep: 5, lastValue: 0.5, min: 0.5, max: 0.5, nonFinite: 0, stepsOrdered: true });
  });
  it('keeps read order for last value, counts NaN/Inf apart from min/max, and takes the largest step after a restart', () => {
    const s = computeSeriesStats([0, 1, 2, 1, 2], [3, Number.NaN, Number.POSITIVE_INFINITY, 2, -1]);
    expect(s).toEqual({ points: 5, firstStep: 0, lastStep: 2, lastValue: -1, min: -1, max: 3, nonFinite: 2, stepsOrdered: false });
  });
  it('calls repeated steps ordered and any step lower than the one before it a restart', () => {
    expect(computeSeriesStats([0, 1, 1, 2], [1, 1, 1, 1]).stepsOrdered).toBe(true);
    expect(computeSeriesStats([0, 5, 4, 6], [1, 1, 1, 1]).stepsOrdered).toBe(false);
  });
  it('reports no min/max when every value is non-finite', () => {
    const s = computeSeriesStats([1, 2], [Number.NaN, Number.NEGATIVE_INFINITY]);
    expect([s.min, s.max, s.nonFinite, Number.isNaN(s.lastValue)]).toEqual([null, null, 2, false]);
  });
});

describe('pickLossMetric', () => {
  it.each([
    [['eval_loss', 'loss', 'learning_rate'], 'loss'],
    [['val_loss', 'train_loss', 'epoch'], 'train_loss'],
    [['train/loss', 'eval/loss'], 'train/loss'],
    [['eval/loss', 'train/rewards/margins'], 'eval/loss'],
    [['epoch_loss', 'epoch_mae'], 'epoch_loss'],
    [['odds_ratio_loss', 'sft_loss', 'eval_loss'], 'sft_loss'],
    [['accuracy'], null],
    [[], null],
  ])('%j → %s', (names, want) => {
    expect(pickLossMetric(names)).toBe(want);
  });

  it('only ever picks a name ending in "loss" (the runs list reads only those: list-run-losses.sql)', () => {
    for (const name of PREFERRED) expect(name).toMatch(/loss$/i);
    expect(pickLossMetric(['Loss', 'acc'])).toBe('Loss');
    expect(pickLossMetric(['loss_scale', 'grad_norm'])).toBeNull();
  });
});
