import { earlyStopGrid, earlyStopStep } from './early-stopping';
import { ev, fmt, fmtStep, pct } from './format';
import { finitePoints, theilSen } from './robust';
import type { Finding, SeriesInput } from './types';

/** Parameters of the overfitting flag (analyses.md §6.3). */
export interface OverfitParams {
  /** Prechelt's generalisation loss GL(t) = 100·(E_va(t)/E_opt(t) − 1) at the last eval must exceed this (GL_5). */
  readonly glAlpha: number;
  /** GL at or above this makes the finding critical. */
  readonly glCritical: number;
  /** Evals needed after the minimum (the rise must be more than one noisy point). */
  readonly minEvalsAfterBest: number;
  /** Training-loss logs needed after the minimum to say that training loss kept falling. */
  readonly minTrainAfterBest: number;
  /** The patience and threshold of the headline early-stopping replay (Lightning's default patience). */
  readonly patience: number;
  readonly minDelta: number;
}

export const DEFAULT_OVERFIT_PARAMS: OverfitParams = { glAlpha: 5, glCritical: 20, minEvalsAfterBest: 2, minTrainAfterBest: 2, patience: 3, minDelta: 0 };

/** L̄_tr at each eval step: the mean of the train logs in (t_{e−1}, t_e], else the last train log at or before t_e (§6.3 "Alignment"). */
export function alignTrain(evalSteps: Float64Array, train: { steps: Float64Array; values: Float64Array }): Float64Array {
  const out = new Float64Array(evalSteps.length).fill(Number.NaN);
  let j = 0;
  let prev = Number.NEGATIVE_INFINITY;
  let lastSeen = Number.NaN;
  for (let e = 0; e < evalSteps.length; e++) {
    const t = evalSteps[e] as number;
    let sum = 0;
    let count = 0;
    while (j < train.steps.length && (train.steps[j] as number) <= t) {
      if ((train.steps[j] as number) > prev) {
        sum += train.values[j] as number;
        count++;
      }
      lastSeen = train.values[j] as number;
      j++;
    }
    out[e] = count > 0 ? sum / count : lastSeen;
    prev = t;
  }
  return out;
}

/**
 * The overfitting flag of §6.3: after the eval minimum t* (the best checkpoint), eval loss rises (Theil–Sen slope > 0
 * and GL at the last eval > α) while the aligned training loss keeps falling (slope ≤ 0) and the gap G = L_va − L̄_tr
 * grows. Also replays early stopping, which says where a patience rule would have stopped.
 */
export function overfittingFinding(evalName: string, evalSeries: SeriesInput, trainName: string, trainSeries: SeriesInput, p: OverfitParams = DEFAULT_OVERFIT_PARAMS): Finding | null {
  const ev_ = finitePoints(evalSeries.steps, evalSeries.values);
  const tr = finitePoints(trainSeries.steps, trainSeries.values);
  const n = ev_.values.length;
  if (n < 1 + p.minEvalsAfterBest || tr.values.length < 2) return null;
  let best = 0;
  for (let i = 1; i < n; i++) if ((ev_.values[i] as number) < (ev_.values[best] as number)) best = i;
  const after = n - 1 - best;
  if (after < p.minEvalsAfterBest) return null;
  const eOpt = ev_.values[best] as number;
  const eLast = ev_.values[n - 1] as number;
  const bestStep = ev_.steps[best] as number;
  const lastStep = ev_.steps[n - 1] as number;
  // GL needs a positive minimum; a loss that reaches zero or below cannot be judged as a ratio.
  if (!(eOpt > 0)) return null;
  const gl = 100 * (eLast / eOpt - 1);
  if (!(gl > p.glAlpha)) return null;
  const tail = { steps: ev_.steps.subarray(best), values: ev_.values.subarray(best) };
  const evalSlope = theilSen(tail.steps, tail.values);
  if (!(evalSlope > 0)) return null;
  let trainAfter = 0;
  for (let j = 0; j < tr.steps.length; j++) if ((tr.steps[j] as number) > bestStep && (tr.steps[j] as number) <= lastStep) trainAfter++;
  if (trainAfter < p.minTrainAfterBest) return null;
  const aligned = alignTrain(ev_.steps, tr);
  const alignedTail = aligned.subarray(best);
  const trainSlope = theilSen(tail.steps, alignedTail);
  if (!(trainSlope <= 0)) return null;
  const gapBest = eOpt - (aligned[best] as number);
  const gapLast = eLast - (aligned[n - 1] as number);
  if (!(gapLast > gapBest)) return null;

  const stop = earlyStopStep(ev_.steps, ev_.values, p.patience, p.minDelta);
  const grid = earlyStopGrid(ev_.steps, ev_.values);
  const trainAtBest = aligned[best] as number;
  const trainAtLast = aligned[n - 1] as number;
  const stopText =
    stop === null
      ? `Early stopping with patience ${p.patience} and min_delta ${p.minDelta} would not have stopped the run.`
      : `Early stopping with patience ${p.patience} and min_delta ${p.minDelta} would have stopped at step ${fmtStep(stop)}, saving ${fmt(lastStep - stop)} steps of training after it.`;
  const evidence: Record<string, number | null> = {
    bestStep,
    bestEval: eOpt,
    lastStep,
    lastEval: eLast,
    generalizationLoss: gl,
    evalsAfterBest: after,
    evalSlope,
    trainSlope,
    trainAtBest: ev(trainAtBest),
    trainAtLast: ev(trainAtLast),
    gapAtBest: ev(gapBest),
    gapAtLast: ev(gapLast),
    earlyStopStep: stop,
    stepsAfterBest: lastStep - bestStep,
  };
  for (const g of grid) evidence[`earlyStop[patience=${g.patience},min_delta=${g.threshold}]`] = g.stopStep;
  return {
    kind: 'overfitting',
    metric: evalName,
    metrics: [evalName, trainName],
    severity: gl >= p.glCritical ? 'critical' : 'warning',
    step: bestStep,
    stepStart: bestStep,
    stepEnd: lastStep,
    title: `Overfitting after step ${fmtStep(bestStep)}: ${evalName} rose ${pct(gl)} while ${trainName} kept falling`,
    explanation:
      `${evalName} reached its minimum ${fmt(eOpt)} at step ${fmtStep(bestStep)}: the best checkpoint. ` +
      `Over the ${after} evals after it, it rose to ${fmt(eLast)} at step ${fmtStep(lastStep)} (generalisation loss GL = ${fmt(gl)}%, threshold ${p.glAlpha}%; Theil–Sen slope ${fmt(evalSlope)} per step), ` +
      `while ${trainName}, averaged between evals, went from ${fmt(trainAtBest)} to ${fmt(trainAtLast)} (slope ${fmt(trainSlope)} per step). ` +
      `The gap ${evalName} − ${trainName} grew from ${fmt(gapBest)} to ${fmt(gapLast)}. ${stopText}`,
    evidence,
    thresholds: { glAlpha: p.glAlpha, glCritical: p.glCritical, minEvalsAfterBest: p.minEvalsAfterBest, patience: p.patience, minDelta: p.minDelta },
    source: 'analyses.md §6.3',
  };
}
