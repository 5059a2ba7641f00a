import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSeriesStats, mergeSeriesStats } from '../../../shared/domain/series-stats';

describe('mergeSeriesStats', () => {
  it('stats of stored points merged with stats of appended points = stats of all points', () => {
    const point = fc.tuple(fc.integer({ min: -5, max: 1000 }), fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY)));
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), fc.array(point, { maxLength: 30 }), (a, b) => {
        const stats = (ps: [number, number][]) => computeSeriesStats(ps.map((p) => p[0]), ps.map((p) => p[1]));
        expect(mergeSeriesStats(stats(a), stats(b))).toEqual(stats([...a, ...b]));
      }),
    );
  });
  it('keeps "steps ordered" exact across the join of two ordered parts (a live run that never restarted)', () => {
    const steps = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }).map((xs) => [...xs].sort((p, q) => p - q));
    fc.assert(
      fc.property(steps, steps, (a, b) => {
        const stats = (ss: number[]) => computeSeriesStats(ss, ss.map(() => 1));
        expect(mergeSeriesStats(stats(a), stats(b))).toEqual(stats([...a, ...b]));
      }),
    );
  });
});
