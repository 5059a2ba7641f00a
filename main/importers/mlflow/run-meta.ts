import type { RunStatus } from '../../../shared/domain/run';
import type { ConfigValue, RunMetaRecord } from '../../../shared/importers/records';

/**
 * RunStatus in MLflow's protos: RUNNING=1 SCHEDULED=2 FINISHED=3 FAILED=4 KILLED=5. The file store's meta.yaml may hold
 * either form; the SQL store's `runs.status` holds the names.
 */
const STATUS: Record<string, RunStatus> = { '1': 'running', '2': 'unknown', '3': 'finished', '4': 'crashed', '5': 'killed', RUNNING: 'running', SCHEDULED: 'unknown', FINISHED: 'finished', FAILED: 'crashed', KILLED: 'killed' };

export function mlflowStatus(status: unknown): RunStatus {
  const key = String(status ?? '');
  // Own keys only: a status of `constructor` would find Object.prototype's function.
  return (Object.hasOwn(STATUS, key) ? STATUS[key] : undefined) ?? 'unknown';
}

/** What both stores know about a run, as stored (times in epoch milliseconds). */
export interface MlflowRunInfo {
  readonly tags: Readonly<Record<string, ConfigValue>>;
  /** meta.yaml `run_name` / `runs.name`. */
  readonly runName?: unknown;
  readonly status?: unknown;
  readonly startTimeMs?: unknown;
  readonly endTimeMs?: unknown;
}

/** The run-meta record of either store: the `mlflow.runName` tag wins over the stored name (it is what the UI shows). */
export function mlflowRunMeta(info: MlflowRunInfo): RunMetaRecord {
  const tagName = info.tags['mlflow.runName'];
  const name = typeof tagName === 'string' ? tagName : typeof info.runName === 'string' && info.runName !== '' ? info.runName : undefined;
  const start = typeof info.startTimeMs === 'number' ? info.startTimeMs / 1000 : undefined;
  const end = typeof info.endTimeMs === 'number' ? info.endTimeMs / 1000 : undefined;
  return {
    kind: 'run-meta',
    ...(name !== undefined ? { name } : {}),
    status: mlflowStatus(info.status),
    ...(start !== undefined ? { wallStartSec: start } : {}),
    ...(end !== undefined ? { wallEndSec: end } : {}),
  };
}
