import { z } from 'zod';

/**
 * Weight-update sweeps (issue 6 §4): evals of one starting checkpoint edited along a direction with strength α
 * (interpolation, task vector, random perturbation). The on-disk format is documented in docs/sweep-format.md; the
 * manifest schema here is what the importer validates.
 */

const Alpha = z.number().finite();

/** An inline eval number, for sweeps whose evals are not lm-eval results files. */
export const SweepValue = z.object({
  task: z.string().min(1),
  metric: z.string().min(1),
  filter: z.string().min(1).default('none'),
  value: z.number(),
  stderr: z.number().nonnegative().nullable().optional(),
  higher_is_better: z.boolean().nullable().optional(),
});
export type SweepValue = z.infer<typeof SweepValue>;

/** One α: `results` is a path (file or folder, relative to the manifest) holding lm-eval results; or inline `values`. */
export const SweepManifestPoint = z
  .object({
    alpha: Alpha,
    results: z.string().min(1).optional(),
    values: z.array(SweepValue).optional(),
  })
  .refine((p) => p.results !== undefined || p.values !== undefined, { message: 'each point needs "results" (a path) or "values"' });
export type SweepManifestPoint = z.infer<typeof SweepManifestPoint>;

/** Points as a list of {alpha, results|values}, or the shorthand {"0.1": "alpha_0.1", …}. */
const Points = z.union([
  z.array(SweepManifestPoint).min(1),
  z.record(z.string().regex(/^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/, 'keys must be numbers (α)'), z.string().min(1)),
]);

export const SweepManifestDirection = z.object({
  name: z.string().min(1).max(80),
  /** A random-direction control (norm-matched): compared against, not a method of its own. */
  control: z.boolean().default(false),
  points: Points,
});

export const SweepManifest = z.object({
  /** The starting checkpoint's method (SFT, DPO, PPO, RLHF…); shown as the sweep's label. */
  method: z.string().min(1).max(40),
  name: z.string().min(1).max(200).optional(),
  /** The unedited model (path or hub id), for the report. */
  model: z.string().optional(),
  /** interpolation | task-vector | perturbation | anything: how θ(α) was made. */
  edit: z.string().max(80).optional(),
  /** α of the unedited model; default 0 when swept, else the smallest α. */
  reference: Alpha.optional(),
  /** Either several directions, or `points` for a single one (named by `direction`, default "edit"). */
  directions: z.array(SweepManifestDirection).min(1).optional(),
  direction: z.string().min(1).max(80).optional(),
  points: Points.optional(),
});
export type SweepManifest = z.infer<typeof SweepManifest>;

// ---- the robustness view's contract ----

export const RobustnessReq = z.object({
  runIds: z.array(z.string()).min(1).max(200),
  /** δ of the break point in the metric's units (0.02 = 2 points of a 0–1 accuracy). */
  breakThreshold: z.number().positive().optional(),
});
export type RobustnessReq = z.infer<typeof RobustnessReq>;

export const SweepCurvePoint = z.object({
  alpha: z.number(),
  value: z.number(),
  stderr: z.number().nullable(),
  /** Oriented drop vs the reference α (positive = worse). */
  drop: z.number(),
  dropLow: z.number().nullable(),
});

export const SweepSeries = z.object({
  runId: z.string(),
  /** The sweep's method label (manifest `method`, or the user's). */
  method: z.string(),
  direction: z.string(),
  isControl: z.boolean(),
  points: z.array(SweepCurvePoint),
  referenceAlpha: z.number(),
  referenceValue: z.number(),
  dropAuc: z.number().nullable(),
  worstDrop: z.number(),
  worstAlpha: z.number(),
  breakAlpha: z.number().nullable(),
  breakBasis: z.enum(['lower-bound', 'point']),
  slopeNearZero: z.number().nullable(),
  /** dropAuc(this) − dropAuc(control) when the run has a control direction; null otherwise. */
  specificity: z.number().nullable(),
});
export type SweepSeries = z.infer<typeof SweepSeries>;

export const RobustnessMetric = z.object({
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  category: z.string().nullable(),
  higherIsBetter: z.boolean().nullable(),
  series: z.array(SweepSeries),
});
export type RobustnessMetric = z.infer<typeof RobustnessMetric>;

export const RobustnessResult = z.object({
  metrics: z.array(RobustnessMetric),
  breakThreshold: z.number(),
  /** Selected runs that are not sweeps (ignored here). */
  ignoredRunIds: z.array(z.string()),
});
export type RobustnessResult = z.infer<typeof RobustnessResult>;
