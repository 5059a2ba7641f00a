import type { MetricSummary } from '../../../shared/domain/run';
import type { ConfigScalar, RunConfigEntry } from '../../../shared/domain/run-config';
import { compareNatural } from '../../components/compare';
import { formatValue } from '../../components/format';

/**
 * Extra runs-table columns the user adds: a config key, or a statistic (last/min/max) of one metric. A column is
 * named by its id alone (`config:<key>`, `metric:<stat>:<metric>`), so the sort key in the store can be one too.
 */
export type MetricStat = 'last' | 'min' | 'max';
export const METRIC_STATS: readonly MetricStat[] = ['last', 'min', 'max'];

export type ColumnId = `config:${string}` | `metric:${string}`;

export type ExtraColumn = { readonly id: ColumnId; readonly kind: 'config'; readonly key: string } | { readonly id: ColumnId; readonly kind: 'metric'; readonly stat: MetricStat; readonly metric: string };

export type CellValue = string | number | null;

/** What the extra columns read: each run's config (key → value) and metric summaries (name → summary). */
export interface ColumnData {
  readonly configs: ReadonlyMap<string, ReadonlyMap<string, ConfigScalar>>;
  readonly metrics: ReadonlyMap<string, ReadonlyMap<string, MetricSummary>>;
}

export const EMPTY_COLUMN_DATA: ColumnData = { configs: new Map(), metrics: new Map() };

export const configColumn = (key: string): ExtraColumn => ({ id: `config:${key}`, kind: 'config', key });
export const metricColumn = (stat: MetricStat, metric: string): ExtraColumn => ({ id: `metric:${stat}:${metric}`, kind: 'metric', stat, metric });

/** The column an id names, or null for an id that is not an extra column (`name`, `lastStep`…). */
export function parseColumnId(id: string): ExtraColumn | null {
  if (id.startsWith('config:') && id.length > 'config:'.length) return configColumn(id.slice('config:'.length));
  const m = /^metric:(last|min|max):(.+)$/s.exec(id);
  return m ? metricColumn(m[1] as MetricStat, m[2] as string) : null;
}

export function columnLabel(c: ExtraColumn): string {
  return c.kind === 'config' ? c.key : `${c.metric} (${c.stat})`;
}

/**
 * Per run, key → value. A key set by two origins (hparams and a config file) keeps the first one listed: the host
 * sorts by origin, so the choice is stable.
 */
export function indexConfigs(entries: readonly RunConfigEntry[]): Map<string, Map<string, ConfigScalar>> {
  const out = new Map<string, Map<string, ConfigScalar>>();
  for (const e of entries) {
    let run = out.get(e.runId);
    if (!run) out.set(e.runId, (run = new Map()));
    if (!run.has(e.key)) run.set(e.key, e.value);
  }
  return out;
}

export function indexMetrics(summaries: readonly MetricSummary[]): Map<string, Map<string, MetricSummary>> {
  const out = new Map<string, Map<string, MetricSummary>>();
  for (const m of summaries) {
    let run = out.get(m.runId);
    if (!run) out.set(m.runId, (run = new Map()));
    run.set(m.name, m);
  }
  return out;
}

/** Every config key present in any run, with how many runs set it, in natural order. */
export function configKeys(configs: ColumnData['configs']): { key: string; runCount: number }[] {
  const counts = new Map<string, number>();
  for (const run of configs.values()) for (const k of run.keys()) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([key, runCount]) => ({ key, runCount })).sort((a, b) => compareNatural(a.key, b.key));
}

/** Every metric name logged by any run, in natural order. */
export function metricNames(metrics: ColumnData['metrics']): string[] {
  const names = new Set<string>();
  for (const run of metrics.values()) for (const k of run.keys()) names.add(k);
  return [...names].sort(compareNatural);
}

/** A config value as a cell: numbers stay numbers (so they sort numerically), booleans become text, null is missing. */
export function configCell(v: ConfigScalar | undefined): CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

export function columnValue(runId: string, c: ExtraColumn, data: ColumnData): CellValue {
  if (c.kind === 'config') return configCell(data.configs.get(runId)?.get(c.key));
  const m = data.metrics.get(runId)?.get(c.metric);
  if (!m) return null;
  const v = c.stat === 'last' ? m.lastValue : c.stat === 'min' ? m.min : m.max;
  return v === null || !Number.isFinite(v) ? null : v;
}

export function formatCell(v: CellValue): string {
  if (v === null) return '';
  return typeof v === 'number' ? formatValue(v) : v;
}

/**
 * Ascending order of two present cells: numbers numerically, text naturally (`lr-2` before `lr-10`), and in a column
 * mixing both (a key that is a number in one run and text in another), numbers first.
 */
export function compareCells(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareNatural(a, b);
}

/** Adds the column, or removes it when it is already shown; order of addition is kept. */
export function toggleColumn(columns: readonly ExtraColumn[], c: ExtraColumn): ExtraColumn[] {
  return columns.some((x) => x.id === c.id) ? columns.filter((x) => x.id !== c.id) : [...columns, c];
}
