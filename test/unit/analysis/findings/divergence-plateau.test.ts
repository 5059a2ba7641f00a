import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFindings } from '../../../../shared/analysis/findings';
import { divergenceFinding } from '../../../../shared/analysis/findings/divergence';
import { isMinimisedLoss } from '../../../../shared/analysis/findings/metric-names';
import { plateauFindings } from '../../../../shared/analysis/findings/plateau';
import { noise, runOf, series } from './series';

describe('divergence (analyses.md §5.3 H)', () => {
  it('finds the onset of a sustained rise above the running minimum', () => {
    // Falls to 2 by step 100, then climbs linearly to 10 at step 199.
    const s = series(200, (i) => (i <= 100 ? 6 - (4 * i) / 100 : 2 + (8 * (i - 100)) / 99));
    const f = divergenceFinding('loss', s);
    expect(f?.kind).toBe('divergence');
    expect(f?.severity).toBe('critical');
    // Lowest 10-point trailing median, around the turn at step 100: the mean of the middle pair 2.12 and 2.16.
    expect(f?.evidence.bestLevel).toBeCloseTo(2.14, 9);
    // The 10-point trailing median first exceeds 1.5 × its minimum where the line passes ~3.1.
    const onset = f?.step as number;
    expect(onset).toBeGreaterThan(110);
    expect(onset).toBeLessThan(125);
    expect(f?.evidence.recoveryStep).toBeNull();
  });

  it('a loss that ends non-finite has diverged; one that was never finite is left to the NaN finding', () => {
    const s = { steps: [1, 2, 3, 4], values: [2, 1.5, Number.NaN, Number.NaN] };
    expect(divergenceFinding('loss', s)?.step).toBe(3);
    expect(divergenceFinding('loss', { steps: [1, 2], values: [Number.NaN, Number.NaN] })).toBeNull();
  });

  it('a decreasing or constant loss never diverges', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 200 }), (drops) => {
        let v = 1 + drops.reduce((a, b) => a + b, 0);
        const dec = drops.map((d) => (v -= d));
        expect(divergenceFinding('loss', series(dec.length, (i) => dec[i] as number))).toBeNull();
        expect(divergenceFinding('loss', series(drops.length, () => 3))).toBeNull();
      }),
    );
  });

  it('skips RL and GAN terms that are not minimised', () => {
    expect(isMinimisedLoss('critic/vf_loss')).toBe(false);
    expect(isMinimisedLoss('Discriminator loss')).toBe(false);
    expect(isMinimisedLoss('train/loss')).toBe(true);
    expect(isMinimisedLoss('loss scale')).toBe(false);
  });
});

describe('plateau (analyses.md §6.3)', () => {
  it('finds a flat stretch after a fall, with its range', () => {
    const r = noise(5);
    // Falls from 5 to 1 over 100 steps, then flat (tiny noise) for 300.
    const s = series(400, (i) => (i < 100 ? 5 - (4 * i) / 100 : 1 + 0.001 * r()));
    const f = plateauFindings('loss', s);
    expect(f).toHaveLength(1);
    expect(f[0]?.stepEnd).toBe(399);
    expect(f[0]?.evidence.atEnd).toBe(1);
    expect(f[0]?.stepStart as number).toBeGreaterThanOrEqual(90);
    expect(f[0]?.stepStart as number).toBeLessThanOrEqual(140);
  });

  it('a steadily improving loss has no plateau', () => {
    expect(plateauFindings('loss', series(500, (i) => 10 * Math.exp(-i / 100)))).toEqual([]);
  });
});

describe('non-finite onset', () => {
  it('gives the first non-finite step and the counts', () => {
    const s = { steps: [1, 2, 3, 4, 5], values: [1, Number.NaN, 2, Number.POSITIVE_INFINITY, Number.NaN] };
    const f = computeFindings(runOf({ grad_norm: s })).find((x) => x.kind === 'non-finite');
    expect(f?.step).toBe(2);
    expect(f?.stepEnd).toBe(5);
    expect(f?.evidence.nanCount).toBe(2);
    expect(f?.evidence.posInfCount).toBe(1);
    expect(f?.evidence.lastFiniteValueBefore).toBe(1);
    expect(f?.severity).toBe('critical');
    expect(f?.title).toContain('3 of 5');
  });

  it('finite series have none', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 50 }), (vs) => {
        expect(computeFindings(runOf({ acc: series(vs.length, (i) => vs[i] as number) })).filter((f) => f.kind === 'non-finite')).toEqual([]);
      }),
    );
  });
});
