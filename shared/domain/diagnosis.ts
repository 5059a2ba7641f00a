import { z } from 'zod';

/**
 * Failure diagnosis (issue 9): events found in a run's logs by a versioned rule table, attributed to a node, rank,
 * stage, step and time, with the root cause told apart from the cascade it caused; and the run's goodput.
 */

/** Issue 9's category ids, in the order the UI lists them (hardware first: the most common root cause, L4). */
export const DiagnosisCategory = z.enum(['gpu-hardware', 'oom', 'network', 'node-failure', 'checkpoint-io', 'numerics', 'data', 'code', 'config']);
export type DiagnosisCategory = z.infer<typeof DiagnosisCategory>;

export const DiagnosisSeverity = z.enum(['info', 'warning', 'critical']);
export type DiagnosisSeverity = z.infer<typeof DiagnosisSeverity>;

/** Where in the job's life an event happened (analyses.md §5.3 B). */
export const DiagnosisStage = z.enum(['init', 'checkpoint-load', 'training', 'eval', 'checkpoint-save', 'teardown']);
export type DiagnosisStage = z.infer<typeof DiagnosisStage>;

export const DiagnosisEvent = z.object({
  /** `file:line:rule`: stable across re-reads of the same file. */
  id: z.string(),
  /** Path relative to the run's source folder (as stored in log_lines). */
  file: z.string(),
  /** 1-based line of the evidence. */
  line: z.number().int(),
  /** Last line of a multi-line event (a traceback); equal to `line` otherwise. */
  endLine: z.number().int(),
  category: DiagnosisCategory,
  /** Rule id from the rule table (`nccl-timeout`, `cuda-oom`…). */
  rule: z.string(),
  severity: DiagnosisSeverity,
  /** Training step/iteration when the log gives it, else the last step logged before the line; null when unknown. */
  step: z.number().nullable(),
  rank: z.number().int().nullable(),
  node: z.string().nullable(),
  /** As the log wrote it, normalised to ISO 8601 when it could be parsed; null when the line has none. */
  time: z.string().nullable(),
  stage: DiagnosisStage.nullable(),
  /** One sentence with the extracted fields ("CUDA out of memory: tried to allocate 2.00 GiB, 1.2 GiB free"). */
  message: z.string(),
  /** The evidence line(s), trimmed. */
  text: z.string(),
  /** What it means and what to do (from the rule table). */
  explanation: z.string(),
  fix: z.string(),
  /** Named fields the rule extracted (xid, requested, timeout_ms, exit code…). */
  fields: z.record(z.string(), z.string()),
  /** The first failing event: what to fix. */
  root: z.boolean(),
  /** For cascade events (caused by the root: other ranks timing out, the launcher reporting the child's death): the root's id. */
  causeId: z.string().nullable(),
});
export type DiagnosisEvent = z.infer<typeof DiagnosisEvent>;

/** One stretch of a run between restarts. */
export const Attempt = z.object({
  startStep: z.number(),
  endStep: z.number(),
  /** Unix seconds; null without wall times. */
  startTime: z.number().nullable(),
  endTime: z.number().nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

/**
 * Goodput (analyses.md §5.3 F, Kokolis et al.'s ETTR approximated): productive training time against wall time, and
 * what restarts cost. Seconds; null where the run logs no wall times.
 */
export const Goodput = z.object({
  attempts: z.array(Attempt),
  restarts: z.number().int(),
  wallSeconds: z.number().nullable(),
  productiveSeconds: z.number().nullable(),
  /** productive / wall, in [0, 1]. */
  ettr: z.number().nullable(),
  /** Steps trained twice: each restart went back to its last checkpoint and recomputed up to where it died. */
  recomputedSteps: z.number(),
  /** Time those recomputed steps took, plus the gaps between attempts (down time). */
  lostSeconds: z.number().nullable(),
  downSeconds: z.number().nullable(),
  /** Median steps / seconds between checkpoints; null without two checkpoints. */
  checkpointIntervalSteps: z.number().nullable(),
  checkpointIntervalSeconds: z.number().nullable(),
});
export type Goodput = z.infer<typeof Goodput>;

export const RunDiagnosis = z.object({
  runId: z.string(),
  events: z.array(DiagnosisEvent),
  /** Events per category (roots and cascade together). */
  counts: z.record(z.string(), z.number()),
  /** Id of the root cause; null when nothing failed. */
  rootId: z.string().nullable(),
  goodput: Goodput.nullable(),
  /** Log lines read (0 = the run has no logs stored). */
  linesRead: z.number().int(),
});
export type RunDiagnosis = z.infer<typeof RunDiagnosis>;

export const DiagnoseReq = z.object({ runIds: z.array(z.string().min(1)).min(1).max(200) }).strict();
export type DiagnoseReq = z.infer<typeof DiagnoseReq>;

/** Log lines around one line, for "open the log at that line". */
export const LogContextReq = z
  .object({ runId: z.string().min(1), file: z.string().min(1).max(4096), line: z.number().int().min(1), before: z.number().int().min(0).max(500).optional(), after: z.number().int().min(0).max(500).optional() })
  .strict();
export type LogContextReq = z.infer<typeof LogContextReq>;
export const LogContext = z.object({ file: z.string(), lines: z.array(z.object({ line: z.number().int(), text: z.string() })), totalLines: z.number().int() });
export type LogContext = z.infer<typeof LogContext>;
