/**
 * A small seeded PRNG so resampling analyses (the paired bootstrap of analyses.md §0.4.2) give the same numbers on
 * every machine and every run: Math.random cannot be seeded.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), 32-bit output,
 * period 2^128 − 1, so B = 10,000 resamples of 10^5 documents stay far inside one period. The 128-bit state is filled
 * from the 32-bit seed by splitmix32, as the authors recommend (a seed must never leave the state all zero).
 */

export interface Prng {
  /** The next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32 (multiply-shift; the bias is below n / 2^32, negligible for resampling). */
  nextInt(n: number): number;
}

const TWO_POW_32 = 4294967296;

/**
 * xoshiro128** over an explicit state (four uint32 words, not all zero). Exposed so tests can check the reference.
 * The state lives in an Int32Array and the step stays in int32 arithmetic: closure variables holding values ≥ 2^31
 * would be boxed as heap numbers on every step, which made the bootstrap ~15× slower.
 */
export function xoshiro128ssFromState(state: readonly [number, number, number, number]): Prng {
  // Indices 0–3 of this length-4 array always exist, hence the `!` below (noUncheckedIndexedAccess cannot know).
  const s = new Int32Array(4);
  for (let i = 0; i < 4; i++) s[i] = state[i] ?? 0;
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) throw new Error('xoshiro128** state must not be all zero');
  const step = (): number => {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
  return {
    nextUint32: () => step() >>> 0,
    next: () => (step() >>> 0) / TWO_POW_32,
    nextInt: (n: number) => Math.floor(((step() >>> 0) / TWO_POW_32) * n),
  };
}

/** splitmix32 step: spreads consecutive seeds (0, 1, 2…) into unrelated states. */
function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let x = z;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
}

/** A generator from a 32-bit integer seed (the value is reduced modulo 2^32). */
export function seededPrng(seed: number): Prng {
  const sm = splitmix32(Math.trunc(seed));
  const state: [number, number, number, number] = [sm(), sm(), sm(), sm()];
  // splitmix32 is a bijection per step, so four zero outputs in a row cannot happen; guard anyway.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return xoshiro128ssFromState(state);
}
