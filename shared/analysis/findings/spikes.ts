import { ev, fmt, fmtStep } from './format';
import { finitePoints, MAD_TO_SIGMA, SortedWindow } from './robust';
import type { Finding, SeriesInput } from './types';

/** Parameters of the spike detector (analyses.md §5.3 H). */
export interface SpikeParams {
  /** Trailing window W of previous points (the current one excluded). §5.3 H: W = 100–1000 steps. */
  readonly window: number;
  /** Points of history needed before a z-score is trusted. */
  readonly minHistory: number;
  /** Spike threshold τ on the robust z-score. §5.3 H: τ = 6–8; one public monitor uses z(log loss) > 8 on 100 points. */
  readonly tau: number;
  /** Episode start threshold τ_low (§5.3 H: 3). */
  readonly tauLow: number;
  /** Recovery: back to m_start + this many robust sigmas (§5.3 H: 2). */
  readonly recoverySigmas: number;
  /** At most this many episodes per metric are reported (the largest first). */
  readonly maxEpisodes: number;
}

export const DEFAULT_SPIKE_PARAMS: SpikeParams = { window: 100, minHistory: 20, tau: 8, tauLow: 3, recoverySigmas: 2, maxEpisodes: 20 };

/** One spike episode in point indices of the finite, step-sorted series. */
export interface SpikeEpisode {
  readonly startStep: number;
  readonly peakStep: number;
  /** The step it recovered at, or null if it never came back within the series. */
  readonly recoveryStep: number | null;
  readonly endStep: number;
  readonly peakZ: number;
  readonly peakValue: number;
  /** The trailing median at the episode start, in the metric's own units. */
  readonly baseline: number;
  readonly points: number;
}

/**
 * Robust z-score of each point against the median and MAD of the `window` points before it:
 * z_t = (ℓ_t − m_t) / (1.4826·MAD_t + ε), with ℓ = log(x) when every value is positive (§5.3 H works on log loss).
 * NaN where there is not enough history or the window has no spread (MAD = 0: the scale is unknown).
 */
export function robustZ(ys: ArrayLike<number>, p: Pick<SpikeParams, 'window' | 'minHistory'>): { z: Float64Array; med: Float64Array; sigma: Float64Array } {
  const n = ys.length;
  const z = new Float64Array(n).fill(Number.NaN);
  const med = new Float64Array(n).fill(Number.NaN);
  const sigma = new Float64Array(n).fill(Number.NaN);
  const w = new SortedWindow(p.window);
  for (let i = 0; i < n; i++) {
    if (w.size >= Math.max(1, p.minHistory)) {
      const m = w.median();
      const s = MAD_TO_SIGMA * w.mad(m);
      med[i] = m;
      sigma[i] = s;
      // ε scales with the level so a window with no spread at all (a constant series) never yields z.
      if (s > 1e-12 * Math.max(1, Math.abs(m))) z[i] = ((ys[i] as number) - m) / s;
    }
    if (i >= p.window) w.remove(ys[i - p.window] as number);
    w.add(ys[i] as number);
  }
  return { z, med, sigma };
}

/** Upward spike episodes: points with z > τ, merged with their run-up (z > τ_low) and everything until recovery. */
export function spikeEpisodes(s: SeriesInput, p: SpikeParams = DEFAULT_SPIKE_PARAMS): { episodes: SpikeEpisode[]; logScale: boolean } {
  const pts = finitePoints(s.steps, s.values);
  const n = pts.values.length;
  let positive = n > 0;
  for (let i = 0; i < n && positive; i++) if ((pts.values[i] as number) <= 0) positive = false;
  const ys = positive ? pts.values.map(Math.log) : pts.values;
  const { z, med, sigma } = robustZ(ys, p);
  const unlog = (v: number) => (positive ? Math.exp(v) : v);
  const episodes: SpikeEpisode[] = [];
  let i = 0;
  while (i < n) {
    if (!((z[i] as number) > p.tau)) {
      i++;
      continue;
    }
    let start = i;
    while (start - 1 >= 0 && (z[start - 1] as number) > p.tauLow) start--;
    const m0 = med[start] as number;
    const level = m0 + p.recoverySigmas * (sigma[start] as number);
    let peak = i;
    let j = i + 1;
    while (j < n && (ys[j] as number) > level) {
      if ((ys[j] as number) > (ys[peak] as number)) peak = j;
      j++;
    }
    const recovered = j < n;
    let peakZ = Number.NEGATIVE_INFINITY;
    for (let k = start; k < Math.min(j, n); k++) if ((z[k] as number) > peakZ) peakZ = z[k] as number;
    episodes.push({
      startStep: pts.steps[start] as number,
      peakStep: pts.steps[peak] as number,
      recoveryStep: recovered ? (pts.steps[j] as number) : null,
      endStep: pts.steps[recovered ? j : n - 1] as number,
      peakZ,
      peakValue: pts.values[peak] as number,
      baseline: unlog(m0),
      points: Math.min(j, n) - start,
    });
    i = recovered ? j + 1 : n;
  }
  return { episodes, logScale: positive };
}

/** Spike findings for one metric; `gradNorm` episodes (if the run logs a grad norm) say whether one came first (OLMo 2). */
export function spikeFindings(metric: string, s: SeriesInput, p: SpikeParams = DEFAULT_SPIKE_PARAMS, gradNorm: { name: string; episodes: readonly SpikeEpisode[]; lookback: number } | null = null): Finding[] {
  const { episodes, logScale } = spikeEpisodes(s, p);
  const kept = [...episodes].sort((a, b) => b.peakZ - a.peakZ).slice(0, p.maxEpisodes);
  kept.sort((a, b) => a.startStep - b.startStep);
  return kept.map((e) => {
    const ratio = e.baseline !== 0 ? e.peakValue / e.baseline : Number.NaN;
    const preceded = gradNorm === null ? null : gradNorm.episodes.some((g) => g.startStep <= e.peakStep && g.peakStep >= e.startStep - gradNorm.lookback);
    const scale = logScale ? 'log values' : 'values';
    const recovery = e.recoveryStep === null ? 'It had not recovered by the end of the series.' : `It recovered at step ${fmtStep(e.recoveryStep)}, ${fmt(e.recoveryStep - e.peakStep)} steps after the peak.`;
    const gn = preceded === null ? '' : preceded ? ` ${gradNorm?.name ?? 'The grad norm'} spiked at or before it.` : ` ${gradNorm?.name ?? 'The grad norm'} did not spike before it.`;
    const rewind = ` PaLM's remedy: restart from a checkpoint at or before step ${fmtStep(e.startStep - 100)} and skip the batches around the spike.`;
    return {
      kind: 'spike' as const,
      metric,
      metrics: preceded === null || gradNorm === null ? [metric] : [metric, gradNorm.name],
      severity: e.recoveryStep === null ? ('critical' as const) : ('warning' as const),
      step: e.peakStep,
      stepStart: e.startStep,
      stepEnd: Math.max(e.endStep, e.peakStep),
      title: `${metric} spiked to ${fmt(e.peakValue)} at step ${fmtStep(e.peakStep)} (z = ${fmt(e.peakZ)})`,
      explanation:
        `At step ${fmtStep(e.peakStep)} ${metric} reached ${fmt(e.peakValue)}, ${fmt(ratio)}× the median ${fmt(e.baseline)} of the previous ${p.window} points. ` +
        `Its robust z-score (${scale}, against the trailing median and 1.4826·MAD) peaked at ${fmt(e.peakZ)}, above the threshold ${p.tau}. ` +
        `The episode starts at step ${fmtStep(e.startStep)} and spans ${e.points} points. ${recovery}${gn}${rewind}`,
      evidence: {
        peakStep: e.peakStep,
        peakValue: e.peakValue,
        peakZ: ev(e.peakZ),
        baselineMedian: ev(e.baseline),
        heightRatio: ev(ratio),
        startStep: e.startStep,
        recoveryStep: ev(e.recoveryStep),
        recoverySteps: e.recoveryStep === null ? null : e.recoveryStep - e.peakStep,
        points: e.points,
        logScale: logScale ? 1 : 0,
        gradNormSpikeBefore: preceded === null ? null : preceded ? 1 : 0,
      },
      thresholds: { tau: p.tau, tauLow: p.tauLow, window: p.window, minHistory: p.minHistory, recoverySigmas: p.recoverySigmas },
      source: 'analyses.md §5.3 H',
    };
  });
}
