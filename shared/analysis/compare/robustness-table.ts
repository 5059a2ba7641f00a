import type { RobustnessMetric, SweepSeries } from '../../domain/sweep';
import type { SweepPointRecord } from '../../importers/records';
import type { CategoryOverrides } from './categories';
import { categorize } from './categories';
import { directionOf } from './matrix';
import type { RobustnessSummary, SweepPoint } from './robustness';
import { compareToControl, DEFAULT_BREAK_THRESHOLD, robustnessSummary } from './robustness';

/**
 * The robustness view's table (issue 6 §4): per task × metric, one curve and score row per sweep run and direction,
 * the run's random-direction control alongside. Pure; the host loads the sweep points.
 */

/** One stored sweep number: an eval at one α of one direction. */
export type SweepPointRow = Pick<SweepPointRecord, 'direction' | 'isControl' | 'alpha' | 'task' | 'metric' | 'filter' | 'value' | 'stderr' | 'higherIsBetter'>;

export interface SweepRunInput {
  readonly runId: string;
  readonly method: string;
  readonly points: readonly SweepPointRow[];
}

export interface RobustnessTableOptions {
  readonly breakThreshold?: number;
  readonly categories?: CategoryOverrides;
}

const keyOf = (p: Pick<SweepPointRow, 'task' | 'metric' | 'filter'>) => `${p.task}\u0000${p.metric}\u0000${p.filter}`;

function seriesOf(run: SweepRunInput, direction: string, isControl: boolean, pts: readonly SweepPointRow[], s: RobustnessSummary, control: RobustnessSummary | null): SweepSeries {
  const seByAlpha = new Map(pts.map((p) => [p.alpha, p.stderr]));
  return {
    runId: run.runId,
    method: run.method,
    direction,
    isControl,
    points: s.curve.map((c) => ({ alpha: c.alpha, value: c.value, stderr: seByAlpha.get(c.alpha) ?? null, drop: c.drop, dropLow: c.dropLow })),
    referenceAlpha: s.referenceAlpha,
    referenceValue: s.referenceValue,
    dropAuc: s.dropAuc,
    worstDrop: s.worstDrop,
    worstAlpha: s.worstAlpha,
    breakAlpha: s.breakAlpha,
    breakBasis: s.breakBasis,
    slopeNearZero: s.slopeNearZero,
    specificity: control === null || isControl ? null : compareToControl(s, control).specificity,
  };
}

export function computeRobustness(runs: readonly SweepRunInput[], options: RobustnessTableOptions = {}): RobustnessMetric[] {
  const breakThreshold = options.breakThreshold ?? DEFAULT_BREAK_THRESHOLD;
  const keys = new Map<string, SweepPointRow>();
  for (const r of runs) for (const p of r.points) if (!keys.has(keyOf(p))) keys.set(keyOf(p), p);
  const ordered = [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return ordered.map(([key, first]) => {
    const all = runs.flatMap((r) => r.points.filter((p) => keyOf(p) === key));
    const higherIsBetter = directionOf(first.metric, all.map((p) => p.higherIsBetter));
    const summarize = (pts: readonly SweepPointRow[]) => robustnessSummary(pts.map((p): SweepPoint => ({ alpha: p.alpha, value: p.value, stderr: p.stderr })), { higherIsBetter: higherIsBetter ?? true, breakThreshold });
    const series: SweepSeries[] = [];
    for (const run of runs) {
      const mine = run.points.filter((p) => keyOf(p) === key);
      const directions = [...new Map(mine.map((p) => [p.direction, p.isControl])).entries()];
      const controlDir = directions.find(([, isControl]) => isControl)?.[0];
      const control = controlDir === undefined ? null : summarize(mine.filter((p) => p.direction === controlDir));
      for (const [direction, isControl] of directions) {
        const pts = mine.filter((p) => p.direction === direction);
        const s = summarize(pts);
        if (s !== null) series.push(seriesOf(run, direction, isControl, pts, s, control));
      }
    }
    return { task: first.task, metric: first.metric, filter: first.filter, category: categorize(first.task, options.categories ?? {}), higherIsBetter, series };
  });
}
