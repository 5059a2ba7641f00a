import { describe, expect, it } from 'vitest';
import { analyzeSweep, compareToControl, robustnessSummary } from '../../../../shared/analysis/compare';

describe('robustnessSummary (analyses.md §2.3 B)', () => {
  // Given out of order on purpose: the curve must be sorted by α.
  const sweep = [
    { alpha: 1, value: 0.4 },
    { alpha: 0, value: 0.6 },
    { alpha: 0.5, value: 0.55 },
  ];

  it('computes the curve, AUCs, worst drop, break point and slope by hand', () => {
    const r = robustnessSummary(sweep);
    expect(r).not.toBeNull();
    expect(r?.curve.map((c) => c.alpha)).toEqual([0, 0.5, 1]);
    expect(r?.curve.map((c) => c.drop)).toEqual([0, 0.6 - 0.55, 0.6 - 0.4]);
    expect(r?.referenceAlpha).toBe(0);
    // ((0.6 + 0.55) / 2 · 0.5 + (0.55 + 0.4) / 2 · 0.5) / 1
    expect(r?.meanValue).toBeCloseTo(0.525, 12);
    // ((0 + 0.05) / 2 · 0.5 + (0.05 + 0.2) / 2 · 0.5) / 1
    expect(r?.dropAuc).toBeCloseTo(0.075, 12);
    expect(r?.worstDrop).toBeCloseTo(0.2, 12);
    expect(r?.worstAlpha).toBe(1);
    expect(r?.breakThreshold).toBe(0.02);
    expect(r?.breakBasis).toBe('point');
    expect(r?.breakAlpha).toBe(0.5);
    // OLS through (0, .6), (.5, .55), (1, .4): Sxy = −0.1, Sxx = 0.5.
    expect(r?.slopeNearZero).toBeCloseTo(-0.2, 12);
    expect(r?.dropSlopeNearZero).toBeCloseTo(0.2, 12);
    expect(robustnessSummary(sweep, { slopePoints: 2 })?.slopeNearZero).toBeCloseTo(-0.1, 12);
    expect(robustnessSummary(sweep, { breakThreshold: 0.3 })?.breakAlpha).toBeNull();
  });

  it('breaks on the drop’s lower 95 % bound when every point has a stderr', () => {
    const withSe = (se: number) => sweep.map((p) => ({ ...p, stderr: se }));
    // se 0.01: bound = 0.05 − 1.96·√0.0002 ≈ 0.0223 > 0.02 at α = 0.5.
    const tight = robustnessSummary(withSe(0.01));
    expect(tight?.breakBasis).toBe('lower-bound');
    expect(tight?.curve[1]?.dropLow).toBeCloseTo(0.05 - 1.96 * Math.sqrt(0.0002), 12);
    expect(tight?.breakAlpha).toBe(0.5);
    // se 0.02: α = 0.5 is within noise (0.05 − 0.0554 < 0.02); α = 1 breaks.
    expect(robustnessSummary(withSe(0.02))?.breakAlpha).toBe(1);
  });

  it('orients drops for lower-is-better metrics and falls back to the smallest α as reference', () => {
    const ppl = robustnessSummary(
      [
        { alpha: 0.2, value: 10 },
        { alpha: 0.6, value: 14 },
        { alpha: 0.4, value: 11 },
      ],
      { higherIsBetter: false, breakThreshold: 2 },
    );
    expect(ppl?.referenceAlpha).toBe(0.2);
    expect(ppl?.curve.map((c) => c.drop)).toEqual([0, 1, 4]);
    expect(ppl?.worstDrop).toBe(4);
    expect(ppl?.breakAlpha).toBe(0.6);
    // ((0 + 1) / 2 · 0.2 + (1 + 4) / 2 · 0.2) / 0.4 = 1.5
    expect(ppl?.dropAuc).toBeCloseTo(1.5, 12);
    expect(ppl?.dropSlopeNearZero).toBeGreaterThan(0);
  });

  it('handles degenerate sweeps', () => {
    expect(robustnessSummary([])).toBeNull();
    const one = robustnessSummary([{ alpha: 0, value: 0.5 }]);
    expect(one?.meanValue).toBeNull();
    expect(one?.dropAuc).toBeNull();
    expect(one?.slopeNearZero).toBeNull();
    expect(one?.worstDrop).toBe(0);
    expect(one?.breakAlpha).toBeNull();
  });

  it('compares with a random-direction control: specificity and per-α gaps', () => {
    const main = robustnessSummary(sweep);
    const control = robustnessSummary([
      { alpha: 0, value: 0.6 },
      { alpha: 1, value: 0.5 },
    ]);
    if (!main || !control) throw new Error('summaries expected');
    const cmp = compareToControl(main, control);
    // Control drops 0 → 0.1, AUC 0.05; specificity = 0.075 − 0.05.
    expect(cmp.specificity).toBeCloseTo(0.025, 12);
    expect(cmp.gaps.map((g) => g.alpha)).toEqual([0, 0.5, 1]);
    expect(cmp.gaps[0]?.gap).toBeCloseTo(0, 12);
    expect(cmp.gaps[1]?.gap).toBeCloseTo(0.05 - 0.05, 12);
    expect(cmp.gaps[2]?.gap).toBeCloseTo(0.2 - 0.1, 12);
    const both = analyzeSweep(sweep, [
      { alpha: 1, value: 0.5 },
      { alpha: 0, value: 0.6 },
    ]);
    expect(both?.summary).toEqual(main);
    expect(both?.control?.comparison).toEqual(cmp);
    expect(analyzeSweep(sweep, null)?.control).toBeNull();
    expect(analyzeSweep([], null)).toBeNull();
    const short = robustnessSummary([
      { alpha: 0, value: 0.6 },
      { alpha: 0.5, value: 0.6 },
    ]);
    if (!short) throw new Error('summary expected');
    expect(compareToControl(main, short).gaps.map((g) => g.alpha)).toEqual([0, 0.5]);
  });
});
