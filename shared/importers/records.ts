import type { RunStatus } from '../domain/run';

/** A flattened config value: nested objects become dotted keys before they get here. */
export type ConfigValue = string | number | boolean | null;

/**
 * What an importer's `parse` yields. The host turns these into DuckDB rows; importers never touch storage.
 * Steps keep the order they were read in: a step that goes backwards (a restart) is data, not an error.
 */
export type ImportRecord =
  | RunMetaRecord
  | ScalarBatchRecord
  | ConfigRecord
  | CheckpointRecord
  | WarningRecord
  | EvalResultRecord
  | EvalSampleRecord
  | SweepPointRecord
  | LogLinesRecord
  | ResumePointRecord;

export interface RunMetaRecord {
  readonly kind: 'run-meta';
  readonly name?: string;
  readonly status?: RunStatus;
  readonly wallStartSec?: number;
  readonly wallEndSec?: number;
  /** HF `best_model_checkpoint`, as written at training time. */
  readonly bestModelCheckpoint?: string | null;
}

export interface ScalarBatchRecord {
  readonly kind: 'scalars';
  /** Series name exactly as the source names it (`loss`, `train/loss`, `rewards/margins`…). */
  readonly metric: string;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  /** Seconds since the epoch per point, when the format records it. Same length as `steps`. */
  readonly wallTimesSec: Float64Array | null;
}

export interface ConfigRecord {
  readonly kind: 'config';
  /** Where the entries came from (`hparams`, `trainer_state`, `hparams.yaml`…), for the config diff later. */
  readonly origin: string;
  readonly entries: Readonly<Record<string, ConfigValue>>;
}

export interface CheckpointRecord {
  readonly kind: 'checkpoint';
  /** Relative to the source root, posix separators. */
  readonly path: string;
  readonly step: number | null;
}

export interface WarningRecord {
  readonly kind: 'warning';
  /** Relative to the source root, posix separators. */
  readonly file: string;
  /**
   * Byte offset in the file where the problem starts (the unit every format shares, and where a cut file was cut);
   * line-oriented formats add the line number to the message. Null when unknown.
   */
  readonly offset: number | null;
  readonly message: string;
}

/** One aggregate eval number (lm-evaluation-harness results and the like). */
export interface EvalResultRecord {
  readonly kind: 'eval';
  readonly task: string;
  readonly metric: string;
  /** lm-eval filter name; 'none' when the format has no filters. */
  readonly filter: string;
  readonly value: number;
  readonly stderr: number | null;
  readonly higherIsBetter: boolean | null;
  /** Samples the number was computed on (effective count under --limit), when known. */
  readonly nSamples: number | null;
  /** The file it came from, relative to the source root. */
  readonly file: string;
}

/**
 * One eval number at one point of a weight-update sweep (docs/sweep-format.md): the model θ₀ edited along `direction`
 * with strength `alpha`.
 */
export interface SweepPointRecord extends Omit<EvalResultRecord, 'kind'> {
  readonly kind: 'sweep-point';
  readonly direction: string;
  /** A random-direction control sweep. */
  readonly isControl: boolean;
  readonly alpha: number;
}

/** One per-sample eval record (lm-eval `samples_*.jsonl`), for per-sample review later. */
/** A doc field kept for the audit: text, a number, a flag, or a list of them. */
export type SampleExtra = string | number | boolean | readonly (string | number | boolean)[];

export interface EvalSampleRecord {
  readonly kind: 'eval-sample';
  readonly task: string;
  readonly filter: string;
  readonly docId: number | null;
  readonly docHash: string | null;
  readonly target: string;
  readonly prompt: string;
  readonly response: string;
  /** Per-sample metric values (`acc`, `exact_match`…). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly file: string;
  /** The document's own grouping (mmlu `subject`, crows_pairs `bias_type`…), for filtering the review; null if none. */
  readonly category: string | null;
  /**
   * What the audit reads beyond the scores (issue 10): the doc's `paraphrase_group`, `variant`, `domain`, `language`,
   * `instruction_id_list`, and IFEval's per-instruction `inst_level_*_acc` lists. Null when the sample has none.
   */
  readonly extras: Readonly<Record<string, SampleExtra>> | null;
}

/** Raw log text, cleaned for display and search (ANSI colours and `\r` progress redraws resolved). */
export interface LogLinesRecord {
  readonly kind: 'log-lines';
  readonly file: string;
  /** 1-based line number of `lines[0]` in the file. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

/** Importer state carried from one read of an append-only file to the next (JSON-safe, small). */
export type ResumeState = string | number | boolean | null | readonly ResumeState[] | { readonly [key: string]: ResumeState };

/**
 * Where a later read of a growing file can pick up (live follow reads only the new bytes): everything before `offset`
 * was read completely and will not change. Yielded once per file, after that file's other records, by importers that
 * implement `resume`.
 */
export interface ResumePointRecord {
  readonly kind: 'resume-point';
  readonly file: string;
  /** Byte offset of the first byte not yet consumed (the start of a half-written record, or the file size). */
  readonly offset: number;
  /** Text formats: lines stored before `offset` (a re-read replaces stored lines after it). */
  readonly linesBefore?: number;
  /** Whatever the importer needs to continue (plugin names per tag, a CSV header, a step counter). */
  readonly state?: ResumeState;
}
