import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSmoothing, gaussianSmooth, runningAverage, smooth, spacingAwareEma, tensorboardEma, typicalSpacing } from '../../../shared/analysis/smoothing';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('TensorBoard EMA edge cases', () => {
  it('leaves constant series alone, passes NaN/Inf through without updating, and debiases the start', () => {
    expect(Array.from(tensorboardEma([2, 2, 2], 0.6))).toEqual([2, 2, 2]);
    const out = tensorboardEma([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 3], 0.6);
    expect(out[0]).toBe(1); // debiased: the first value is returned as is
    expect(out[1]).toBeNaN();
    expect(out[3]).toBe(Number.POSITIVE_INFINITY);
    // The NaN did not count: index 2 is the second accumulated value.
    expect(out[2]).toBeCloseTo((0.6 * 0.4 * 1 + 0.4 * 3) / (1 - 0.36), 12);
    expect(Array.from(tensorboardEma([], 0.6))).toEqual([]);
  });
});

describe('other smoothers', () => {
  it('spacing-aware EMA equals TensorBoard on evenly spaced steps', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 200 }), fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (ys, every, w) => {
        fc.pre(!ys.every((v) => v === ys[0]));
        const xs = ys.map((_, i) => i * every);
        const a = spacingAwareEma(xs, ys, w);
        const b = tensorboardEma(ys, w);
        for (let i = 0; i < ys.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 6);
      }),
    );
  });

  it('spacing-aware EMA forgets more across a long gap than TensorBoard does', () => {
    const xs = [0, 1, 2, 3, 100];
    const ys = [1, 1, 1, 1, 5];
    expect(spacingAwareEma(xs, ys, 0.6)[4]).toBeGreaterThan((tensorboardEma(ys, 0.6)[4] as number) + 1);
  });

  it('every smoother stays within the range of the finite values and passes non-finite values through', () => {
    const point = fc.oneof({ weight: 9, arbitrary: finite }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 120 }), (ys) => {
        const xs = ys.map((_, i) => i * 3 + (i % 2));
        const fin = ys.filter((v) => Number.isFinite(v));
        const lo = Math.min(...fin);
        const hi = Math.max(...fin);
        for (const out of [tensorboardEma(ys, 0.8), spacingAwareEma(xs, ys, 0.8), runningAverage(ys, 7), gaussianSmooth(xs, ys, 5)]) {
          ys.forEach((y, i) => {
            const v = out[i] as number;
            if (!Number.isFinite(y)) expect(Object.is(v, y)).toBe(true);
            else {
              expect(v).toBeGreaterThanOrEqual(lo - 1e-6 * Math.max(1, Math.abs(lo)));
              expect(v).toBeLessThanOrEqual(hi + 1e-6 * Math.max(1, Math.abs(hi)));
            }
          });
        }
      }),
    );
  });

  it('running average is centred and shrinks at the ends; window 1 is the identity', () => {
    expect(Array.from(runningAverage([1, 2, 3, 4, 5], 3))).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(Array.from(runningAverage([1, 5, 2], 1))).toEqual([1, 5, 2]);
  });

  it('gaussian weighs by x distance, so uneven spacing is respected', () => {
    const out = gaussianSmooth([0, 1, 2, 50], [0, 0, 0, 10], 1);
    expect(Array.from(out)).toEqual([0, 0, 0, 10]);
  });

  it('typical spacing is the median positive gap; the dispatcher and labels cover every kind', () => {
    expect(typicalSpacing([0, 10, 20, 25, 35])).toBe(10);
    expect(typicalSpacing([5])).toBe(1);
    const xs = [0, 1, 2];
    const ys = [3, 1, 2];
    expect(Array.from(smooth({ kind: 'none' }, xs, ys))).toEqual(ys);
    expect(smooth({ kind: 'ema', weight: 0.6 }, xs, ys)).toEqual(tensorboardEma(ys, 0.6));
    expect(describeSmoothing({ kind: 'ema', weight: 0.6 })).toBe('EMA 0.6 (TensorBoard, debiased)');
    expect(describeSmoothing({ kind: 'gaussian', sigma: 2 })).toMatch(/Gaussian/);
  });
});
