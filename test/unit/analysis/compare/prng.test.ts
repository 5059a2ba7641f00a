import { describe, expect, it } from 'vitest';
import { seededPrng, xoshiro128ssFromState } from '../../../../shared/util/prng';

describe('seeded PRNG (shared/util/prng.ts)', () => {
  it('reproduces the reference xoshiro128** output (C code of prng.di.unimi.it, state 1,2,3,4)', () => {
    const g = xoshiro128ssFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => g.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
    expect(() => xoshiro128ssFromState([0, 0, 0, 0])).toThrow();
  });

  it('is deterministic per seed, differs between seeds, and stays in range', () => {
    const draw = (seed: number) => {
      const g = seededPrng(seed);
      return Array.from({ length: 1000 }, () => g.next());
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    const xs = draw(123);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
    // nextInt(7) is uniform: 70,000 draws, each bucket within ~4 sd of 10,000.
    const h = seededPrng(9);
    const c2 = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const k = h.nextInt(7);
      c2[k] = (c2[k] ?? 0) + 1;
    }
    for (const c of c2) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
