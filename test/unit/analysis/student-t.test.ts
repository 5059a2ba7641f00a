import { describe, expect, it } from 'vitest';
import { meanCi95, tCritical975 } from '../../../shared/analysis/student-t';

describe('Student t 97.5 % quantile', () => {
  it('matches standard tables and tends to the normal 1.96', () => {
    expect(tCritical975(1)).toBe(12.706);
    expect(tCritical975(9)).toBe(2.262);
    expect(tCritical975(30)).toBe(2.042);
    expect(tCritical975(50)).toBeCloseTo(2.009, 2);
    expect(tCritical975(1e6)).toBeCloseTo(1.96, 3);
    expect(tCritical975(0)).toBeNaN();
    for (let d = 1; d < 500; d++) expect(tCritical975(d + 1)).toBeLessThanOrEqual(tCritical975(d));
  });

  it('a band needs two runs', () => {
    expect(meanCi95(3, 1, 1)).toEqual({ lo: 3, hi: 3 });
    const b = meanCi95(0, 2, 4);
    expect(b.hi).toBeCloseTo((3.182 * 2) / 2, 12);
    expect(b.lo).toBeCloseTo(-b.hi, 12);
  });
});
