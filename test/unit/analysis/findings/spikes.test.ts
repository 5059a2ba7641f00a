import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robustZ, spikeEpisodes, spikeFindings } from '../../../../shared/analysis/findings/spikes';
import { madOfSorted, median, medianOfSorted } from '../../../../shared/analysis/findings/robust';
import { computeFindings } from '../../../../shared/analysis/findings';
import { noise, runOf, series } from './series';

describe('robust statistics', () => {
  it('median and MAD match a direct computation', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
        const s = Float64Array.from(xs).sort();
        const m = medianOfSorted(s, s.length);
        expect(m).toBe(median(xs));
        const dev = Float64Array.from(xs, (x) => Math.abs(x - m)).sort();
        expect(madOfSorted(s, s.length, m)).toBeCloseTo(medianOfSorted(dev, dev.length), 6);
      }),
    );
  });

  it('z is measured against the previous window only', () => {
    const ys = [1, 2, 3, 4, 5, 100];
    const { z, med } = robustZ(ys, { window: 5, minHistory: 5 });
    expect(Number.isNaN(z[4] as number)).toBe(true);
    expect(med[5]).toBe(3);
    // MAD of 1..5 around 3 is 1, so z = (100 − 3) / 1.4826.
    expect(z[5]).toBeCloseTo(97 / 1.4826, 9);
  });
});

describe('loss spikes (analyses.md §5.3 H)', () => {
  const r = noise(7);
  const base = series(300, () => 2 + 0.05 * r());
  // A three-point spike at 150–152 that is back to normal at 153.
  base.values[150] = 4;
  base.values[151] = 5;
  base.values[152] = 3;

  it('finds one merged episode with its peak, start and recovery', () => {
    const { episodes, logScale } = spikeEpisodes(base);
    expect(logScale).toBe(true);
    expect(episodes).toHaveLength(1);
    const e = episodes[0];
    expect(e?.startStep).toBe(150);
    expect(e?.peakStep).toBe(151);
    expect(e?.peakValue).toBe(5);
    expect(e?.recoveryStep).toBe(153);
    expect(e?.points).toBe(3);
  });

  it('reports the numbers in the finding and says whether a grad-norm spike came first', () => {
    const g = series(300, () => 1 + 0.05 * r());
    g.values[149] = 20;
    const f = computeFindings(runOf({ loss: base, grad_norm: g })).filter((x) => x.kind === 'spike' && x.metric === 'loss');
    expect(f).toHaveLength(1);
    expect(f[0]?.step).toBe(151);
    expect(f[0]?.evidence.peakValue).toBe(5);
    expect(f[0]?.evidence.gradNormSpikeBefore).toBe(1);
    expect(f[0]?.thresholds.tau).toBe(8);
    expect(f[0]?.explanation).toContain('151');
    expect(f[0]?.explanation).toContain('grad_norm spiked at or before it');
  });

  it('an unrecovered jump is critical', () => {
    const r3 = noise(3);
    const s = series(200, (i) => (i < 150 ? 1 + 0.01 * r3() : 50));
    const f = spikeFindings('loss', s);
    expect(f[0]?.severity).toBe('critical');
    expect(f[0]?.evidence.recoveryStep).toBeNull();
  });

  it('a dip is never a spike, and neither is a constant or decreasing series', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 0, maxLength: 300 }), fc.double({ min: 0.001, max: 100, noNaN: true }), (deltas, start) => {
        let v = start + deltas.reduce((a, b) => a + b, 0);
        const dec = deltas.map((d) => (v -= d));
        expect(spikeFindings('loss', series(dec.length, (i) => dec[i] as number))).toEqual([]);
        expect(spikeFindings('loss', series(deltas.length, () => start))).toEqual([]);
      }),
    );
  });
});
