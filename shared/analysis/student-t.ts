/**
 * Two-sided 95 % critical values of Student's t (the 0.975 quantile) for the confidence bands of grouped runs.
 * Exact table values for 1–30 degrees of freedom (standard tables, 3 decimals); beyond that, interpolation in 1/df
 * between 30, 40, 60, 120 and the normal limit 1.960, which is within 0.001 of the exact quantile.
 */
const T975: readonly number[] = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const TAIL: readonly [df: number, t: number][] = [
  [30, 2.042],
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
  [Number.POSITIVE_INFINITY, 1.96],
];

export function tCritical975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  const d = Math.floor(df);
  if (d <= 30) return T975[d - 1] as number;
  for (let i = 1; i < TAIL.length; i++) {
    const [d0, t0] = TAIL[i - 1] as [number, number];
    const [d1, t1] = TAIL[i] as [number, number];
    if (d <= d1) {
      const x = 1 / d;
      const x0 = 1 / d0;
      const x1 = d1 === Number.POSITIVE_INFINITY ? 0 : 1 / d1;
      return t0 + ((t1 - t0) * (x - x0)) / (x1 - x0);
    }
  }
  return 1.96;
}

/** Mean ± t·s/√n over n runs (n ≥ 2); with one run the band is the point itself. */
export function meanCi95(mean: number, sd: number, n: number): { lo: number; hi: number } {
  if (n < 2 || !Number.isFinite(sd)) return { lo: mean, hi: mean };
  const half = (tCritical975(n - 1) * sd) / Math.sqrt(n);
  return { lo: mean - half, hi: mean + half };
}
