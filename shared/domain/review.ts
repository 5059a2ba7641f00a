import { z } from 'zod';
import { ConfigScalar } from './run-config';

/**
 * Per-sample review (issue 8 §3): lm-eval `samples_*.jsonl` documents matched across 2–4 evaluated runs, each
 * document right or wrong per run, and the flips between a baseline and a candidate column.
 */

/** Baseline → candidate: right→wrong (a regression), wrong→right (a fix), or unchanged. */
export const FlipKind = z.enum(['right-to-wrong', 'wrong-to-right', 'both-right', 'both-wrong', 'unscored']);
export type FlipKind = z.infer<typeof FlipKind>;

/** `changed` = either flip; `all` = no flip filter. */
export const FlipFilter = z.enum(['all', 'changed', 'right-to-wrong', 'wrong-to-right', 'both-right', 'both-wrong']);
export type FlipFilter = z.infer<typeof FlipFilter>;

const RunIds = z.array(z.string().min(1)).min(2).max(4);

export const SamplesReq = z
  .object({
    /** Columns in order; the first is the baseline. */
    runIds: RunIds,
    /** Index into runIds of the column the flips are counted against; default the last. */
    candidate: z.number().int().min(1).max(3).optional(),
    /** `task|filter` key from `SamplesPage.tasks`; null = every task. */
    task: z.string().max(512).nullable().optional(),
    category: z.string().max(512).nullable().optional(),
    flip: FlipFilter.optional(),
    /** Case-insensitive words, all of which must occur in the prompt, target or a response. */
    search: z.string().max(1000).optional(),
  })
  .strict();
export type SamplesReq = z.infer<typeof SamplesReq>;

export const SampleTask = z.object({
  /** `task|filter`, the value `SamplesReq.task` takes. */
  key: z.string(),
  task: z.string(),
  filter: z.string(),
  /** The per-sample metric that decides right/wrong (`acc`, `exact_match`…); null when none is 0/1 (BLEU, ROUGE). */
  metric: z.string().nullable(),
  /** Documents matched in every column. */
  matched: z.number(),
  /** Documents some column lacks (not listed). */
  unmatched: z.number(),
});
export type SampleTask = z.infer<typeof SampleTask>;

export const FlipCounts = z.object({
  'right-to-wrong': z.number(),
  'wrong-to-right': z.number(),
  'both-right': z.number(),
  'both-wrong': z.number(),
  unscored: z.number(),
});
export type FlipCounts = z.infer<typeof FlipCounts>;

/** One matched document in the list: short text only; `review:sample` gives the whole of it. */
export const SampleRow = z.object({
  /** Stable id of the document within this review: `task|filter|doc key`. */
  key: z.string(),
  task: z.string(),
  filter: z.string(),
  docId: z.number().nullable(),
  category: z.string().nullable(),
  /** The prompt's last characters (the question sits at the end of a few-shot prompt), whitespace collapsed. */
  preview: z.string(),
  /** One per column: right, wrong, or null when the task has no 0/1 metric. */
  correct: z.array(z.boolean().nullable()),
  flip: FlipKind,
});
export type SampleRow = z.infer<typeof SampleRow>;

export const SamplesPage = z.object({
  runIds: z.array(z.string()),
  candidate: z.number(),
  tasks: z.array(SampleTask),
  categories: z.array(z.string()),
  /** Counts over the task/category/search selection, before the flip filter (so every flip type shows its count). */
  counts: FlipCounts,
  /** Rows that pass every filter, in task then document order. */
  rows: z.array(SampleRow),
  /** Rows that passed but were not sent (the list is capped at `MAX_SAMPLE_ROWS`). */
  truncated: z.number(),
  /** Runs among runIds that logged no samples. */
  withoutSamples: z.array(z.string()),
});
export type SamplesPage = z.infer<typeof SamplesPage>;

/** Rows per response; a filter narrows a longer list. */
export const MAX_SAMPLE_ROWS = 50_000;

export const SampleReq = z.object({ runIds: RunIds, key: z.string().min(1).max(2048) }).strict();
export type SampleReq = z.infer<typeof SampleReq>;

export const SampleDetail = z.object({
  key: z.string(),
  task: z.string(),
  filter: z.string(),
  docId: z.number().nullable(),
  category: z.string().nullable(),
  prompt: z.string(),
  target: z.string(),
  /** One per column; null when that run has no such document. */
  responses: z.array(
    z
      .object({
        runId: z.string(),
        response: z.string(),
        correct: z.boolean().nullable(),
        metrics: z.record(z.string(), z.number()),
      })
      .nullable(),
  ),
});
export type SampleDetail = z.infer<typeof SampleDetail>;

/**
 * A column of the review: a whole run, or one checkpoint folder of it (issue 8: "pick two to four runs or
 * checkpoints").
 */
export const ReviewSubject = z.object({ runId: z.string().min(1), checkpoint: z.string().max(4096).nullable() }).strict();
export type ReviewSubject = z.infer<typeof ReviewSubject>;

/** A checkpoint's own config: its JSON files flattened, pickles as present with size, metrics as of its step. */
export const CheckpointConfigReq = z.object({ runId: z.string().min(1), path: z.string().min(1).max(4096) }).strict();
export const CheckpointConfigEntry = z.object({ origin: z.string(), key: z.string(), value: ConfigScalar });
export type CheckpointConfigEntry = z.infer<typeof CheckpointConfigEntry>;
