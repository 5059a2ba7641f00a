import { pickLossMetric } from '../../../shared/domain/loss-metric';
import type { MetricSummary } from '../../../shared/domain/run';
import { compareNatural } from '../../components/compare';

/** One metric across the selected runs. */
export interface MetricInfo {
  readonly name: string;
  /** Runs (of the selected ones) that log it, in the order the rows came. */
  readonly runIds: readonly string[];
  readonly points: number;
  readonly nonFiniteCount: number;
  /** Full step range across those runs; null when no run has a point. */
  readonly extent: { readonly min: number; readonly max: number } | null;
}

/** The union of the selected runs' metrics, sorted by name. */
export function unionMetrics(rows: readonly MetricSummary[]): MetricInfo[] {
  const by = new Map<string, { runIds: string[]; points: number; nonFinite: number; min: number; max: number }>();
  for (const m of rows) {
    let e = by.get(m.name);
    if (!e) {
      e = { runIds: [], points: 0, nonFinite: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
      by.set(m.name, e);
    }
    if (!e.runIds.includes(m.runId)) e.runIds.push(m.runId);
    e.points += m.points;
    e.nonFinite += m.nonFiniteCount;
    for (const s of [m.firstStep, m.lastStep]) {
      if (s === null) continue;
      e.min = Math.min(e.min, s);
      e.max = Math.max(e.max, s);
    }
  }
  return [...by.entries()]
    .map(([name, e]) => ({
      name,
      runIds: e.runIds,
      points: e.points,
      nonFiniteCount: e.nonFinite,
      extent: Number.isFinite(e.min) && Number.isFinite(e.max) ? { min: e.min, max: e.max } : null,
    }))
    .sort((a, b) => compareNatural(a.name, b.name));
}

export interface MetricGroup {
  /** `train/`, `eval/`…; '' for names without a `/`. */
  readonly prefix: string;
  readonly names: readonly string[];
}

/** Groups by the prefix before the first `/` (`train/`, `eval/`, `rewards/`); names without one come first. */
export function groupMetrics(names: readonly string[]): MetricGroup[] {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const i = n.indexOf('/');
    const g = i > 0 ? n.slice(0, i + 1) : '';
    const list = groups.get(g);
    if (list) list.push(n);
    else groups.set(g, [n]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : compareNatural(a, b))).map(([prefix, ns]) => ({ prefix, names: ns }));
}

/** Case-insensitive substring search; every space-separated word must match (`eval loss` finds `eval/loss`). */
export function searchMetrics(names: readonly string[], search: string): string[] {
  const words = search.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...names];
  return names.filter((n) => {
    const low = n.toLowerCase();
    return words.every((w) => low.includes(w));
  });
}

/** Validation losses pre-picked next to the training loss. */
export const EVAL_LOSS_NAMES = ['eval_loss', 'val_loss', 'eval/loss', 'val/loss', 'validation/loss', 'valid_loss', 'validation_loss', 'test_loss'];

/**
 * What is plotted before the user chooses: each selected run's loss-like metric (`pickLossMetric` over that run's
 * metrics, the same choice as the runs table's last-loss column, so a TensorBoard `train/loss` and an HF `loss`
 * both show), then any eval/val loss. Nothing when no metric looks like a loss.
 */
export function defaultMetrics(rows: readonly Pick<MetricSummary, 'runId' | 'name'>[]): string[] {
  const byRun = new Map<string, string[]>();
  for (const r of rows) {
    const list = byRun.get(r.runId);
    if (list) list.push(r.name);
    else byRun.set(r.runId, [r.name]);
  }
  const out: string[] = [];
  for (const names of byRun.values()) {
    const loss = pickLossMetric(names);
    if (loss !== null && !out.includes(loss)) out.push(loss);
  }
  const all = new Set(rows.map((r) => r.name));
  for (const e of EVAL_LOSS_NAMES) if (all.has(e) && !out.includes(e)) out.push(e);
  return out;
}
