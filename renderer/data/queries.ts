import type { ImportWarning, MetricSummary, RunSummary, Source } from '../../shared/domain/run';
import type { Smoothing } from '../../shared/analysis/smoothing';
import type { RunFindings } from '../../shared/analysis/findings/types';
import type { SeriesBundle, XAxis } from '../../shared/domain/series';
import type { AggregateBundle, AggregateQuery } from '../../shared/domain/aggregate';
import type { RunConfigEntry } from '../../shared/domain/run-config';
import type { CheckpointConfigEntry } from '../../shared/domain/review';
import type { AuditResult } from '../../shared/domain/audit';
import type { RunDiagnosis } from '../../shared/domain/diagnosis';
import type { AppInfo } from '../../shared/ipc/contract';
import type { CompareResult, CompareSettings } from '../../shared/domain/compare';
import type { Annotation } from '../../shared/domain/annotation';
import type { RobustnessResult } from '../../shared/domain/sweep';
import { useTransport } from './host';
import type { QueryKey, QueryState } from './query-cache';
import { useQuery } from './query-cache';

/** Query keys: the channel first, then every input. Id lists are sorted so the same set hits the same entry. */
export const queryKeys = {
  appInfo: ['app:get-info'],
  sources: ['library:list-sources'],
  runs: ['library:list-runs'],
  warnings: ['library:list-warnings'],
  metrics: (runIds: readonly string[]): QueryKey => ['library:list-metrics', [...runIds].sort()],
  series: (q: SeriesRequest): QueryKey => ['series:query', q.metric, [...q.runIds].sort(), q.buckets, q.stepMin, q.stepMax, JSON.stringify(q.smoothing), ...(q.x && q.x.kind !== 'step' ? [JSON.stringify(q.x)] : [])],
} as const;

export interface SeriesRequest {
  readonly metric: string;
  readonly runIds: readonly string[];
  readonly buckets: number;
  readonly stepMin: number | null;
  readonly stepMax: number | null;
  readonly smoothing: Smoothing;
  /** Absent = step; the window (stepMin/stepMax) is in its units. */
  readonly x?: XAxis;
}

/** The first key part of every query that reads the library (invalidated by `import:done` / `library:changed`). */
export const LIBRARY_CHANNELS: ReadonlySet<string> = new Set([
  'library:list-sources',
  'library:list-runs',
  'library:list-metrics',
  'library:list-warnings',
  'library:list-configs',
  'library:list-ties',
  'library:get-table-columns',
  'library:check-checkpoints',
  'diagnosis:runs',
  'audit:runs',
  'logs:context',
  'review:checkpoint-config',
  'review:samples',
  'review:sample',
  'series:query',
  'series:aggregate',
  'analysis:findings',
  'compare:evals',
  'compare:robustness',
  'compare:get-settings',
]);

export function useAppInfo(): QueryState<AppInfo> {
  const t = useTransport();
  return useQuery(queryKeys.appInfo, () => t.call('app:get-info', {}));
}

export function useSources(): QueryState<Source[]> {
  const t = useTransport();
  return useQuery(queryKeys.sources, () => t.call('library:list-sources', {}));
}

export function useRuns(): QueryState<RunSummary[]> {
  const t = useTransport();
  return useQuery(queryKeys.runs, () => t.call('library:list-runs', {}));
}

export function useWarnings(): QueryState<ImportWarning[]> {
  const t = useTransport();
  return useQuery(queryKeys.warnings, () => t.call('library:list-warnings', {}));
}

/** Metrics of these runs (nothing to fetch for none). */
export function useMetrics(runIds: readonly string[]): QueryState<MetricSummary[]> {
  const t = useTransport();
  const ids = [...runIds].sort();
  return useQuery(ids.length > 0 ? queryKeys.metrics(ids) : null, () => t.call('library:list-metrics', { runIds: ids }), { keepPrevious: true });
}

/** One metric's series for these runs; null = not yet (the chart has not measured its width). */
export function useSeries(q: SeriesRequest | null): QueryState<SeriesBundle> {
  const t = useTransport();
  return useQuery(q === null || q.runIds.length === 0 ? null : queryKeys.series(q), () =>
    t.call('series:query', { runIds: [...(q?.runIds ?? [])].sort(), metric: q?.metric ?? '', buckets: q?.buckets ?? 1, stepMin: q?.stepMin ?? null, stepMax: q?.stepMax ?? null, smoothing: q?.smoothing ?? { kind: 'none' }, ...(q?.x ? { x: q.x } : {}) }),
    { keepPrevious: true },
  );
}

/** Whether a query reads the library (and so is refetched when the host says the library changed). */
export function isLibraryKey(key: QueryKey): boolean {
  return typeof key[0] === 'string' && LIBRARY_CHANNELS.has(key[0]);
}

/** Findings of these runs (nothing to fetch for none); the host recomputes them only when a run's data changed. */
export function useFindings(runIds: readonly string[]): QueryState<RunFindings[]> {
  const t = useTransport();
  const ids = [...runIds].sort();
  return useQuery(ids.length > 0 ? ['analysis:findings', ids] : null, () => t.call('analysis:findings', { runIds: ids }), { keepPrevious: true });
}

/** Flattened config entries of these runs (nothing to fetch for none). */
export function useConfigs(runIds: readonly string[]): QueryState<RunConfigEntry[]> {
  const t = useTransport();
  const ids = [...runIds].sort();
  return useQuery(ids.length > 0 ? ['library:list-configs', ids] : null, () => t.call('library:list-configs', { runIds: ids }), { keepPrevious: true });
}

/**
 * The data and behaviour audit of these runs, in the order given (the first is the reference unless one is named
 * base), holding every domain's synthetic share to `cap`.
 */
export function useAudit(runIds: readonly string[], cap: number): QueryState<AuditResult> {
  const t = useTransport();
  const ids = [...runIds];
  return useQuery(ids.length > 0 ? ['audit:runs', ids, cap] : null, () => t.call('audit:runs', { runIds: ids, cap }), { keepPrevious: true });
}

/** Failure diagnosis (log events, root cause, goodput) of these runs. */
export function useDiagnosis(runIds: readonly string[]): QueryState<RunDiagnosis[]> {
  const t = useTransport();
  const ids = [...runIds].sort();
  return useQuery(ids.length > 0 ? ['diagnosis:runs', ids] : null, () => t.call('diagnosis:runs', { runIds: ids }), { keepPrevious: true });
}

/** Each checkpoint folder's own config, in the order asked (one query for all: the review shows them together). */
export function useCheckpointConfigs(checkpoints: readonly { readonly runId: string; readonly path: string }[]): QueryState<CheckpointConfigEntry[][]> {
  const t = useTransport();
  const list = checkpoints.map((c) => ({ runId: c.runId, path: c.path }));
  return useQuery(list.length > 0 ? ['review:checkpoint-config', JSON.stringify(list)] : null, () => Promise.all(list.map((c) => t.call('review:checkpoint-config', c))), { keepPrevious: true });
}

/** Grouped runs as mean lines with bands; null = nothing to ask (no grouping, or not on the step axis). */
export function useAggregate(q: AggregateQuery | null): QueryState<AggregateBundle> {
  const t = useTransport();
  const key: QueryKey | null = q === null ? null : ['series:aggregate', JSON.stringify(q)];
  return useQuery(key, () => (q === null ? Promise.reject(new Error('no aggregate query')) : t.call('series:aggregate', q)), { keepPrevious: true });
}

/** The comparison table of these runs vs a baseline (host default when null); nothing to fetch for none. */
export function useComparison(runIds: readonly string[], baselineRunId: string | null, paired: boolean): QueryState<CompareResult> {
  const t = useTransport();
  const ids = [...runIds].sort();
  return useQuery(ids.length > 0 ? ['compare:evals', ids, baselineRunId, paired] : null, () => t.call('compare:evals', { runIds: ids, paired, ...(baselineRunId ? { baselineRunId } : {}) }), { keepPrevious: true });
}

/** Robustness scores of the selected sweep runs. */
export function useRobustness(runIds: readonly string[]): QueryState<RobustnessResult> {
  const t = useTransport();
  const ids = [...runIds].sort();
  return useQuery(ids.length > 0 ? ['compare:robustness', ids] : null, () => t.call('compare:robustness', { runIds: ids }), { keepPrevious: true });
}

/** The workspace's method labels and task categories. */
export function useCompareSettings(): QueryState<CompareSettings> {
  const t = useTransport();
  return useQuery(['compare:get-settings'], () => t.call('compare:get-settings', {}));
}

export const ANNOTATIONS_KEY: QueryKey = ['annotations:list'];

/** The workspace's notes (one list for every chart, run and row). */
export function useAnnotations(): QueryState<Annotation[]> {
  const t = useTransport();
  return useQuery(ANNOTATIONS_KEY, () => t.call('annotations:list', {}));
}
