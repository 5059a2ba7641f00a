import { z } from 'zod';

/** Formats RunLens can import. Later issues add more; the id is stored with every run. */
export const RunFormat = z.enum(['tensorboard', 'hf-trainer', 'wandb', 'mlflow', 'lm-eval', 'llama-factory', 'lightning-csv', 'dvclive', 'table', 'raw-log', 'sweep']);
export type RunFormat = z.infer<typeof RunFormat>;

export const RunStatus = z.enum(['finished', 'crashed', 'killed', 'running', 'unknown']);
export type RunStatus = z.infer<typeof RunStatus>;

export const Checkpoint = z.object({
  path: z.string(),
  step: z.number().nullable(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export const LastValue = z.object({ metric: z.string(), step: z.number(), value: z.number().nullable() });
export type LastValue = z.infer<typeof LastValue>;

export const RunSummary = z.object({
  id: z.string(),
  sourceId: z.string(),
  /** Run directory relative to its source root, posix separators; '' when the root itself is the run. */
  path: z.string(),
  name: z.string(),
  format: RunFormat,
  importerVersion: z.number().int(),
  status: RunStatus,
  lastStep: z.number().nullable(),
  /** The loss-like series' last value, chosen by `pickLossMetric`. */
  lastLoss: LastValue.nullable(),
  wallStartSec: z.number().nullable(),
  wallEndSec: z.number().nullable(),
  metricCount: z.number().int(),
  pointCount: z.number().int(),
  warningCount: z.number().int(),
  checkpoints: z.array(Checkpoint),
  bestModelCheckpoint: z.string().nullable(),
  configCount: z.number().int(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const MetricSummary = z.object({
  runId: z.string(),
  name: z.string(),
  points: z.number().int(),
  firstStep: z.number().nullable(),
  lastStep: z.number().nullable(),
  lastValue: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  nonFiniteCount: z.number().int(),
});
export type MetricSummary = z.infer<typeof MetricSummary>;

export const ImportWarning = z.object({
  runId: z.string().nullable(),
  file: z.string(),
  offset: z.number().nullable(),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof ImportWarning>;

export const SourceState = z.enum(['importing', 'ready', 'error', 'missing']);
export const Source = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  addedAtMs: z.number(),
  runCount: z.number().int(),
  state: SourceState,
  error: z.string().nullable(),
});
export type Source = z.infer<typeof Source>;

/** A checkpoint folder's integrity (issue 8 §4); `ok` null when the checkpoint is a reference, not a local folder. */
export const CheckpointCheck = z.object({
  path: z.string(),
  step: z.number().nullable(),
  ok: z.boolean().nullable(),
  problems: z.array(z.string()),
  totalBytes: z.number(),
  fileCount: z.number(),
  hasOptimizer: z.boolean(),
  hasRngState: z.boolean(),
});
export type CheckpointCheck = z.infer<typeof CheckpointCheck>;
