import { z } from 'zod';
import { Smoothing } from '../analysis/smoothing';

/**
 * What a chart's x axis measures. `step` (the default) is the logged step; `wall` the point's wall-clock time (Unix
 * seconds); `relative` seconds since the run started (its recorded start, else its earliest logged point); `metric`
 * the value of another metric of the same run (tokens seen, epoch…) as of the point's step: its last finite point at
 * a step ≤ the point's step.
 */
export const XAxis = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('step') }),
  z.object({ kind: z.literal('wall') }),
  z.object({ kind: z.literal('relative') }),
  z.object({ kind: z.literal('metric'), metric: z.string().min(1) }),
]);
export type XAxis = z.infer<typeof XAxis>;

export const STEP_X: XAxis = { kind: 'step' };

export const SeriesQuery = z.object({
  runIds: z.array(z.string()).min(1).max(200),
  metric: z.string().min(1),
  /** Pixel buckets the chart can show; the host returns raw points when there are fewer than this many. */
  buckets: z.number().int().min(1).max(20_000),
  /** The x axis; absent = step. */
  x: XAxis.optional(),
  /** The window to return, both ends included, in x units (steps, Unix seconds, seconds, the x metric's values). */
  stepMin: z.number().nullable().optional(),
  stepMax: z.number().nullable().optional(),
  /** Applied to the whole full-resolution series before it is cut to the window and bucketed. */
  smoothing: Smoothing.optional(),
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const NonFiniteKind = z.enum(['nan', 'inf', '-inf']);
export type NonFiniteKind = z.infer<typeof NonFiniteKind>;

/**
 * A column of a series: one float64 per point, NaN where there is nothing to draw (a non-finite value, which is also
 * listed in `nonFinite`, or a bucket without a finite point). Typed arrays cross every boundary whole: structured clone
 * in Electron, raw bytes over HTTP (shared/ipc/wire.ts), and a schema check of one `instanceof`, not one per point.
 */
export const Column = z.custom<Float64Array>((v) => v instanceof Float64Array, { message: 'expected a Float64Array' });
export type Column = Float64Array;

/**
 * One run's series, columnar (DESIGN.md §3). In `raw` mode `values[i]` is the point at `steps[i]` and `min`/`max`
 * equal it. In `buckets` mode each index is one pixel bucket: `steps[i]` is the step of the bucket's last point,
 * `values[i]` its value, `min`/`max` the envelope of every finite point in it. Non-finite values are never dropped:
 * they come back in `nonFinite` (and as NaN in `values`).
 *
 * With an x axis other than step, `x[i]` is where point (or bucket's last point) i is drawn and `steps[i]` stays its
 * step; buckets are cut over x. Points that have no x (no wall time, no x-metric point yet) are left out and counted
 * in `missingX`. On the step axis `x` is absent (it would equal `steps`): read it through `seriesX`.
 */
export const RunSeries = z.object({
  runId: z.string(),
  mode: z.enum(['raw', 'buckets']),
  totalPoints: z.number().int(),
  steps: Column,
  values: Column,
  min: Column,
  max: Column,
  /** `buckets` mode: the value of each bucket's first point (read order); in `raw` mode equal to `values`. */
  first: Column,
  /**
   * The smoothed series at the same points (`buckets`: at each bucket's last point), computed on every stored point;
   * null when no smoothing was asked for.
   */
  smoothed: Column.nullable(),
  nonFinite: z.array(z.object({ step: z.number(), kind: NonFiniteKind, x: z.number().optional() })),
  /** Where each point is drawn when the x axis is not step; absent on the step axis. */
  x: Column.optional(),
  /**
   * Where the series went back to an earlier step (a restart or resume), in read order; both stretches are kept.
   * `segmentStarts` are the indices into `steps` where a new stretch begins: lines break there (step axis only).
   */
  restarts: z.array(z.object({ step: z.number(), fromStep: z.number() })).optional(),
  segmentStarts: z.array(z.number().int()).optional(),
  /** Points left out because they have no x (0 or absent on the step axis). */
  missingX: z.number().int().optional(),
});
export type RunSeries = z.infer<typeof RunSeries>;

export const SeriesBundle = z.object({
  metric: z.string(),
  series: z.array(RunSeries),
  /** The x axis the series are on, echoed back (absent = step), so a chart never draws an answer on the wrong axis. */
  x: XAxis.optional(),
});
export type SeriesBundle = z.infer<typeof SeriesBundle>;

/** Where a series' points are drawn: `x` when the host sent one, else the steps. */
export function seriesX(s: Pick<RunSeries, 'steps' | 'x'>): Column {
  return s.x ?? s.steps;
}

/** A column's value at i as the UI reads it: null where there is nothing to draw (NaN, ±Inf, past the end). */
export function at(col: Column | null | undefined, i: number): number | null {
  const v = col?.[i];
  return v === undefined || !Number.isFinite(v) ? null : v;
}

/** The column as plain numbers, null where there is nothing to draw (JSON outputs, CSV cells). */
export function fromColumn(col: Column): (number | null)[] {
  return Array.from(col, (v) => (Number.isFinite(v) ? v : null));
}

/** A column from numbers that may be null or non-finite (null and ±Inf become NaN). */
export function toColumn(xs: ArrayLike<number | null>): Column {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    out[i] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
  }
  return out;
}

/** Where a NaN/Inf marker is drawn. */
export function nonFiniteX(p: RunSeries['nonFinite'][number]): number {
  return p.x ?? p.step;
}
