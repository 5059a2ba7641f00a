import { z } from 'zod';

/**
 * Curve smoothing, always run on the full-resolution series (TensorBoard smooths what is left after downsampling,
 * which users have long complained about: tensorflow/tensorboard#1127, #4481). The kind and parameter used are part of
 * every export, so a figure says how it was made.
 */
export const Smoothing = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** TensorBoard's debiased EMA, bit for bit. Weight in [0, 0.999]; TensorBoard's default is 0.6. */
  z.object({ kind: z.literal('ema'), weight: z.number().min(0).max(0.999) }),
  /** Debiased EMA whose decay follows the x gap: `weight` per typical step, so uneven logging does not skew it. */
  z.object({ kind: z.literal('ema-spacing'), weight: z.number().min(0).max(0.999) }),
  /** Centred boxcar over `window` points. */
  z.object({ kind: z.literal('running'), window: z.number().int().min(1).max(100_000) }),
  /** Gaussian kernel over x, standard deviation `sigma` in x units (steps, seconds…). */
  z.object({ kind: z.literal('gaussian'), sigma: z.number().positive() }),
]);
export type Smoothing = z.infer<typeof Smoothing>;

export const NO_SMOOTHING: Smoothing = { kind: 'none' };
export const TENSORBOARD_DEFAULT: Smoothing = { kind: 'ema', weight: 0.6 };

/** How a smoothing is written in exports and tooltips. */
export function describeSmoothing(s: Smoothing): string {
  switch (s.kind) {
    case 'none':
      return 'no smoothing';
    case 'ema':
      return `EMA ${s.weight} (TensorBoard, debiased)`;
    case 'ema-spacing':
      return `EMA ${s.weight} per typical step (spacing-aware, debiased)`;
    case 'running':
      return `running average over ${s.window} points`;
    case 'gaussian':
      return `Gaussian, sigma ${s.sigma}`;
  }
}

export function smooth(s: Smoothing, xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  switch (s.kind) {
    case 'none':
      return Float64Array.from(ys);
    case 'ema':
      return tensorboardEma(ys, s.weight);
    case 'ema-spacing':
      return spacingAwareEma(xs, ys, s.weight);
    case 'running':
      return runningAverage(ys, s.window);
    case 'gaussian':
      return gaussianSmooth(xs, ys, s.sigma);
  }
}

/**
 * TensorBoard's `classicSmoothing` (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts), with the same
 * floating-point operations in the same order so results are identical to the last bit: a constant series is
 * returned as is; NaN/±Inf pass through and do not update the state; x spacing is ignored.
 */
export function tensorboardEma(ys: ArrayLike<number>, weight: number): Float64Array {
  const n = ys.length;
  const out = new Float64Array(n);
  const first = n > 0 ? (ys[0] as number) : Number.NaN;
  let isConstant = true;
  for (let i = 1; i < n && isConstant; i++) if ((ys[i] as number) !== first) isConstant = false;
  // `every(v => v === ys[0])` is false for a NaN first value, as here: NaN !== NaN.
  if (n > 0 && Number.isNaN(first)) isConstant = false;
  let last = n > 0 ? 0 : Number.NaN;
  let numAccum = 0;
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    if (isConstant || !Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    numAccum++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, numAccum);
    out[i] = last / debias;
  }
  return out;
}

/** The typical gap between consecutive x values: the median of the positive gaps (1 when there are none). */
export function typicalSpacing(xs: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = 1; i < xs.length; i++) {
    const d = (xs[i] as number) - (xs[i - 1] as number);
    if (d > 0 && Number.isFinite(d)) gaps.push(d);
  }
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
}

/**
 * A debiased EMA in which a point `k` typical steps after the previous one decays the state by `weight^k`: a run that
 * logged every 10 steps and then every step is smoothed over the same x distance throughout. Equal spacing gives
 * TensorBoard's curve (up to rounding). A step backwards (a restart) counts as one typical step. Non-finite values
 * pass through, as in TensorBoard.
 */
export function spacingAwareEma(xs: ArrayLike<number>, ys: ArrayLike<number>, weight: number): Float64Array {
  const n = ys.length;
  const out = new Float64Array(n);
  const unit = typicalSpacing(xs);
  let acc = 0;
  let norm = 0;
  let prevX: number | null = null;
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    const x = xs[i] as number;
    const gap = prevX === null ? 0 : x - prevX > 0 ? (x - prevX) / unit : 1;
    const decay = prevX === null ? 0 : Math.pow(weight, gap);
    acc = acc * decay + (1 - weight) * y;
    norm = norm * decay + (1 - weight);
    out[i] = norm > 0 ? acc / norm : y;
    prevX = x;
  }
  return out;
}

/** Mean of the finite values in a centred window of `window` points (shorter at the ends). Non-finite values pass through. */
export function runningAverage(ys: ArrayLike<number>, window: number): Float64Array {
  const n = ys.length;
  const out = new Float64Array(n);
  const sums = new Float64Array(n + 1);
  const counts = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    const ok = Number.isFinite(y);
    sums[i + 1] = (sums[i] as number) + (ok ? y : 0);
    counts[i + 1] = (counts[i] as number) + (ok ? 1 : 0);
  }
  const before = Math.floor((window - 1) / 2);
  const after = window - 1 - before;
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    const lo = Math.max(0, i - before);
    const hi = Math.min(n, i + after + 1);
    out[i] = ((sums[hi] as number) - (sums[lo] as number)) / ((counts[hi] as number) - (counts[lo] as number));
  }
  return out;
}

/**
 * Gaussian kernel smoothing in x: each point becomes the weighted mean of the finite points within 3 sigma of its x.
 * Handles uneven spacing. Points are taken in read order; x need not be sorted, but the window is found by a sorted
 * index so the cost stays O(n log n + n·k).
 */
export function gaussianSmooth(xs: ArrayLike<number>, ys: ArrayLike<number>, sigma: number): Float64Array {
  const n = ys.length;
  const out = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (xs[a] as number) - (xs[b] as number));
  const sx = Float64Array.from(order, (i) => xs[i] as number);
  const reach = 3 * sigma;
  const inv = 1 / (2 * sigma * sigma);
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const y = ys[i] as number;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    const x = sx[k] as number;
    while (lo < n && (sx[lo] as number) < x - reach) lo++;
    if (hi < k) hi = k;
    while (hi + 1 < n && (sx[hi + 1] as number) <= x + reach) hi++;
    let sw = 0;
    let sy = 0;
    for (let j = lo; j <= hi; j++) {
      const v = ys[order[j] as number] as number;
      if (!Number.isFinite(v)) continue;
      const d = (sx[j] as number) - x;
      const w = Math.exp(-d * d * inv);
      sw += w;
      sy += w * v;
    }
    out[i] = sy / sw;
  }
  return out;
}
