/**
 * Robust statistics shared by the findings (analyses.md §0.4, §5.3 H, §6.3): medians, MAD, trailing windows and the
 * Theil–Sen slope. Trailing only, so no finding ever looks ahead of the point it judges (§6.3 "Smoothing").
 */

/** Scale factor turning a MAD into a standard-deviation estimate for normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** Median of a sorted array's first `n` entries. */
export function medianOfSorted(sorted: ArrayLike<number>, n: number = sorted.length): number {
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median absolute deviation from `m` of a sorted array's first `n` entries, in O(n) by merging outwards from `m`
 * (the deviations on each side of `m` are already sorted).
 */
export function madOfSorted(sorted: ArrayLike<number>, n: number, m: number): number {
  if (n === 0) return Number.NaN;
  // r: first index with value > m; l: the one before it.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= m) lo = mid + 1;
    else hi = mid;
  }
  let l = lo - 1;
  let r = lo;
  const want = n >> 1;
  const next = (): number => {
    const dl = l >= 0 ? m - (sorted[l] as number) : Number.POSITIVE_INFINITY;
    const dr = r < n ? (sorted[r] as number) - m : Number.POSITIVE_INFINITY;
    if (dl <= dr) {
      l--;
      return dl;
    }
    r++;
    return dr;
  };
  let prev = 0;
  for (let k = 0; k < want; k++) prev = next();
  const at = next();
  return n % 2 === 1 ? at : (prev + at) / 2;
}

export function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  return medianOfSorted(s, s.length);
}

/** A sliding multiset of numbers kept sorted, for trailing medians in O(window) per step. */
export class SortedWindow {
  private buf: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.n;
  }

  add(x: number): void {
    if (this.n === this.buf.length) {
      const grown = new Float64Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    const i = this.lowerBound(x);
    this.buf.copyWithin(i + 1, i, this.n);
    this.buf[i] = x;
    this.n++;
  }

  remove(x: number): void {
    const i = this.lowerBound(x);
    if (i >= this.n || this.buf[i] !== x) return;
    this.buf.copyWithin(i, i + 1, this.n);
    this.n--;
  }

  median(): number {
    return medianOfSorted(this.buf, this.n);
  }

  mad(m: number): number {
    return madOfSorted(this.buf, this.n, m);
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.buf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Trailing rolling median over the last `k` values, the current one included (a display-free, spike-robust level). */
export function trailingMedian(ys: ArrayLike<number>, k: number): Float64Array {
  const w = new SortedWindow(k);
  const out = new Float64Array(ys.length);
  for (let i = 0; i < ys.length; i++) {
    if (i >= k) w.remove(ys[i - k] as number);
    w.add(ys[i] as number);
    out[i] = w.median();
  }
  return out;
}

/** Theil–Sen slope: the median of pairwise slopes (§6.3). Evenly thins to `cap` points first to stay O(cap²). */
export function theilSen(xs: ArrayLike<number>, ys: ArrayLike<number>, cap = 400): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return Number.NaN;
  const idx: number[] = [];
  if (n <= cap) for (let i = 0; i < n; i++) idx.push(i);
  else for (let j = 0; j < cap; j++) idx.push(Math.round((j * (n - 1)) / (cap - 1)));
  const slopes: number[] = [];
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      const i = idx[a] as number;
      const j = idx[b] as number;
      const dx = (xs[j] as number) - (xs[i] as number);
      if (dx !== 0) slopes.push(((ys[j] as number) - (ys[i] as number)) / dx);
    }
  }
  return slopes.length === 0 ? Number.NaN : median(slopes);
}

/** Finite points of a series, stably sorted by step (restarts keep their read order within a step). */
export interface Points {
  readonly steps: Float64Array;
  readonly values: Float64Array;
}

export function finitePoints(steps: ArrayLike<number>, values: ArrayLike<number>): Points {
  const n = Math.min(steps.length, values.length);
  const keep: number[] = [];
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = steps[i] as number;
    const v = values[i] as number;
    if (!Number.isFinite(s) || !Number.isFinite(v)) continue;
    if (s < last) sorted = false;
    last = s;
    keep.push(i);
  }
  if (!sorted) keep.sort((a, b) => (steps[a] as number) - (steps[b] as number) || a - b);
  return { steps: Float64Array.from(keep, (i) => steps[i] as number), values: Float64Array.from(keep, (i) => values[i] as number) };
}

/** Median gap between consecutive steps (0 for fewer than two points). */
export function typicalSpacing(steps: ArrayLike<number>): number {
  if (steps.length < 2) return 0;
  const gaps = new Float64Array(steps.length - 1);
  for (let i = 1; i < steps.length; i++) gaps[i - 1] = (steps[i] as number) - (steps[i - 1] as number);
  return median(gaps);
}
