import { describe, expect, it } from 'vitest';
import { QUADRANT_LABELS, classifyQuadrant } from '../../../../shared/analysis/compare';

const axis = (delta: number, low: number | null, high: number | null) => ({ delta, interval: low === null || high === null ? null : { low, high } });

describe('classifyQuadrant (safety–reasoning plane, analyses.md §2.3 A)', () => {
  it.each([
    ['both-better', axis(1, 0.5, 1.5), axis(2, 1, 3)],
    ['alignment-tax', axis(-1, -1.5, -0.5), axis(2, 1, 3)],
    ['reverse-tax', axis(1, 0.5, 1.5), axis(-2, -3, -1)],
    ['both-worse', axis(-1, -1.5, -0.5), axis(-2, -3, -1)],
  ] as const)('%s when both intervals exclude 0', (want, reasoning, safety) => {
    const r = classifyQuadrant(reasoning, safety);
    expect(r.verdict).toBe(want);
    expect(r.pointQuadrant).toBe(want);
  });

  it('is not distinguishable from 0 when an interval covers 0 (bounds inclusive) or is missing', () => {
    const covers = classifyQuadrant(axis(-1, -2, 0.1), axis(2, 1, 3));
    expect(covers.verdict).toBe('not-distinguishable');
    expect(covers.pointQuadrant).toBe('alignment-tax');
    expect(covers.reasoning).toBe('indistinguishable');
    expect(covers.safety).toBe('better');
    expect(classifyQuadrant(axis(1, 0, 2), axis(1, 0.5, 2)).verdict).toBe('not-distinguishable');
    const missing = classifyQuadrant(axis(1, null, null), axis(1, 0.5, 2));
    expect(missing.reasoning).toBe('unknown');
    expect(missing.verdict).toBe('not-distinguishable');
    expect(classifyQuadrant(axis(0, -1, 1), axis(1, 0.5, 2)).pointQuadrant).toBeNull();
    expect(QUADRANT_LABELS['not-distinguishable']).toMatch(/not distinguishable/i);
  });
});
