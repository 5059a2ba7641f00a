import type { RunSeries } from '../../../shared/domain/series';
import { at, seriesX } from '../../../shared/domain/series';

/**
 * The outlier-aware y range: a spike of 1e4 in a loss of 2 flattens the curve to a line unless the axis ignores it.
 * Pure, so the clip is tested on numbers, not on a chart.
 */

export interface YRange {
  readonly min: number;
  readonly max: number;
}

/** The default clip: the 1st to the 99th percentile of what is on screen. */
export const CLIP_PERCENTILES = { lo: 0.01, hi: 0.99 } as const;

/**
 * The [lo, hi] percentile range of the finite values, each end the nearest data value inside the interpolated
 * percentile (and, with `positiveOnly`, only those > 0, for a log axis).
 * Null when there is nothing to clip to: no values, or all the same.
 */
export function percentileRange(values: Iterable<number | null | undefined>, lo: number = CLIP_PERCENTILES.lo, hi: number = CLIP_PERCENTILES.hi, positiveOnly = false): YRange | null {
  const kept: number[] = [];
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (positiveOnly && v <= 0) continue;
    kept.push(v);
  }
  if (kept.length === 0) return null;
  const sorted = Float64Array.from(kept).sort();
  // Ranks rounded inward to real values: interpolating towards a lone spike (one point in a hundred) would carry a
  // share of it into the bound, which is what the clip is there to keep out.
  const n = sorted.length;
  const min = sorted[Math.min(n - 1, Math.ceil(Math.min(1, Math.max(0, lo)) * (n - 1)))] as number;
  const max = sorted[Math.max(0, Math.floor(Math.min(1, Math.max(0, hi)) * (n - 1)))] as number;
  return max > min ? { min, max } : null;
}

/** Every drawn value (raw and smoothed) whose x lies in `window` (all of them when null): what the clip looks at. */
export function* visibleValues(series: readonly RunSeries[], window: YRange | null): Generator<number | null> {
  for (const s of series) {
    const xs = seriesX(s);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      if (window !== null && (x < window.min || x > window.max)) continue;
      yield at(s.values, i);
      if (s.smoothed) yield at(s.smoothed, i);
    }
  }
}

/** The 1st–99th percentile range of the visible values (only those > 0 on a log axis); null when nothing to clip to. */
export function clipRange(series: readonly RunSeries[], window: YRange | null, logY: boolean): YRange | null {
  return percentileRange(visibleValues(series, window), CLIP_PERCENTILES.lo, CLIP_PERCENTILES.hi, logY);
}

/** `r` widened by `frac` of its span on each side; on a log axis by the same fraction of its log span, so it stays > 0. */
export function padRange(r: YRange, frac: number, logY: boolean): YRange {
  if (logY && r.min > 0) {
    const f = (r.max / r.min) ** frac;
    return { min: r.min / f, max: r.max * f };
  }
  const pad = (r.max - r.min) * frac;
  return { min: r.min - pad, max: r.max + pad };
}
