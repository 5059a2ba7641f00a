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
  | WarningRecord;

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
  /** Byte offset (binary formats) or 1-based line (text formats) where the problem starts; null when unknown. */
  readonly offset: number | null;
  readonly message: string;
}
