import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocScore, MatchedPair } from '../../../../shared/analysis/compare';
import { comparePaired, flipCounts, matchSamples, mcnemarExactP, mcnemarTest, pairedBootstrap, stderrDelta } from '../../../../shared/analysis/compare';
import { seededPrng } from '../../../../shared/util/prng';

const doc = (docId: number | string | null, value: number, docHash: string | null = null, stratum?: string): DocScore => (stratum === undefined ? { docId, docHash, value } : { docId, docHash, value, stratum });

describe('matchSamples', () => {
  it('pairs by doc id, sorted numerically, and counts what did not pair', () => {
    const base = [doc(10, 1, 'h10'), doc(2, 0, 'h2'), doc(3, 1, 'h3'), doc(3, 0, 'h3'), doc(null, 1), doc(7, Number.NaN)];
    const cand = [doc(3, 0, 'h3'), doc(2, 1, 'CHANGED'), doc(10, 1, 'h10'), doc(99, 1, 'h99')];
    const m = matchSamples(base, cand, 'id');
    expect(m.pairs.map((p) => p.key)).toEqual(['2', '3', '10']);
    expect(m.pairs.map((p) => [p.baseline, p.candidate])).toEqual([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(m.nMatched).toBe(3);
    // No id (1) + NaN value (1) unusable; the duplicate doc 3 is counted apart.
    expect(m.unmatchedBaseline).toBe(2);
    expect(m.duplicatesBaseline).toBe(1);
    expect(m.unmatchedCandidate).toBe(1);
    expect(m.hashMismatches).toBe(1);
  });

  it('pairs by hash when ids differ, and needs both under id+hash', () => {
    const base = [doc(0, 1, 'a'), doc(1, 0, 'b'), doc(2, 1, 'c')];
    const cand = [doc(5, 0, 'c'), doc(6, 1, 'a'), doc(1, 1, 'x')];
    const byHash = matchSamples(base, cand, 'hash');
    expect(byHash.pairs.map((p) => [p.key, p.baseline, p.candidate])).toEqual([
      ['a', 1, 1],
      ['c', 1, 0],
    ]);
    expect(byHash.unmatchedBaseline).toBe(1);
    const strict = matchSamples(base, cand, 'id+hash');
    expect(strict.nMatched).toBe(0);
    expect(strict.unmatchedBaseline).toBe(3);
    expect(strict.unmatchedCandidate).toBe(3);
    expect(matchSamples(base, cand, 'id').nMatched).toBe(1);
  });

  it('does not depend on the order the files list documents in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(500), { minLength: 1, maxLength: 40 }), fc.integer(), (ids, seed) => {
        const base = ids.map((id) => doc(id, id % 2));
        const cand = ids.map((id) => doc(id, (id % 3) % 2));
        const shuffled = [...cand];
        const rng = seededPrng(seed);
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rng.nextInt(i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as DocScore, shuffled[i] as DocScore];
        }
        expect(matchSamples(base, shuffled).pairs).toEqual(matchSamples(base, cand).pairs);
      }),
    );
  });
});

/** Synthetic 0/1 outcomes: baseline right with pA; the candidate keeps the baseline's answer with pKeep, else redraws with pB. */
function synthetic(n: number, seed: number, pA: number, pB: number, pKeep: number): MatchedPair[] {
  const rng = seededPrng(seed);
  const out: MatchedPair[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.next() < pA ? 1 : 0;
    const b = rng.next() < pKeep ? a : rng.next() < pB ? 1 : 0;
    out.push({ key: String(i), baseline: a, candidate: b, stratum: '' });
  }
  return out;
}

const meanSd = (xs: readonly number[]): { mean: number; sd: number } => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, sd: Math.sqrt(v) };
};

describe('pairedBootstrap (analyses.md §0.4.2)', () => {
  const pairs = synthetic(300, 1, 0.55, 0.65, 0.5);

  it('is reproducible with the same seed and differs with another', () => {
    const a = pairedBootstrap(pairs, { seed: 42, resamples: 2000 });
    const b = pairedBootstrap(pairs, { seed: 42, resamples: 2000 });
    const c = pairedBootstrap(pairs, { seed: 43, resamples: 2000 });
    expect(a).toEqual(b);
    expect(c?.delta).toBe(a?.delta);
    expect(c?.interval).not.toEqual(a?.interval);
    expect(a?.resamples).toBe(2000);
    expect(pairedBootstrap(pairs)?.resamples).toBe(10_000);
  });

  it('hand cases: a constant difference has a degenerate interval; p is 0 away from 0 and 1 at 0', () => {
    const constant = [0, 1, 2, 3].map((i) => ({ baseline: 0.5, candidate: 0.7, stratum: '', key: String(i) }));
    const r = pairedBootstrap(constant, { resamples: 500 });
    expect(r?.delta).toBeCloseTo(0.2, 12);
    expect(r?.interval.low).toBeCloseTo(0.2, 12);
    expect(r?.interval.high).toBeCloseTo(0.2, 12);
    expect(r?.p).toBe(0);
    const none = pairedBootstrap(
      [0, 1].map((i) => ({ baseline: 1, candidate: 1, stratum: '', key: String(i) })),
      { resamples: 100 },
    );
    expect(none?.p).toBe(1);
    expect(pairedBootstrap([])).toBeNull();
  });

  it('resamples within strata, which fixes each subtask weight at its size', () => {
    // Stratum A: d = 1 on 3 docs; stratum B: d = 0 on 1 doc. Every stratified replicate is exactly 3/4.
    const strat = [doc(0, 0, null, 'A'), doc(1, 0, null, 'A'), doc(2, 0, null, 'A'), doc(3, 0, null, 'B')].map((d, i) => ({
      key: String(i),
      baseline: d.value,
      candidate: d.stratum === 'A' ? 1 : 0,
      stratum: d.stratum ?? '',
    }));
    const r = pairedBootstrap(strat, { resamples: 1000 });
    expect(r?.strata).toBe(2);
    expect(r?.interval.low).toBeCloseTo(0.75, 12);
    expect(r?.interval.high).toBeCloseTo(0.75, 12);
    const flat = pairedBootstrap(
      strat.map((p) => ({ ...p, stratum: '' })),
      { resamples: 1000 },
    );
    expect((flat?.interval.high ?? 0) - (flat?.interval.low ?? 0)).toBeGreaterThan(0.4);
  });

  it('agrees with the analytic paired normal interval on a large sample', () => {
    const big = synthetic(4000, 7, 0.6, 0.62, 0.7);
    const { mean, sd } = meanSd(big.map((p) => p.candidate - p.baseline));
    const half = (1.96 * sd) / Math.sqrt(big.length);
    const r = pairedBootstrap(big);
    expect(r).not.toBeNull();
    expect(r?.delta).toBeCloseTo(mean, 12);
    // Monte Carlo error of a 2.5 % quantile at B = 10,000 is ~1 % of the half-width; allow 5 %.
    expect(Math.abs((r?.interval.low ?? 0) - (mean - half))).toBeLessThan(0.05 * half);
    expect(Math.abs((r?.interval.high ?? 0) - (mean + half))).toBeLessThan(0.05 * half);
    expect(Math.abs((r?.se ?? 0) / (sd / Math.sqrt(big.length)) - 1)).toBeLessThan(0.03);
  });

  it('matches the unpaired stderr interval (§0.4.1) for independent runs, and is narrower for correlated ones', () => {
    const se = (xs: readonly number[]) => meanSd(xs).sd / Math.sqrt(xs.length);
    const halfWidth = (ps: readonly MatchedPair[]) => {
      const boot = pairedBootstrap(ps);
      const a = ps.map((p) => p.baseline);
      const b = ps.map((p) => p.candidate);
      const unpaired = stderrDelta({ value: meanSd(a).mean, stderr: se(a) }, { value: meanSd(b).mean, stderr: se(b) }, { higherIsBetter: true });
      return { boot: ((boot?.interval.high ?? 0) - (boot?.interval.low ?? 0)) / 2, unpaired: ((unpaired.interval?.high ?? 0) - (unpaired.interval?.low ?? 0)) / 2 };
    };
    const independent = halfWidth(synthetic(4000, 11, 0.6, 0.65, 0));
    expect(Math.abs(independent.boot / independent.unpaired - 1)).toBeLessThan(0.05);
    const correlated = halfWidth(synthetic(4000, 11, 0.6, 0.65, 0.8));
    expect(correlated.boot).toBeLessThan(0.6 * correlated.unpaired);
  });

  it('property: swapping baseline and candidate mirrors the bootstrap (same seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 60 }), fc.integer(), (rows, seed) => {
        const base = rows.map(([a], i) => doc(i, a));
        const cand = rows.map(([, b], i) => doc(i, b));
        const fwd = comparePaired(base, cand, 'id', { seed, resamples: 300 });
        const rev = comparePaired(cand, base, 'id', { seed, resamples: 300 });
        expect(rev.bootstrap?.delta).toBeCloseTo(-(fwd.bootstrap?.delta ?? 0), 12);
        expect(rev.bootstrap?.interval.low).toBeCloseTo(-(fwd.bootstrap?.interval.high ?? 0), 12);
        expect(rev.bootstrap?.interval.high).toBeCloseTo(-(fwd.bootstrap?.interval.low ?? 0), 12);
        expect(rev.bootstrap?.p).toBe(fwd.bootstrap?.p);
        expect(rev.mcnemar?.b).toBe(fwd.mcnemar?.c);
        expect(rev.mcnemar?.c).toBe(fwd.mcnemar?.b);
        expect(rev.mcnemar?.p).toBe(fwd.mcnemar?.p);
      }),
      { numRuns: 50 },
    );
  });
});

describe('McNemar exact test (analyses.md §0.4.3)', () => {
  it('matches known exact two-sided binomial p-values', () => {
    // Reference values: scipy.stats.binomtest(min(b, c), b + c, 0.5) and exact rational arithmetic.
    expect(mcnemarExactP(10, 2)).toBeCloseTo(0.03857421875, 14);
    expect(mcnemarExactP(2, 10)).toBeCloseTo(0.03857421875, 14);
    expect(mcnemarExactP(0, 5)).toBeCloseTo(0.0625, 14);
    expect(mcnemarExactP(1, 9)).toBeCloseTo(0.021484375, 14);
    expect(mcnemarExactP(7, 7)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBe(1);
    // Large counts, where 2^-n underflows a naive sum.
    expect(mcnemarExactP(600, 520) / 0.018207019279300234).toBeCloseTo(1, 10);
    expect(mcnemarExactP(3000, 2900) / 0.1974390248435765).toBeCloseTo(1, 10);
    expect(() => mcnemarExactP(-1, 2)).toThrow(RangeError);
  });

  it('counts flips: b = baseline right / candidate wrong, c = the reverse', () => {
    const pairs = [
      [1, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
      [0, 0],
    ].map(([baseline, candidate]) => ({ baseline: baseline as number, candidate: candidate as number }));
    expect(flipCounts(pairs)).toEqual({ b: 2, c: 1, bothRight: 1, bothWrong: 2 });
    const t = mcnemarTest(pairs);
    expect(t?.n).toBe(6);
    expect(t?.p).toBe(1);
    expect(flipCounts([{ baseline: 0.5, candidate: 1 }])).toBeNull();
    expect(mcnemarTest([{ baseline: 0.5, candidate: 1 }])).toBeNull();
  });

  it('is only run for 0/1 metrics in comparePaired', () => {
    const cont = comparePaired([doc(0, 0.3), doc(1, 0.9)], [doc(0, 0.4), doc(1, 0.8)]);
    expect(cont.mcnemar).toBeNull();
    expect(cont.bootstrap?.n).toBe(2);
    const bin = comparePaired(
      Array.from({ length: 12 }, (_, i) => doc(i, i < 10 ? 1 : 0)),
      Array.from({ length: 12 }, (_, i) => doc(i, i < 10 ? 0 : 1)),
    );
    expect(bin.mcnemar).toMatchObject({ b: 10, c: 2 });
    expect(bin.mcnemar?.p).toBeCloseTo(0.03857421875, 14);
    expect(bin.match.nMatched).toBe(12);
  });
});
