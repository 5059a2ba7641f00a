import type { CompareDelta, CompareResult, CompareRow } from '../../../shared/domain/compare';

/** Pure helpers of the comparison view: which rows show, in which groups, and how a delta reads. */

export const CATEGORY_ORDER = ['safety', 'reasoning'] as const;
const CATEGORY_LABELS: Readonly<Record<string, string>> = { safety: 'Safety', reasoning: 'Reasoning' };

export function categoryLabel(category: string | null): string {
  if (category === null) return 'Not categorised';
  return CATEGORY_LABELS[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

export interface RowGroup {
  readonly category: string | null;
  readonly label: string;
  readonly rows: readonly CompareRow[];
}

/** Rows matching the filter (every word must appear in task, metric or filter), grouped safety → reasoning → others → none. */
export function visibleGroups(result: CompareResult, filter: string, hideSubtasks: boolean): RowGroup[] {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const rows = result.rows.filter((r) => {
    if (hideSubtasks && r.isSubtask && words.length === 0) return false;
    const hay = `${r.task} ${r.metric} ${r.filter} ${r.category ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const byCat = new Map<string | null, CompareRow[]>();
  for (const r of rows) byCat.set(r.category, [...(byCat.get(r.category) ?? []), r]);
  const rank = (c: string | null) => (c === null ? 3 : (CATEGORY_ORDER as readonly string[]).includes(c) ? CATEGORY_ORDER.indexOf(c as (typeof CATEGORY_ORDER)[number]) : 2);
  return [...byCat.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || String(a).localeCompare(String(b)))
    .map(([category, rs]) => ({ category, label: categoryLabel(category), rows: rs }));
}

/** Metric as people write it: `exact_match (strict-match)`; lm-eval's `none` filter is left out. */
export function metricLabel(metric: string, filter: string): string {
  return filter === 'none' ? metric : `${metric} (${filter})`;
}

/** Fixed decimals scaled to the metric: accuracies in 0..1 get 3, larger numbers fewer. */
export function formatNumber(v: number | null, ref: number | null = v): string {
  if (v === null || !Number.isFinite(v)) return '–';
  const a = Math.abs(ref ?? v);
  const digits = a >= 100 ? 1 : a >= 10 ? 2 : 3;
  const s = v.toFixed(digits);
  // −0.000 reads as a change; show it as 0.
  return Number(s) === 0 ? (0).toFixed(digits) : s.replace('-', '−');
}

export function formatSigned(v: number | null, ref: number | null = v): string {
  const s = formatNumber(v, ref);
  if (s === '–' || v === null) return s;
  return s.startsWith('−') || Number(s.replace('−', '-')) === 0 ? s : `+${s}`;
}

export const METHOD_LABELS: Readonly<Record<CompareDelta['method'], string>> = {
  stderr: 'stderr (unpaired)',
  'paired-bootstrap': 'paired bootstrap',
  mcnemar: 'paired, McNemar',
};

/** `p = 0.003`, `p < 0.001`. */
export function formatP(p: number | null): string {
  if (p === null) return '';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(3)}`;
}

/** The whole sentence a delta cell's tooltip says. */
export function deltaTitle(d: CompareDelta, row: CompareRow): string {
  const iv = d.low === null || d.high === null ? 'no interval (no stderr or samples)' : `95 % interval [${formatSigned(d.low)}, ${formatSigned(d.high)}]`;
  const dir = row.parityTarget !== null ? `closer to ${row.parityTarget} is better` : row.higherIsBetter === null ? 'direction unknown' : row.higherIsBetter ? 'higher is better' : 'lower is better';
  const parts = [`Δ ${formatSigned(d.delta)} (${dir})`, iv, `method: ${METHOD_LABELS[d.method]}${d.n !== null ? `, n = ${d.n}` : ''}`];
  if (d.p !== null) parts.push(formatP(d.p));
  if (d.note) parts.push(d.note);
  return parts.join('\n');
}
