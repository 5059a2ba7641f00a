import { ev, fmt, fmtStep } from './format';
import { isGradNorm, isLossLike } from './metric-names';
import type { Finding, SeriesInput } from './types';

/**
 * NaN/Inf onset (analyses.md §5.3 H "Divergence: non-finite loss"; Megatron's `number of nan iterations`): the first
 * step whose value is not finite, how many such points there are, and whether finite values came back after it.
 */
export function nonFiniteFinding(metric: string, s: SeriesInput): Finding | null {
  const n = Math.min(s.steps.length, s.values.length);
  let first = -1;
  let last = -1;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let finiteAfter = 0;
  let lastFiniteBefore: number | null = null;
  let lastFiniteValueBefore: number | null = null;
  for (let i = 0; i < n; i++) {
    const v = s.values[i] as number;
    if (Number.isFinite(v)) {
      if (first < 0) {
        lastFiniteBefore = s.steps[i] as number;
        lastFiniteValueBefore = v;
      } else finiteAfter++;
      continue;
    }
    if (Number.isNaN(v)) nan++;
    else if (v > 0) posInf++;
    else negInf++;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  const count = nan + posInf + negInf;
  const onset = s.steps[first] as number;
  const lastStep = s.steps[last] as number;
  const endsNonFinite = !Number.isFinite(s.values[n - 1] as number);
  const severe = isLossLike(metric) || isGradNorm(metric);
  const kinds = [nan ? `${nan} NaN` : '', posInf ? `${posInf} +Inf` : '', negInf ? `${negInf} -Inf` : ''].filter(Boolean).join(', ');
  const before = lastFiniteBefore === null ? 'No finite value was logged before it.' : `The last finite value before it was ${fmt(lastFiniteValueBefore)} at step ${fmtStep(lastFiniteBefore)}.`;
  const after = endsNonFinite
    ? finiteAfter > 0
      ? `Finite values came back ${finiteAfter} times, but the series ends non-finite.`
      : 'No finite value was logged after it.'
    : `${finiteAfter} finite values were logged after it; the series ends finite.`;
  return {
    kind: 'non-finite',
    metric,
    metrics: [metric],
    severity: severe ? 'critical' : 'warning',
    step: onset,
    stepStart: Math.min(onset, lastStep),
    stepEnd: Math.max(onset, lastStep),
    title: `${metric} became non-finite at step ${fmtStep(onset)} (${count} of ${n} points)`,
    explanation: `${metric} first logged a non-finite value at step ${fmtStep(onset)}; ${count} of its ${n} points are non-finite (${kinds}), the last at step ${fmtStep(lastStep)}. ${before} ${after}`,
    evidence: {
      onsetStep: onset,
      lastNonFiniteStep: lastStep,
      nonFiniteCount: count,
      nanCount: nan,
      posInfCount: posInf,
      negInfCount: negInf,
      points: n,
      lastFiniteStepBefore: ev(lastFiniteBefore),
      lastFiniteValueBefore: ev(lastFiniteValueBefore),
      finiteAfter,
      endsNonFinite: endsNonFinite ? 1 : 0,
    },
    thresholds: {},
    source: 'analyses.md §5.3 H',
  };
}
