import { z } from 'zod';

/** Runs grouped (by a config value or a name pattern) and drawn as one line with a band. */
export const AggregateQuery = z.object({
  metric: z.string().min(1),
  groups: z.array(z.object({ name: z.string().max(500), runIds: z.array(z.string()).min(1).max(2000) })).min(1).max(50),
  buckets: z.number().int().min(1).max(5000),
  stepMin: z.number().nullable().optional(),
  stepMax: z.number().nullable().optional(),
  /** `ci95`: mean ± the 95 % Student-t interval over runs; `minmax`: the runs' range. */
  band: z.enum(['ci95', 'minmax']),
});
export type AggregateQuery = z.infer<typeof AggregateQuery>;

/**
 * Per group and x bucket: each run's mean of its finite points in the bucket, then across runs the mean and the band.
 * `n` is how many runs have a point in the bucket; buckets no run reaches are left out.
 */
export const AggregateGroup = z.object({
  name: z.string(),
  runCount: z.number().int(),
  steps: z.array(z.number()),
  mean: z.array(z.number()),
  lo: z.array(z.number()),
  hi: z.array(z.number()),
  n: z.array(z.number().int()),
});
export type AggregateGroup = z.infer<typeof AggregateGroup>;

export const AggregateBundle = z.object({ metric: z.string(), band: z.enum(['ci95', 'minmax']), groups: z.array(AggregateGroup) });
export type AggregateBundle = z.infer<typeof AggregateBundle>;
