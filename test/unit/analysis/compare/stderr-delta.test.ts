import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excludesZero, parseStderr, stderrDelta } from '../../../../shared/analysis/compare';

describe('stderrDelta (analyses.md §0.4.1)', () => {
  it('computes Δ and Δ ± 1.96·√(se₁² + se₂²) by hand', () => {
    const r = stderrDelta({ value: 0.5, stderr: 0.03 }, { value: 0.55, stderr: 0.04 }, { higherIsBetter: true });
    // √(0.03² + 0.04²) = 0.05 exactly; 1.96 · 0.05 = 0.098.
    expect(r.delta).toBeCloseTo(0.05, 15);
    expect(r.se).toBeCloseTo(0.05, 15);
    expect(r.interval?.low).toBeCloseTo(0.05 - 0.098, 15);
    expect(r.interval?.high).toBeCloseTo(0.05 + 0.098, 15);
    expect(r.improvement).toBe(r.delta);
    expect(r.improvementInterval).toEqual(r.interval);
    expect(r.method).toBe('stderr');
    expect(excludesZero(r.interval)).toBe(false);
  });

  it('turns a lower-is-better delta into an improvement with the sign flipped', () => {
    const r = stderrDelta({ value: 3.2, stderr: 0.1 }, { value: 2.9, stderr: 0.1 }, { higherIsBetter: false });
    expect(r.delta).toBeCloseTo(-0.3, 12);
    expect(r.improvement).toBeCloseTo(0.3, 12);
    const half = 1.96 * Math.sqrt(0.02);
    expect(r.improvementInterval?.low).toBeCloseTo(0.3 - half, 12);
    expect(r.improvementInterval?.high).toBeCloseTo(0.3 + half, 12);
    expect(excludesZero(r.improvementInterval)).toBe(true);
  });

  it('gives no improvement when the direction is unknown, and no interval when a stderr is missing', () => {
    const unknown = stderrDelta({ value: 1, stderr: 0.1 }, { value: 2, stderr: 0.1 }, { higherIsBetter: null });
    expect(unknown.improvement).toBeNull();
    expect(unknown.improvementInterval).toBeNull();
    expect(unknown.interval).not.toBeNull();
    const missing = stderrDelta({ value: 1, stderr: null }, { value: 2, stderr: 0.1 }, { higherIsBetter: true });
    expect(missing.delta).toBe(1);
    expect(missing.se).toBeNull();
    expect(missing.interval).toBeNull();
    expect(missing.improvementInterval).toBeNull();
  });

  it('scores parity metrics (pct_stereotype) by the distance to the target gained', () => {
    // Baseline 0.62 (0.12 from parity), candidate 0.55 (0.05 from parity): 0.07 closer.
    const r = stderrDelta({ value: 0.62, stderr: 0.012 }, { value: 0.55, stderr: 0.012 }, { higherIsBetter: false, parityTarget: 0.5 });
    expect(r.improvement).toBeCloseTo(0.07, 12);
    // Overshooting parity by the same distance is no gain.
    const over = stderrDelta({ value: 0.6, stderr: 0.01 }, { value: 0.4, stderr: 0.01 }, { higherIsBetter: null, parityTarget: 0.5 });
    expect(over.improvement).toBeCloseTo(0, 12);
  });

  it('reads lm-eval stderr strings: "N/A" and friends are missing, not zero', () => {
    expect(parseStderr('N/A')).toBeNull();
    expect(parseStderr('n/a')).toBeNull();
    expect(parseStderr(' ')).toBeNull();
    expect(parseStderr(Number.NaN)).toBeNull();
    expect(parseStderr(-1)).toBeNull();
    expect(parseStderr('0.0125')).toBe(0.0125);
    expect(parseStderr(0.02)).toBe(0.02);
    expect(parseStderr(null)).toBeNull();
  });

  const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
  const se = fc.option(fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true }), { nil: null });
  const direction = fc.constantFrom<boolean | null>(true, false, null);

  it('property: swapping baseline and candidate flips every delta and mirrors every interval', () => {
    fc.assert(
      fc.property(finite, se, finite, se, direction, fc.option(finite, { nil: undefined }), (x1, s1, x2, s2, hib, parity) => {
        const opts = parity === undefined ? { higherIsBetter: hib } : { higherIsBetter: hib, parityTarget: parity };
        const fwd = stderrDelta({ value: x1, stderr: s1 }, { value: x2, stderr: s2 }, opts);
        const rev = stderrDelta({ value: x2, stderr: s2 }, { value: x1, stderr: s1 }, opts);
        // === (not Object.is): x1 = x2 gives 0 one way and −0 the other.
        expect(rev.delta === -fwd.delta).toBe(true);
        expect(rev.se).toBe(fwd.se);
        if (fwd.interval === null) expect(rev.interval).toBeNull();
        else {
          expect(rev.interval?.low).toBeCloseTo(-fwd.interval.high, 9);
          expect(rev.interval?.high).toBeCloseTo(-fwd.interval.low, 9);
        }
        if (fwd.improvement === null) expect(rev.improvement).toBeNull();
        else expect(rev.improvement).toBeCloseTo(-fwd.improvement, 9);
        if (fwd.improvementInterval === null) expect(rev.improvementInterval).toBeNull();
        else {
          expect(rev.improvementInterval?.low).toBeCloseTo(-fwd.improvementInterval.high, 9);
          expect(rev.improvementInterval?.high).toBeCloseTo(-fwd.improvementInterval.low, 9);
        }
      }),
    );
  });

  it('property: the interval is centred on the delta and has half-width 1.96·se', () => {
    fc.assert(
      fc.property(finite, fc.double({ min: 0, max: 10, noNaN: true }), finite, fc.double({ min: 0, max: 10, noNaN: true }), (x1, s1, x2, s2) => {
        const r = stderrDelta({ value: x1, stderr: s1 }, { value: x2, stderr: s2 }, { higherIsBetter: true });
        const half = 1.96 * Math.hypot(s1, s2);
        expect(r.interval?.high ?? Number.NaN).toBeCloseTo(x2 - x1 + half, 9);
        expect(r.interval?.low ?? Number.NaN).toBeCloseTo(x2 - x1 - half, 9);
      }),
    );
  });
});
