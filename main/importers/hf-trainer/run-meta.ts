import type { RunMetaRecord } from '../../../shared/importers/records';
import type { StateFile } from './state-file';

/**
 * Finished when the newest state reached max_steps, or when the final summary row (`train_runtime`, logged once at
 * the end of train()) is there. Otherwise unknown: a checkpoint mid-run cannot tell a crash from a run still going.
 */
export function runMeta(newest: StateFile | null): RunMetaRecord {
  if (newest === null) return { kind: 'run-meta', status: 'unknown' };
  const maxSteps = newest.fields.max_steps;
  const reachedMax = typeof maxSteps === 'number' && maxSteps > 0 && newest.globalStep !== null && newest.globalStep >= maxSteps;
  const hasSummary = newest.rows.some((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r.train_runtime === 'number');
  const best = newest.fields.best_model_checkpoint;
  // As written at training time (often a path on another machine); resolving it is the reader's job.
  const bestModelCheckpoint = typeof best === 'string' ? best : best === null || !newest.isDamaged ? null : undefined;
  return {
    kind: 'run-meta',
    status: reachedMax || hasSummary ? 'finished' : 'unknown',
    ...(bestModelCheckpoint !== undefined ? { bestModelCheckpoint } : {}),
  };
}
