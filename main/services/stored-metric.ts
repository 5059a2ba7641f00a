/**
 * A stored metric as the library lists it. `points` is kept equal to its stored point count by every import and
 * append, so it keys the caches without counting rows again on every query.
 */
export interface StoredMetric {
  readonly id: number;
  readonly points: number;
  /** NaN/Inf points stored (kept up to date on every append): 0 spares the non-finite scan of each query. */
  readonly nonFinite: number;
  readonly firstStep: number | null;
  /** The highest step. */
  readonly lastStep: number | null;
  /** Steps never go back (no restart): known at import; false when unknown (a cache written before it was kept). */
  readonly stepsOrdered: boolean;
}
