import { ev, fmt, fmtStep, pct } from './format';
import { finitePoints, trailingMedian } from './robust';
import type { Finding, SeriesInput } from './types';

/** Parameters of the divergence rule (analyses.md §5.3 H "Divergence"). */
export interface DivergenceParams {
  /** Points in the trailing median that stands in for §5.3 H's EMA (robust to single spikes, no look-ahead). */
  readonly smoothPoints: number;
  /** Diverged when the trailing median exceeds the running minimum by this factor… */
  readonly factor: number;
  /** …and has given back at least this share of the progress made before (so noise near zero loss is not divergence)… */
  readonly minGiveBack: number;
  /** …for at least this many consecutive points (§5.3 H: "no recovery within R steps"). */
  readonly sustainPoints: number;
}

export const DEFAULT_DIVERGENCE_PARAMS: DivergenceParams = { smoothPoints: 10, factor: 1.5, minGiveBack: 0.25, sustainPoints: 10 };

/**
 * Divergence of a training loss: a sustained rise of the trailing median above its running minimum by `factor`, or a
 * series that ends non-finite (§5.3 H: "non-finite loss, or no recovery within R steps with the EMA of ℓ above
 * m_start + δ"). Only for positive losses: a ratio to the minimum means nothing for a loss that crosses zero.
 */
export function divergenceFinding(metric: string, s: SeriesInput, p: DivergenceParams = DEFAULT_DIVERGENCE_PARAMS): Finding | null {
  const n = Math.min(s.steps.length, s.values.length);
  const endsNonFinite = n > 0 && !Number.isFinite(s.values[n - 1] as number);
  if (endsNonFinite) return nonFiniteEnd(metric, s, n);
  const pts = finitePoints(s.steps, s.values);
  const m = pts.values.length;
  if (m < p.smoothPoints + p.sustainPoints) return null;
  for (let i = 0; i < m; i++) if ((pts.values[i] as number) <= 0) return null;
  const level = trailingMedian(pts.values, p.smoothPoints);
  const first = level[p.smoothPoints - 1] as number;
  let runMin = Number.POSITIVE_INFINITY;
  let runMinAt = 0;
  let onset = -1;
  let onsetMin = 0;
  let onsetMinAt = 0;
  // Start judging once the trailing median covers a full window.
  for (let i = p.smoothPoints - 1; i < m; i++) {
    const v = level[i] as number;
    if (v < runMin) {
      runMin = v;
      runMinAt = i;
    }
    const progress = Math.max(0, first - runMin);
    const diverged = v > p.factor * runMin && v - runMin >= p.minGiveBack * progress;
    if (diverged) {
      if (onset < 0) {
        onset = i;
        onsetMin = runMin;
        onsetMinAt = runMinAt;
      }
      if (i - onset + 1 >= p.sustainPoints) return sustained(metric, pts, level, onset, onsetMin, onsetMinAt, p);
    } else onset = -1;
  }
  return null;
}

function sustained(metric: string, pts: { steps: Float64Array; values: Float64Array }, level: Float64Array, onset: number, runMin: number, runMinAt: number, p: DivergenceParams): Finding {
  const m = pts.values.length;
  // The episode runs until the trailing median comes back under the threshold, or to the end.
  let end = onset;
  let peak = onset;
  while (end + 1 < m && (level[end + 1] as number) > p.factor * runMin) {
    end++;
    if ((level[end] as number) > (level[peak] as number)) peak = end;
  }
  const recovered = end + 1 < m;
  const onsetStep = pts.steps[onset] as number;
  const endStep = pts.steps[recovered ? end + 1 : end] as number;
  const peakLevel = level[peak] as number;
  const minStep = pts.steps[runMinAt] as number;
  const rise = 100 * (peakLevel / runMin - 1);
  return {
    kind: 'divergence',
    metric,
    metrics: [metric],
    severity: recovered ? 'warning' : 'critical',
    step: onsetStep,
    stepStart: onsetStep,
    stepEnd: endStep,
    title: `${metric} diverged from step ${fmtStep(onsetStep)}: ${fmt(peakLevel / runMin)}× its best level`,
    explanation:
      `The trailing median of ${metric} over ${p.smoothPoints} points reached its lowest value, ${fmt(runMin)}, at step ${fmtStep(minStep)}. ` +
      `From step ${fmtStep(onsetStep)} it stayed above ${p.factor}× that level for ${recovered ? end - onset + 1 : m - onset} points (at least ${p.sustainPoints} needed), peaking at ${fmt(peakLevel)} (+${pct(rise)}) at step ${fmtStep(pts.steps[peak] as number)}. ` +
      (recovered ? `It came back under the threshold at step ${fmtStep(endStep)}.` : 'It had not come back by the end of the series.'),
    evidence: {
      onsetStep,
      bestLevel: runMin,
      bestStep: minStep,
      peakLevel,
      peakStep: pts.steps[peak] as number,
      peakRatio: ev(peakLevel / runMin),
      recoveryStep: recovered ? endStep : null,
      lastValue: ev(pts.values[m - 1]),
    },
    thresholds: { factor: p.factor, smoothPoints: p.smoothPoints, sustainPoints: p.sustainPoints, minGiveBack: p.minGiveBack },
    source: 'analyses.md §5.3 H',
  };
}

/** A series that was finite and ends in non-finite values; one that never had a finite value is left to the NaN finding. */
function nonFiniteEnd(metric: string, s: SeriesInput, n: number): Finding | null {
  let i = n - 1;
  while (i - 1 >= 0 && !Number.isFinite(s.values[i - 1] as number)) i--;
  if (i === 0) return null;
  const onset = s.steps[i] as number;
  const last = s.steps[n - 1] as number;
  return {
    kind: 'divergence',
    metric,
    metrics: [metric],
    severity: 'critical',
    step: onset,
    stepStart: Math.min(onset, last),
    stepEnd: Math.max(onset, last),
    title: `${metric} diverged: non-finite from step ${fmtStep(onset)} to the end`,
    explanation: `${metric} is non-finite for its last ${n - i} points, from step ${fmtStep(onset)} to step ${fmtStep(last)}, and never finite again: training diverged (a non-finite loss counts as divergence).`,
    evidence: { onsetStep: onset, lastStep: last, nonFiniteTail: n - i, points: n },
    thresholds: {},
    source: 'analyses.md §5.3 H',
  };
}
