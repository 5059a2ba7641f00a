import { describe, expect, it } from 'vitest';
import { clipRange, padRange, percentileRange, visibleValues } from '../../../renderer/charts/options/y-range';
import { raw } from './fixtures';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentileRange', () => {
  it('takes the data values just inside the percentiles (ranks rounded inward)', () => {
    expect(percentileRange([4, 1, 3, 2], 0.25, 0.75)).toEqual({ min: 2, max: 3 });
    expect(percentileRange([4, 1, 3, 2], 0, 1)).toEqual({ min: 1, max: 4 });
    expect(percentileRange(oneToHundred, 0.1, 0.9)).toEqual({ min: 11, max: 90 });
  });

  it('leaves a single spike outside the range', () => {
    const values = [...Array.from({ length: 500 }, (_, i) => 2 + (i % 10) / 100), 1e4];
    const r = percentileRange(values);
    expect(r).not.toBeNull();
    expect(r?.max).toBeLessThan(3);
    expect(r?.min).toBeGreaterThanOrEqual(2);
  });

  it('ignores null, NaN and ±Inf, in any order', () => {
    const shuffled = [50, null, 3, Number.NaN, 100, Number.POSITIVE_INFINITY, 1, ...oneToHundred.slice(3, 49), ...oneToHundred.slice(50, 99), undefined, 2, Number.NEGATIVE_INFINITY];
    expect(percentileRange(shuffled)).toEqual(percentileRange(oneToHundred));
    // Inward to real values: the 1st percentile (1.99) rounds up to 2, the 99th (99.01) down to 99.
    expect(percentileRange(oneToHundred)).toEqual({ min: 2, max: 99 });
  });

  it('keeps only positive values for a log axis', () => {
    expect(percentileRange([-5, 0, ...oneToHundred], 0, 1, true)).toEqual({ min: 1, max: 100 });
    expect(percentileRange([-5, 0, ...oneToHundred], 0, 1, false)).toEqual({ min: -5, max: 100 });
  });

  it('is null when there is nothing to fit', () => {
    expect(percentileRange([])).toBeNull();
    expect(percentileRange([Number.NaN, null])).toBeNull();
    expect(percentileRange([3, 3, 3])).toBeNull();
  });
});

describe('clipRange and visibleValues', () => {
  const spiky = raw('a', oneToHundred, oneToHundred.map((s) => (s === 50 ? 1e6 : 1 + s / 100)));

  it('looks only at the zoom window, raw and smoothed values both', () => {
    const inWindow = [...visibleValues([{ ...spiky, smoothed: Float64Array.from(oneToHundred, () => 7) }], { min: 10, max: 12 })];
    expect(inWindow).toEqual([1.1, 7, 1.11, 7, 1.12, 7]);
  });

  it('clips the spike of the whole series, and sees none in a window without it', () => {
    const all = clipRange([spiky], null, false);
    expect(all?.max).toBeLessThan(3);
    const left = clipRange([spiky], { min: 1, max: 40 }, false);
    expect(left?.max).toBeLessThan(1.41);
  });
});

describe('padRange', () => {
  it('pads linearly, or by a factor on a log axis (staying above zero)', () => {
    expect(padRange({ min: 0, max: 10 }, 0.05, false)).toEqual({ min: -0.5, max: 10.5 });
    const log = padRange({ min: 0.01, max: 100 }, 0.25, true);
    expect(log.min).toBeCloseTo(0.001, 12);
    expect(log.max).toBeCloseTo(1000, 9);
  });
});
