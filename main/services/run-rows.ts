import type { DuckDBAppender } from '@duckdb/node-api';
import type { SeriesStats } from '../../shared/domain/series-stats';
import { computeSeriesStats, mergeSeriesStats } from '../../shared/domain/series-stats';
import type { BlockRefresh } from '../db/blocks';
import type { TableAppenders } from '../db/table-appenders';
import type { RunData } from './read-run';

/** What identifies a stored run besides its data. */
export interface StoredRunMeta {
  readonly runId: string;
  readonly sourceId: string;
  readonly name: string;
  readonly fingerprint: string;
}

/** A series already in the cache, which an append continues. */
export interface StoredSeries {
  readonly id: number;
  readonly stats: SeriesStats;
}

/** What writing series leaves to do once the appenders are closed: summary updates and level-of-detail blocks. */
export interface SeriesWritten {
  readonly nextMetricId: number;
  readonly updates: readonly { readonly id: number; readonly stats: SeriesStats }[];
  readonly blocks: readonly BlockRefresh[];
}

/**
 * Appends series points, continuing any series already stored (`stored`: their ids and point counts), and the summary
 * rows of new series. Points go in (metric id, read order) so range reads stay sequential.
 */
export async function writeSeries(out: TableAppenders, runId: string, run: RunData, stored: ReadonlyMap<string, StoredSeries>, firstMetricId: number): Promise<SeriesWritten> {
  let metricId = firstMetricId;
  const points = await out.scalars();
  const updates: { id: number; stats: SeriesStats }[] = [];
  const blocks: BlockRefresh[] = [];
  for (const s of run.series.values()) {
    const before = stored.get(s.name);
    const id = before?.id ?? metricId++;
    const steps = s.steps.view();
    const values = s.values.view();
    const gained = computeSeriesStats(steps, values);
    const fromPoints = before?.stats.points ?? 0;
    points.add({ metricId: id, firstSeq: fromPoints, steps, values, walls: s.walls?.view() ?? null });
    blocks.push({ metricId: id, fromPoints, points: fromPoints + gained.points });
    if (before) {
      updates.push({ id, stats: mergeSeriesStats(before.stats, gained) });
      continue;
    }
    const metrics = await out.table('metrics');
    metrics.appendInteger(id);
    metrics.appendVarchar(runId);
    metrics.appendVarchar(s.name);
    metrics.appendBigInt(BigInt(gained.points));
    appendNullableDouble(metrics, gained.firstStep);
    appendNullableDouble(metrics, gained.lastStep);
    appendNullableDouble(metrics, gained.lastValue);
    appendNullableDouble(metrics, gained.min);
    appendNullableDouble(metrics, gained.max);
    metrics.appendBigInt(BigInt(gained.nonFinite));
    metrics.appendBoolean(gained.stepsOrdered);
    metrics.endRow();
  }
  return { nextMetricId: metricId, updates, blocks };
}

/** The run's row and everything else a whole read brings besides series, logs and warnings. */
export async function writeRunRows(out: TableAppenders, meta: StoredRunMeta, run: RunData): Promise<void> {
  await appendRows(out, 'runs', [run], (a, r) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(meta.sourceId);
    a.appendVarchar(r.relPath);
    a.appendVarchar(meta.name);
    a.appendVarchar(r.format);
    a.appendInteger(r.importerVersion);
    a.appendVarchar(meta.fingerprint);
    a.appendVarchar(r.status);
    appendNullableDouble(a, r.wallStartSec);
    appendNullableDouble(a, r.wallEndSec);
    appendNullableVarchar(a, r.bestModelCheckpoint);
    a.appendDouble(Date.now());
  });
  await appendRows(out, 'configs', run.configs, (a, c) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(c.origin);
    a.appendVarchar(c.key);
    a.appendVarchar(JSON.stringify(c.value));
  });
  await appendRows(out, 'checkpoints', run.checkpoints, (a, c) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(c.path);
    appendNullableDouble(a, c.step);
  });
  await appendRows(out, 'evals', run.evals, (a, e) => {
    a.appendVarchar(meta.runId);
    appendEvalResult(a, e);
  });
  await appendRows(out, 'eval_samples', run.samples, (a, s) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(s.task);
    a.appendVarchar(s.filter);
    appendNullableDouble(a, s.docId);
    appendNullableVarchar(a, s.docHash);
    a.appendVarchar(s.target);
    a.appendVarchar(s.prompt);
    a.appendVarchar(s.response);
    a.appendVarchar(JSON.stringify(s.metrics));
    a.appendVarchar(s.file);
    appendNullableVarchar(a, s.category);
    appendNullableVarchar(a, s.extras === null ? null : JSON.stringify(s.extras));
  });
  await appendRows(out, 'sweep_points', run.sweepPoints, (a, p) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(p.direction);
    a.appendBoolean(p.isControl);
    a.appendDouble(p.alpha);
    appendEvalResult(a, p);
  });
}

export async function writeLogsAndWarnings(out: TableAppenders, meta: StoredRunMeta, run: RunData): Promise<void> {
  await appendRows(out, 'log_lines', run.logs.flatMap((chunk) => chunk.lines.map((text, i) => ({ file: chunk.file, line: chunk.firstLine + i, text }))), (a, l) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(l.file);
    a.appendInteger(l.line);
    a.appendVarchar(l.text);
  });
  await appendRows(out, 'warnings', run.warnings, (a, w) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(meta.sourceId);
    a.appendVarchar(w.file);
    appendNullableDouble(a, w.offset);
    a.appendVarchar(w.message);
  });
}

/** The columns `evals` and `sweep_points` share, in their table order: one eval result. */
function appendEvalResult(a: DuckDBAppender, e: RunData['evals'][number]): void {
  a.appendVarchar(e.task);
  a.appendVarchar(e.metric);
  a.appendVarchar(e.filter);
  a.appendDouble(e.value);
  appendNullableDouble(a, e.stderr);
  appendNullableBoolean(a, e.higherIsBetter);
  appendNullableDouble(a, e.nSamples);
  a.appendVarchar(e.file);
}

/** One row per item; a table with nothing to add gets no appender (most runs have nothing for most tables). */
async function appendRows<T>(out: TableAppenders, table: string, items: readonly T[], write: (a: DuckDBAppender, item: T) => void): Promise<void> {
  if (items.length === 0) return;
  const a = await out.table(table);
  for (const item of items) {
    write(a, item);
    a.endRow();
  }
}

function appendNullableDouble(a: DuckDBAppender, v: number | null): void {
  if (v === null) a.appendNull();
  else a.appendDouble(v);
}

function appendNullableVarchar(a: DuckDBAppender, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

function appendNullableBoolean(a: DuckDBAppender, v: boolean | null): void {
  if (v === null) a.appendNull();
  else a.appendBoolean(v);
}
