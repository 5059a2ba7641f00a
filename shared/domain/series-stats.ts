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
  /**
   * No point's step is lower than the step before it (read order): the series has no restart. Charts of such series
   * can be read from precomputed level-of-detail blocks and skip the restart scan.
   */
  readonly stepsOrdered: boolean;
}

/** Summary of one series in read order (so "last" is the last point written, even after a restart). */
export function computeSeriesStats(steps: ArrayLike<number>, values: ArrayLike<number>): SeriesStats {
  const n = Math.min(steps.length, values.length);
  if (n === 0) return { points: 0, firstStep: null, lastStep: null, lastValue: null, min: null, max: null, nonFinite: 0, stepsOrdered: true };
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  let lastStep = -Infinity;
  let stepsOrdered = true;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const s = steps[i] as number;
    // Same test as series-restarts.sql (`step < prev`), so the two never disagree (NaN steps included).
    if (i > 0 && s < (steps[i - 1] as number)) stepsOrdered = false;
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
    stepsOrdered,
  };
}

/** Stats of `a` followed by `b` (a live run's stored points, then the points it gained), as computeSeriesStats would give. */
export function mergeSeriesStats(a: SeriesStats, b: SeriesStats): SeriesStats {
  if (a.points === 0) return b;
  if (b.points === 0) return a;
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) => (x === null ? y : y === null ? x : f(x, y));
  return {
    points: a.points + b.points,
    firstStep: a.firstStep,
    lastStep: pick(a.lastStep, b.lastStep, Math.max),
    lastValue: b.lastValue,
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
    nonFinite: a.nonFinite + b.nonFinite,
    // An ordered `a` ends on its highest step, so the join goes back exactly when `b` starts below it.
    stepsOrdered: a.stepsOrdered && b.stepsOrdered && !((b.firstStep as number) < (a.lastStep as number)),
  };
}
