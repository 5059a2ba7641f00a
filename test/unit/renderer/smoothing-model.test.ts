import { describe, expect, it } from 'vitest';
import { makeSmoothing, SMOOTHING_CHOICES, smoothingParam } from '../../../renderer/features/curves/smoothing-model';
import { Smoothing } from '../../../shared/analysis/smoothing';

describe('smoothing control model', () => {
  it('every choice makes a smoothing the host accepts, at its default and at out-of-range values', () => {
    for (const c of SMOOTHING_CHOICES) {
      for (const v of [null, -5, 0.3, 7, 1e9, Number.NaN]) {
        const s = makeSmoothing(c.kind, v);
        expect(Smoothing.safeParse(s).success, `${c.kind} ${v}`).toBe(true);
        expect(s.kind).toBe(c.kind);
      }
    }
  });

  it('keeps the parameter it was given when valid, and reads it back', () => {
    expect(makeSmoothing('ema', 0.9)).toEqual({ kind: 'ema', weight: 0.9 });
    expect(makeSmoothing('running', 10.4)).toEqual({ kind: 'running', window: 10 });
    expect(smoothingParam(makeSmoothing('gaussian', 3))).toBe(3);
    expect(smoothingParam({ kind: 'none' })).toBeNull();
    expect(makeSmoothing('ema', null)).toEqual({ kind: 'ema', weight: 0.6 });
  });
});
