import { pickLossMetric } from '../../../shared/domain/loss-metric';
import type { MetricSummary } from '../../../shared/domain/run';

export interface MetricInfo {
  readonly name: string;
  readonly runCount: number;
  readonly points: number;
  readonly extent: { min: number; max: number } | null;
}

/** The union of the selected runs' metrics, with each one's full step extent across runs. */
export function unionMetrics(rows: readonly MetricSummary[]): MetricInfo[] {
  const by = new Map<string, { runs: Set<string>; points: number; min: number; max: number }>();
  for (const m of rows) {
    let e = by.get(m.name);
    if (!e) {
      e = { runs: new Set(), points: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
      by.set(m.name, e);
    }
    e.runs.add(m.runId);
    e.points += m.points;
    if (m.firstStep !== null) e.min = Math.min(e.min, m.firstStep);
    if (m.lastStep !== null) e.max = Math.max(e.max, m.lastStep);
  }
  return [...by.entries()]
    .map(([name, e]) => ({ name, runCount: e.runs.size, points: e.points, extent: Number.isFinite(e.min) && Number.isFinite(e.max) ? { min: e.min, max: e.max } : null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Groups by the prefix before the first `/` (`train/`, `eval/`, `rewards/`); unprefixed names share one group. */
export function groupMetrics(names: readonly string[]): { group: string; names: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const i = n.indexOf('/');
    const g = i > 0 ? `${n.slice(0, i)}/` : '';
    const list = groups.get(g);
    if (list) list.push(n);
    else groups.set(g, [n]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))).map(([group, ns]) => ({ group, names: ns }));
}

const EVAL_LOSS = ['eval_loss', 'val_loss', 'eval/loss', 'validation/loss', 'valid_loss', 'test_loss'];

/** What to plot before the user has chosen: the run's loss and its eval/val counterpart. */
export function defaultMetrics(names: readonly string[]): string[] {
  const out: string[] = [];
  const loss = pickLossMetric(names);
  if (loss) out.push(loss);
  for (const e of EVAL_LOSS) if (names.includes(e) && !out.includes(e)) out.push(e);
  if (out.length === 0 && names[0] !== undefined) out.push(names[0]);
  return out;
}
