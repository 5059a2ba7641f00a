import { z } from 'zod';
import { Smoothing } from '../analysis/smoothing';

export const SeriesQuery = z.object({
  runIds: z.array(z.string()).min(1).max(200),
  metric: z.string().min(1),
  /** Pixel buckets the chart can show; the host returns raw points when there are fewer than this many. */
  buckets: z.number().int().min(1).max(20_000),
  stepMin: z.number().nullable().optional(),
  stepMax: z.number().nullable().optional(),
  /** Applied to the whole full-resolution series before it is cut to the window and bucketed. */
  smoothing: Smoothing.optional(),
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const NonFiniteKind = z.enum(['nan', 'inf', '-inf']);
export type NonFiniteKind = z.infer<typeof NonFiniteKind>;

/**
 * One run's series, columnar. In `raw` mode `values[i]` is the point at `steps[i]` and `min`/`max` equal it.
 * In `buckets` mode each index is one pixel bucket: `steps[i]` is the step of the bucket's last point, `values[i]` its
 * value, `min`/`max` the envelope of every finite point in it. Non-finite values are never dropped: they come back in
 * `nonFinite` (and as null in `values`).
 */
export const RunSeries = z.object({
  runId: z.string(),
  mode: z.enum(['raw', 'buckets']),
  totalPoints: z.number().int(),
  steps: z.array(z.number()),
  values: z.array(z.number().nullable()),
  min: z.array(z.number().nullable()),
  max: z.array(z.number().nullable()),
  /** `buckets` mode: the value of each bucket's first point (read order); in `raw` mode equal to `values`. */
  first: z.array(z.number().nullable()),
  /**
   * The smoothed series at the same points (`buckets`: at each bucket's last point), computed on every stored point;
   * null when no smoothing was asked for.
   */
  smoothed: z.array(z.number().nullable()).nullable(),
  nonFinite: z.array(z.object({ step: z.number(), kind: NonFiniteKind })),
});
export type RunSeries = z.infer<typeof RunSeries>;

export const SeriesBundle = z.object({
  metric: z.string(),
  series: z.array(RunSeries),
});
export type SeriesBundle = z.infer<typeof SeriesBundle>;
