import { z } from 'zod';

/**
 * Method comparison (issue 6): eval matrix, deltas vs a baseline with 95 % intervals, safety/reasoning category
 * scores and the safety–reasoning plane. Schemas are the IPC contract; the numbers come from
 * shared/analysis/compare (pure) via main/services/compare.ts.
 */

/** How a delta's interval was computed (the CLI's `method` field). */
export const DeltaMethod = z.enum(['stderr', 'paired-bootstrap', 'mcnemar']);
export type DeltaMethod = z.infer<typeof DeltaMethod>;

export const TaskCategory = z.string().min(1).max(40);

export const CompareReq = z.object({
  runIds: z.array(z.string()).min(1).max(200),
  /** Must be one of runIds; defaults to the first run inferred as `base`, else the first run. */
  baselineRunId: z.string().optional(),
  /** Paired analysis from samples_*.jsonl when both sides have them (default true). */
  paired: z.boolean().optional(),
});
export type CompareReq = z.infer<typeof CompareReq>;

export const CompareColumn = z.object({
  runId: z.string(),
  name: z.string(),
  /** Run path relative to its source (what `runlens inspect` prints). */
  path: z.string(),
  /** base / sft / dpo / ppo / rlhf / … ; null when neither inferred nor set. */
  method: z.string().nullable(),
  methodSource: z.enum(['user', 'inferred']).nullable(),
  /** Why the method was inferred (`name contains "dpo"`), for the tooltip. */
  methodReason: z.string().nullable(),
  isBaseline: z.boolean(),
  hasSamples: z.boolean(),
});
export type CompareColumn = z.infer<typeof CompareColumn>;

export const CompareCell = z.object({
  value: z.number(),
  stderr: z.number().nullable(),
  n: z.number().nullable(),
});
export type CompareCell = z.infer<typeof CompareCell>;

export const CompareDelta = z.object({
  /** value − baselineValue, in the metric's units. */
  delta: z.number(),
  /** 95 % interval of the delta; null when no stderr and no samples. */
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** The delta turned so that positive = better (null when the direction is unknown). */
  improvement: z.number().nullable(),
  /** SE of the improvement (stderr: √(se₁²+se₂²); paired: bootstrap SE). */
  se: z.number().nullable(),
  /** Documents paired (paired methods) or the candidate's sample count (stderr). */
  n: z.number().nullable(),
  method: DeltaMethod,
  /** Two-sided p: exact McNemar (binary metrics) or the paired bootstrap's; null for the stderr method. */
  p: z.number().nullable(),
  /** better / worse when the interval excludes 0 and the direction is known. */
  verdict: z.enum(['better', 'worse', 'indistinguishable', 'unknown']),
  /** Why a paired analysis was not used, when samples existed. */
  note: z.string().nullable(),
});
export type CompareDelta = z.infer<typeof CompareDelta>;

export const CompareRow = z.object({
  task: z.string(),
  metric: z.string(),
  filter: z.string(),
  /** safety / reasoning / … from the task map (workspace overrides first); null = uncategorised. */
  category: z.string().nullable(),
  higherIsBetter: z.boolean().nullable(),
  /** CrowS-Pairs `pct_stereotype`: the ideal value (improvement = distance to it gained). */
  parityTarget: z.number().nullable(),
  /** A subtask of a group that is also in the table (`mmlu_anatomy` under `mmlu`): left out of category scores. */
  isSubtask: z.boolean(),
  /** One per column, in column order; null where that run has no such number. */
  cells: z.array(CompareCell.nullable()),
  /** One per column; null for the baseline and where either side is missing. */
  deltas: z.array(CompareDelta.nullable()),
});
export type CompareRow = z.infer<typeof CompareRow>;

export const AxisScore = z.object({
  /** Mean normalised improvement in baseline standard errors (analyses.md §2.3 A). */
  score: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** Tasks that went into the score. */
  tasks: z.array(z.string()),
  skipped: z.array(z.object({ task: z.string(), metric: z.string(), reason: z.string() })),
});
export type AxisScore = z.infer<typeof AxisScore>;

export const PlanePoint = z.object({
  runId: z.string(),
  reasoning: AxisScore,
  safety: AxisScore,
  quadrant: z.string(),
  quadrantLabel: z.string(),
});
export type PlanePoint = z.infer<typeof PlanePoint>;

export const CompareResult = z.object({
  baselineRunId: z.string(),
  columns: z.array(CompareColumn),
  rows: z.array(CompareRow),
  /** One per non-baseline column. */
  plane: z.array(PlanePoint),
  /** Caveats to show with the numbers (independence assumptions, seeds). */
  notes: z.array(z.string()),
  bootstrap: z.object({ seed: z.number(), resamples: z.number() }),
});
export type CompareResult = z.infer<typeof CompareResult>;

/** The workspace's own labels: method per run, category per task (null = "not categorised"). */
export const CompareSettings = z.object({
  methods: z.record(z.string(), z.string().max(40).nullable()),
  categories: z.record(z.string(), TaskCategory.nullable()),
});
export type CompareSettings = z.infer<typeof CompareSettings>;

export const SetCompareSettingsReq = z.object({
  /** Run id → method; null removes the user's label (back to the inferred one). */
  methods: z.record(z.string(), z.string().max(40).nullable()).optional(),
  /** Task → category; null = never categorise; absent keys unchanged. `reset` lists tasks back to the shipped map. */
  categories: z.record(z.string(), TaskCategory.nullable()).optional(),
  resetCategories: z.array(z.string()).optional(),
});
export type SetCompareSettingsReq = z.infer<typeof SetCompareSettingsReq>;
