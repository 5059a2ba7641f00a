import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restartsOf, segmentsOf } from '../../../shared/analysis/restarts';

describe('restarts', () => {
  it('splits where the step goes back, and measures the overlap with what came before', () => {
    const steps = [0, 10, 20, 30, 40, 20, 30, 40, 50, 0, 10];
    expect(segmentsOf(steps)).toEqual([
      { start: 0, end: 5, firstStep: 0, lastStep: 40 },
      { start: 5, end: 9, firstStep: 20, lastStep: 50 },
      { start: 9, end: 11, firstStep: 0, lastStep: 10 },
    ]);
    expect(restartsOf(steps)).toEqual([
      { index: 5, step: 20, fromStep: 40, overlapPoints: 3 },
      { index: 9, step: 0, fromStep: 50, overlapPoints: 2 },
    ]);
  });

  it('repeated steps (several values logged at one step) are not a restart; empty and single series have one segment or none', () => {
    expect(segmentsOf([0, 1, 1, 2])).toHaveLength(1);
    expect(segmentsOf([])).toEqual([]);
    expect(segmentsOf([5])).toEqual([{ start: 0, end: 1, firstStep: 5, lastStep: 5 }]);
  });

  it('segments tile the series exactly and each is non-decreasing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 80 }), (steps) => {
        const segs = segmentsOf(steps);
        let at = 0;
        for (const s of segs) {
          expect(s.start).toBe(at);
          for (let i = s.start + 1; i < s.end; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1] as number);
          at = s.end;
        }
        expect(at).toBe(steps.length);
        expect(restartsOf(steps)).toHaveLength(Math.max(0, segs.length - 1));
      }),
    );
  });
});
