export interface SeriesStats {
  readonly points: number;
  readonly firstStep: number | null;
  readonly lastStep: number | null;
  /** Value of the last point in read order; NaN/Inf kept (the caller decides how to show them). */
  readonly lastValue: number | null;
  /** Min/max of the finite values only; null when there are none. */
  readonly min: number | null;
  readonly max: number | null;
  readonly nonFinite: number;
}

/** Summary of one series in read order (so "last" is the last point written, even after a restart). */
export function computeSeriesStats(steps: ArrayLike<number>, values: ArrayLike<number>): SeriesStats {
  const n = Math.min(steps.length, values.length);
  if (n === 0) return { points: 0, firstStep: null, lastStep: null, lastValue: null, min: null, max: null, nonFinite: 0 };
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  let lastStep = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const s = steps[i] as number;
    if (s > lastStep) lastStep = s;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    points: n,
    firstStep: steps[0] as number,
    lastStep,
    lastValue: values[n - 1] as number,
    min: min === Infinity ? null : min,
    max: max === -Infinity ? null : max,
    nonFinite,
  };
}
