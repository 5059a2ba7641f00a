import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided, wilson } from '../../../shared/analysis/wilson';

describe('Wilson score interval', () => {
  it('matches published values', () => {
    const [lo0, hi0] = wilson(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775, 4);
    const [lo5, hi5] = wilson(5, 10);
    expect(lo5).toBeCloseTo(0.2366, 4);
    expect(hi5).toBeCloseTo(0.7634, 4);
    const [lo10, hi10] = wilson(10, 10);
    expect(lo10).toBeCloseTo(0.7225, 4);
    expect(hi10).toBe(1);
  });

  it('is symmetric in hits and misses, contains p̂ and narrows with n', () => {
    for (const [k, n] of [
      [3, 17],
      [12, 50],
      [1, 1000],
    ] as const) {
      const [lo, hi] = wilson(k, n);
      const [mlo, mhi] = wilson(n - k, n);
      expect(lo).toBeCloseTo(1 - mhi, 12);
      expect(hi).toBeCloseTo(1 - mlo, 12);
      expect(lo).toBeLessThan(k / n);
      expect(hi).toBeGreaterThan(k / n);
    }
    const w100 = wilson(50, 100);
    expect(w100[1] - w100[0]).toBeLessThan(0.7634 - 0.2366);
  });

  it('knows nothing without trials, and takes another z', () => {
    expect(wilson(0, 0)).toEqual([0, 1]);
    const [lo, hi] = wilson(5, 10, 1);
    // z = 1: centre 0.5, half-width sqrt(0.025 + 0.0025) / 1.1.
    expect(hi - lo).toBeCloseTo((2 * Math.sqrt(0.0275)) / 1.1, 12);
  });
});

describe('Fisher exact test, two-sided', () => {
  it('matches R / scipy', () => {
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(0.485714, 6);
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(0.0027594562, 9);
    expect(fisherExactTwoSided(12, 38, 1, 49)).toBeCloseTo(0.0018071316, 9);
    expect(fisherExactTwoSided(5, 45, 1, 49)).toBeCloseTo(0.204401585, 8);
    expect(fisherExactTwoSided(10, 0, 0, 10)).toBeCloseTo(1.0825088e-5, 11);
    // Large margins stay stable through log-factorials.
    expect(fisherExactTwoSided(200, 800, 150, 850)).toBeCloseTo(0.003888421, 8);
  });

  it('is 1 for tables with no information, symmetric under transposition, NaN on bad counts', () => {
    expect(fisherExactTwoSided(0, 10, 0, 5)).toBe(1);
    expect(fisherExactTwoSided(0, 0, 0, 0)).toBe(1);
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(fisherExactTwoSided(1, 11, 9, 3), 12);
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(fisherExactTwoSided(11, 3, 1, 9), 12);
    expect(fisherExactTwoSided(-1, 2, 3, 4)).toBeNaN();
    expect(fisherExactTwoSided(1.5, 2, 3, 4)).toBeNaN();
  });
});
