import { lookupMetric } from '../../domain/metric-dictionary';
import type { EvalNumber } from './matrix';

/**
 * Eval numbers of a training run for the comparison table (issue 6 §1 "eval series of training runs"): the last value
 * of each held-out series (`eval_loss`, `eval/accuracy`, `val_loss`, `test/f1`…). No stderr is logged with them, so
 * their deltas carry no interval.
 */

/** The split prefixes of held-out series, as HF, Lightning and TensorBoard callbacks write them. */
const HELD_OUT = /^(eval|evaluation|val|valid|validation|test)[/_]/i;
/** Bookkeeping that shares the prefix but is not a score. */
const NOT_A_SCORE = /(runtime|per_second|samples|steps|epoch|flos|mem|time)$/i;
const NOT_SCORE_GROUPS = new Set(['throughput', 'progress', 'system', 'optimizer']);

export interface TrainingMetric {
  readonly name: string;
  readonly lastValue: number | null;
}

/** Task name the table files these rows under; the category map can place it like any task. */
export const TRAINING_EVAL_TASK = 'training eval';

export function trainingEvalNumbers(metrics: readonly TrainingMetric[]): EvalNumber[] {
  const out: EvalNumber[] = [];
  for (const m of metrics) {
    if (!HELD_OUT.test(m.name) || NOT_A_SCORE.test(m.name) || m.lastValue === null || !Number.isFinite(m.lastValue)) continue;
    const entry = lookupMetric(m.name)?.entry ?? null;
    if (entry && NOT_SCORE_GROUPS.has(entry.group)) continue;
    const dir = entry?.direction ?? null;
    out.push({ task: TRAINING_EVAL_TASK, metric: m.name, filter: 'none', value: m.lastValue, stderr: null, higherIsBetter: dir === null ? null : dir === 'higher', nSamples: null });
  }
  return out;
}
