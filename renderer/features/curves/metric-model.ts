import { pickLossMetric } from '../../../shared/domain/loss-metric';
import type { GoodDirection, MetricGroupId } from '../../../shared/domain/metric-dictionary';
import { GROUP_LABELS, lookupMetric } from '../../../shared/domain/metric-dictionary';
import type { MetricSummary } from '../../../shared/domain/run';
import { compareNatural } from '../../components/compare';
import { compileTextMatcher } from '../../components/text-match';

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
  /** `path:train` for a `train/`-style prefix (HF's `eval_` joins `path:eval`), `dict:<group>` from the dictionary, `other`. */
  readonly key: string;
  /** What the group's header says: `train/`, `eval`, `Optimizer`, `Other`. */
  readonly label: string;
  readonly names: readonly string[];
}

/** HF's key prefixes (`eval_loss`, `test_runtime`) and Lightning's (`val_loss`, `train_acc`) name a split like `eval/`. */
const SPLIT_WORD = /^(train|eval|val|test|predict)_./;
const DICT_ORDER = Object.keys(GROUP_LABELS) as MetricGroupId[];

function groupOf(name: string): { key: string; label: string; rank: number } {
  const split = SPLIT_WORD.exec(name);
  if (split?.[1] !== undefined) {
    // `eval/` and `eval_` land together: the same split, logged by two callbacks.
    return { key: `path:${split[1]}`, label: split[1], rank: 1 };
  }
  const slash = name.indexOf('/');
  if (slash > 0) {
    const seg = name.slice(0, slash);
    return SPLIT_WORD.test(`${seg}_x`) ? { key: `path:${seg}`, label: seg, rank: 1 } : { key: `path:${seg}`, label: `${seg}/`, rank: 1 };
  }
  const entry = lookupMetric(name)?.entry;
  if (entry) return { key: `dict:${entry.group}`, label: GROUP_LABELS[entry.group], rank: 0 };
  return { key: 'other', label: 'Other', rank: 2 };
}

/**
 * Groups by the prefix before the first `/` (`train/`, `eval/`, `rewards/`), HF's `eval_x` with `eval/`; names
 * without a prefix go to their dictionary group (Loss, Optimizer…) or Other. Dictionary groups first (in a fixed
 * order, Loss first), then prefixes by name, Other last. Names keep their order within a group.
 */
export function groupMetrics(names: readonly string[]): MetricGroup[] {
  const groups = new Map<string, { label: string; rank: number; names: string[] }>();
  for (const n of names) {
    const g = groupOf(n);
    const e = groups.get(g.key);
    if (e) e.names.push(n);
    else groups.set(g.key, { label: g.label, rank: g.rank, names: [n] });
  }
  const dictRank = (key: string) => DICT_ORDER.indexOf(key.slice('dict:'.length) as MetricGroupId);
  return [...groups.entries()]
    .sort(([ka, a], [kb, b]) => a.rank - b.rank || (a.rank === 0 ? dictRank(ka) - dictRank(kb) : compareNatural(a.label, b.label)))
    .map(([key, g]) => ({ key, label: g.label, names: g.names }));
}

/** What the dictionary knows about a raw name, for the picker: shown beside the name, never instead of it. */
export interface MetricHint {
  /** Null when it would only repeat the raw name (`eval_loss` → "Eval loss"). */
  readonly display: string | null;
  readonly direction: GoodDirection;
  readonly description: string | null;
  readonly unit: string | null;
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function metricHint(name: string): MetricHint {
  const l = lookupMetric(name);
  if (!l) return { display: null, direction: null, description: null, unit: null };
  return { display: squash(l.display) === squash(name) ? null : l.display, direction: l.entry.direction, description: l.entry.description, unit: l.entry.unit ?? null };
}

/**
 * The metric search: words (case-insensitive, all must match the raw name or its display name: `grad norm`,
 * `gradient`) or a `/regex/` on the raw name. A broken or refused regex matches nothing; `error` says why.
 */
export function filterMetrics(names: readonly string[], search: string): { names: string[]; error: string | null } {
  const m = compileTextMatcher(search);
  if (!m.ok) return { names: [], error: m.error };
  if (m.kind === 'all') return { names: [...names], error: null };
  if (m.kind === 'regex') return { names: names.filter((n) => m.test(n)), error: null };
  return {
    names: names.filter((n) => {
      const display = lookupMetric(n)?.display;
      return m.test(display === undefined ? n : `${n}\n${display}`);
    }),
    error: null,
  };
}

/** Case-insensitive search by words or `/regex/` (see filterMetrics); `eval loss` finds `eval/loss`. */
export function searchMetrics(names: readonly string[], search: string): string[] {
  return filterMetrics(names, search).names;
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
