import { z } from 'zod';

/**
 * Findings drawn on the curves: training-dynamics failures from /work/shared/reference/analyses.md §5.3 H (spikes,
 * non-finite values, divergence) and §6.3 (overfitting, early stopping, plateau). Every finding carries the numbers it
 * was decided on and the thresholds used, so its explanation can be checked by hand (analyses.md §7: determinism).
 */
/** `checkpoint`: a damaged checkpoint folder (computed by the host from the files on disk, pinned to its step). */
export const FindingKind = z.enum(['overfitting', 'spike', 'non-finite', 'divergence', 'plateau', 'checkpoint', 'failure']);
export type FindingKind = z.infer<typeof FindingKind>;

export const FindingSeverity = z.enum(['info', 'warning', 'critical']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

/** A number in evidence; null where it is undefined (no stop point, no grad-norm series…) or not finite. */
const EvidenceValue = z.number().nullable();

export const Finding = z.object({
  kind: FindingKind,
  /** The metric the finding is drawn on (for overfitting: the eval metric). */
  metric: z.string(),
  /** Every metric the finding read, `metric` first (overfitting: eval, then train). */
  metrics: z.array(z.string()).min(1),
  severity: FindingSeverity,
  /** Where the finding is pinned (a mark on the chart): best checkpoint, spike peak, first NaN, divergence onset… */
  step: z.number(),
  /** The region it covers, both ends included (stepStart ≤ step ≤ stepEnd). */
  stepStart: z.number(),
  stepEnd: z.number(),
  /** One line, plain text. */
  title: z.string(),
  /** A few sentences with the numbers, plain text (the renderer escapes it). */
  explanation: z.string(),
  evidence: z.record(z.string(), EvidenceValue),
  thresholds: z.record(z.string(), z.number()),
  /** Where the rule comes from, e.g. "analyses.md §6.3". */
  source: z.string(),
  /** The log line behind it (failures found in logs): opened from the chart mark and the findings list. */
  log: z.object({ file: z.string(), line: z.number().int() }).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const RunFindings = z.object({ runId: z.string(), findings: z.array(Finding) });
export type RunFindings = z.infer<typeof RunFindings>;

export const FindingsReq = z.object({ runIds: z.array(z.string()).min(1).max(200) }).strict();
export type FindingsReq = z.infer<typeof FindingsReq>;

/** One metric of a run in read order: `values[i]` was logged at `steps[i]`; non-finite values are kept. */
export interface SeriesInput {
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** A run's series by metric name. */
export type RunSeriesInput = ReadonlyMap<string, SeriesInput>;
