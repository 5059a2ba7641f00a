import type { DivergenceParams } from './divergence';
import { DEFAULT_DIVERGENCE_PARAMS, divergenceFinding } from './divergence';
import { isGradNorm, isLossLike, isMinimisedLoss, trainEvalPairs } from './metric-names';
import { nonFiniteFinding } from './non-finite';
import type { OverfitParams } from './overfitting';
import { DEFAULT_OVERFIT_PARAMS, overfittingFinding } from './overfitting';
import type { PlateauParams } from './plateau';
import { DEFAULT_PLATEAU_PARAMS, plateauFindings } from './plateau';
import { finitePoints, typicalSpacing } from './robust';
import type { SpikeEpisode, SpikeParams } from './spikes';
import { DEFAULT_SPIKE_PARAMS, spikeEpisodes, spikeFindings } from './spikes';
import type { Finding, RunSeriesInput } from './types';

export type { Finding, FindingKind, FindingSeverity, RunFindings, RunSeriesInput, SeriesInput } from './types';
export { isEvalName, isGradNorm, isLossLike, isMinimisedLoss, isTrainLoss, trainCounterpart, trainEvalPairs } from './metric-names';

export interface FindingParams {
  readonly spike: SpikeParams;
  readonly divergence: DivergenceParams;
  readonly plateau: PlateauParams;
  readonly overfit: OverfitParams;
}

export const DEFAULT_FINDING_PARAMS: FindingParams = {
  spike: DEFAULT_SPIKE_PARAMS,
  divergence: DEFAULT_DIVERGENCE_PARAMS,
  plateau: DEFAULT_PLATEAU_PARAMS,
  overfit: DEFAULT_OVERFIT_PARAMS,
};

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Every finding for one run (analyses.md §5.3 H, §6.3): non-finite onset on every metric; spikes on losses and grad
 * norms; divergence and plateaus on minimised training losses; overfitting on each (eval, train) loss pair. Pure: same series and
 * parameters, same findings, ordered by severity, then step.
 */
export function computeFindings(series: RunSeriesInput, params: FindingParams = DEFAULT_FINDING_PARAMS): Finding[] {
  const out: Finding[] = [];
  const names = [...series.keys()].sort();
  for (const name of names) {
    const s = series.get(name);
    if (!s) continue;
    const f = nonFiniteFinding(name, s);
    if (f) out.push(f);
  }

  // Grad-norm episodes first, so each loss spike can say whether one preceded it (OLMo 2, §5.1).
  const gradNorms = names.filter(isGradNorm);
  const gradEpisodes = new Map<string, SpikeEpisode[]>();
  for (const g of gradNorms) {
    const s = series.get(g);
    if (s) gradEpisodes.set(g, spikeEpisodes(s, params.spike).episodes);
  }
  for (const name of names) {
    const s = series.get(name);
    if (!s || !(isLossLike(name) || isGradNorm(name))) continue;
    let link: { name: string; episodes: SpikeEpisode[]; lookback: number } | null = null;
    if (!isGradNorm(name)) {
      const g = closestGradNorm(name, gradNorms);
      const eps = g === null ? undefined : gradEpisodes.get(g);
      if (g !== null && eps) link = { name: g, episodes: eps, lookback: 5 * typicalSpacing(finitePoints(s.steps, s.values).steps) };
    }
    out.push(...spikeFindings(name, s, params.spike, link));
  }

  for (const name of names) {
    const s = series.get(name);
    if (!s || !isMinimisedLoss(name)) continue;
    const d = divergenceFinding(name, s, params.divergence);
    if (d) out.push(d);
    // A diverging stretch is not also a plateau.
    const plateaus = plateauFindings(name, s, params.plateau).filter((p) => d === null || p.stepEnd < d.stepStart || p.stepStart > d.stepEnd);
    out.push(...plateaus);
  }

  for (const { evalName, trainName } of trainEvalPairs(names)) {
    const e = series.get(evalName);
    const t = series.get(trainName);
    if (!e || !t) continue;
    const f = overfittingFinding(evalName, e, trainName, t, params.overfit);
    if (f) out.push(f);
  }
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.step - b.step || a.kind.localeCompare(b.kind) || a.metric.localeCompare(b.metric));
}

/** The grad norm logged beside a loss: same prefix (`actor/pg_loss` ↔ `actor/grad_norm`), else the only or the shortest-named one. */
function closestGradNorm(loss: string, gradNorms: readonly string[]): string | null {
  if (gradNorms.length === 0) return null;
  const prefix = (n: string) => n.split('/').slice(0, -1).join('/');
  const same = gradNorms.filter((g) => prefix(g) === prefix(loss));
  const pool = same.length > 0 ? same : gradNorms;
  return [...pool].sort((a, b) => a.length - b.length || a.localeCompare(b))[0] ?? null;
}
