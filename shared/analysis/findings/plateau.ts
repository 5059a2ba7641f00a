import { fmt, fmtStep, pct } from './format';
import { finitePoints, trailingMedian } from './robust';
import type { Finding, SeriesInput } from './types';

/** Parameters of the plateau rule (analyses.md §6.3 "Underfitting flags" (a), turned around). */
export interface PlateauParams {
  /** Points in the trailing median the best-so-far is taken on: at least this many, and at least half the window (so one
   * noisy low does not count as progress). */
  readonly smoothPoints: number;
  /** The window, as a share of the series' points… */
  readonly windowShare: number;
  /** …but at least this many points. */
  readonly minWindow: number;
  /** Plateau when the best-so-far improved by less than this relative amount over the window (§6.3 (a): 1%). */
  readonly minRelImprovement: number;
  /** Series shorter than this are not judged. */
  readonly minPoints: number;
  /** Only plateaus at least this many windows long are reported (a stall, not a pause); closer ones are merged. */
  readonly minWindows: number;
  readonly maxFindings: number;
}

export const DEFAULT_PLATEAU_PARAMS: PlateauParams = { smoothPoints: 5, windowShare: 0.1, minWindow: 10, minRelImprovement: 0.01, minPoints: 30, minWindows: 2, maxFindings: 2 };

/**
 * Plateaus of a training loss: stretches where its best-so-far level (trailing median, running minimum) improved by
 * less than `minRelImprovement` over a window of `windowShare` of the run. §6.3 (a) calls a run under-trained while the
 * last 10% still improves by more than 1%; a plateau is the converse, anywhere in the run.
 */
export function plateauFindings(metric: string, s: SeriesInput, p: PlateauParams = DEFAULT_PLATEAU_PARAMS): Finding[] {
  const pts = finitePoints(s.steps, s.values);
  const n = pts.values.length;
  if (n < p.minPoints) return [];
  const w = Math.max(p.minWindow, Math.round(p.windowShare * n));
  const k = Math.max(p.smoothPoints, Math.round(w / 2));
  const level = trailingMedian(pts.values, k);
  const best = new Float64Array(n);
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    b = Math.min(b, level[i] as number);
    best[i] = b;
  }
  const rel = (i: number) => {
    const before = best[i - w] as number;
    return (before - (best[i] as number)) / Math.max(Math.abs(before), 1e-12);
  };
  const segments: { from: number; to: number; maxRel: number }[] = [];
  const first = k - 1 + w;
  let open: { from: number; to: number; maxRel: number } | null = null;
  for (let i = first; i < n; i++) {
    const r = rel(i);
    if (r < p.minRelImprovement) {
      // A short burst of progress between two stalls does not split them.
      const last = segments[segments.length - 1];
      if (open === null && last !== undefined && i - w - last.to < w) {
        segments.pop();
        open = last;
      }
      if (open === null) open = { from: i - w, to: i, maxRel: r };
      else {
        open.to = i;
        open.maxRel = Math.max(open.maxRel, r);
      }
    } else if (open !== null) {
      segments.push(open);
      open = null;
    }
  }
  if (open !== null) segments.push(open);
  const kept = segments.filter((g) => g.to - g.from + 1 >= p.minWindows * w).sort((a, c) => c.to - c.from - (a.to - a.from)).slice(0, p.maxFindings).sort((a, c) => a.from - c.from);
  return kept.map((g) => {
    const from = pts.steps[g.from] as number;
    const to = pts.steps[g.to] as number;
    const atEnd = g.to === n - 1;
    const startLevel = best[g.from] as number;
    const endLevel = best[g.to] as number;
    const total = (startLevel - endLevel) / Math.max(Math.abs(startLevel), 1e-12);
    return {
      kind: 'plateau' as const,
      metric,
      metrics: [metric],
      severity: 'info' as const,
      step: from,
      stepStart: from,
      stepEnd: to,
      title: `${metric} plateaued from step ${fmtStep(from)} to ${fmtStep(to)}${atEnd ? ' (end of run)' : ''}`,
      explanation:
        `From step ${fmtStep(from)} to step ${fmtStep(to)} (${g.to - g.from + 1} points) the best level of ${metric} (trailing median over ${k} points) never improved by ${pct(100 * p.minRelImprovement)} or more within any window of ${w} points; ` +
        `it went from ${fmt(startLevel)} to ${fmt(endLevel)} (${pct(100 * total)} in all). ` +
        (atEnd ? 'The plateau lasts to the end of the run: it has converged or stalled.' : 'It improved again afterwards.'),
      evidence: { fromStep: from, toStep: to, points: g.to - g.from + 1, window: w, startLevel, endLevel, relImprovement: total, maxWindowImprovement: g.maxRel, atEnd: atEnd ? 1 : 0 },
      thresholds: { minRelImprovement: p.minRelImprovement, windowShare: p.windowShare, minWindow: p.minWindow, smoothPoints: k, minWindows: p.minWindows },
      source: 'analyses.md §6.3',
    };
  });
}
