import type { DuckDBConnection } from '@duckdb/node-api';
import type { SeriesStats } from '../../shared/domain/series-stats';
import { computeSeriesStats, mergeSeriesStats } from '../../shared/domain/series-stats';
import type { BlockRefresh } from '../db/blocks';
import { refreshBlocks } from '../db/blocks';
import { withTransaction } from '../db/transaction';
import type { ResumePoint } from './follow-plan';
import type { RunData, SeriesData } from './read-run';

export interface StoredRunMeta {
  readonly runId: string;
  readonly sourceId: string;
  readonly name: string;
  readonly fingerprint: string;
}

/** Deletes everything stored for these runs (scalars first: they hang off metric ids). */
export async function deleteRuns(conn: DuckDBConnection, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  const ids = runIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(',');
  await conn.run(`DELETE FROM scalars WHERE metric_id IN (SELECT id FROM metrics WHERE run_id IN (${ids}))`);
  await conn.run(`DELETE FROM scalar_blocks WHERE metric_id IN (SELECT id FROM metrics WHERE run_id IN (${ids}))`);
  for (const table of ['metrics', 'configs', 'checkpoints', 'warnings', 'evals', 'eval_samples', 'sweep_points', 'log_lines']) await conn.run(`DELETE FROM ${table} WHERE run_id IN (${ids})`);
  await conn.run(`DELETE FROM runs WHERE id IN (${ids})`);
}

/**
 * Replaces one run in the cache inside a transaction, so a crash mid-write leaves the previous import intact.
 * Points are appended in (metric id, read order) so range reads stay sequential.
 */
export async function storeRun(conn: DuckDBConnection, meta: StoredRunMeta, run: RunData, firstMetricId: number): Promise<number> {
  return withTransaction(conn, async () => {
    // A run seen for the first time has nothing to replace: skipping the deletes saves a scan of every table per new
    // run, which grows with the library (quadratic over a cold import). deleteRuns removes the runs row last, so a
    // run without one has no rows anywhere else.
    const stored = await conn.runAndReadAll('SELECT 1 FROM runs WHERE id = $1 LIMIT 1', [meta.runId]);
    if (stored.currentRowCount > 0) await deleteRuns(conn, [meta.runId]);
    await conn.run(
      'INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
      [meta.runId, meta.sourceId, run.relPath, meta.name, run.format, run.importerVersion, meta.fingerprint, run.status,
        run.wallStartSec, run.wallEndSec, run.bestModelCheckpoint, Date.now()],
    );
    const metricId = await writeSeries(conn, meta.runId, run, new Map(), firstMetricId);
    await appendRows(conn, 'configs', run.configs, (a, c) => {
      a.appendVarchar(meta.runId);
      a.appendVarchar(c.origin);
      a.appendVarchar(c.key);
      a.appendVarchar(JSON.stringify(c.value));
    });
    await appendRows(conn, 'checkpoints', run.checkpoints, (a, c) => {
      a.appendVarchar(meta.runId);
      a.appendVarchar(c.path);
      appendNullableDouble(a, c.step);
    });
    await appendRows(conn, 'evals', run.evals, (a, e) => {
      a.appendVarchar(meta.runId);
      a.appendVarchar(e.task);
      a.appendVarchar(e.metric);
      a.appendVarchar(e.filter);
      a.appendDouble(e.value);
      appendNullableDouble(a, e.stderr);
      if (e.higherIsBetter === null) a.appendNull();
      else a.appendBoolean(e.higherIsBetter);
      appendNullableDouble(a, e.nSamples);
      a.appendVarchar(e.file);
    });
    await appendRows(conn, 'eval_samples', run.samples, (a, s) => {
      a.appendVarchar(meta.runId);
      a.appendVarchar(s.task);
      a.appendVarchar(s.filter);
      appendNullableDouble(a, s.docId);
      if (s.docHash === null) a.appendNull();
      else a.appendVarchar(s.docHash);
      a.appendVarchar(s.target);
      a.appendVarchar(s.prompt);
      a.appendVarchar(s.response);
      a.appendVarchar(JSON.stringify(s.metrics));
      a.appendVarchar(s.file);
      if (s.category === null) a.appendNull();
      else a.appendVarchar(s.category);
      if (s.extras === null) a.appendNull();
      else a.appendVarchar(JSON.stringify(s.extras));
    });
    await appendRows(conn, 'sweep_points', run.sweepPoints, (a, p) => {
      a.appendVarchar(meta.runId);
      a.appendVarchar(p.direction);
      a.appendBoolean(p.isControl);
      a.appendDouble(p.alpha);
      a.appendVarchar(p.task);
      a.appendVarchar(p.metric);
      a.appendVarchar(p.filter);
      a.appendDouble(p.value);
      appendNullableDouble(a, p.stderr);
      if (p.higherIsBetter === null) a.appendNull();
      else a.appendBoolean(p.higherIsBetter);
      appendNullableDouble(a, p.nSamples);
      a.appendVarchar(p.file);
    });
    await writeLogsAndWarnings(conn, meta, run);
    return metricId;
  });
}

/**
 * Adds what a live run gained to its stored copy, in one transaction: points continue their series (new series get
 * new ids), and for each re-read file the lines and warnings from its resume point on are replaced (a half-written
 * last line was stored as it stood; the re-read has it whole). Returns the next free metric id.
 */
export async function appendRun(conn: DuckDBConnection, meta: StoredRunMeta, gained: RunData, resumedFrom: ReadonlyMap<string, ResumePoint>, firstMetricId: number): Promise<number> {
  return withTransaction(conn, async () => {
    const stored = new Map<string, StoredSeries>();
    const rows = await conn.runAndReadAll('SELECT id, name, points::DOUBLE AS points, first_step, last_step, last_value, min_value, max_value, non_finite::DOUBLE AS non_finite, steps_ordered FROM metrics WHERE run_id = $1', [meta.runId]);
    for (const r of rows.getRowObjectsJson()) {
      stored.set(String(r.name), {
        id: Number(r.id),
        stats: { points: Number(r.points), firstStep: num(r.first_step), lastStep: num(r.last_step), lastValue: num(r.last_value), min: num(r.min_value), max: num(r.max_value), nonFinite: Number(r.non_finite), stepsOrdered: r.steps_ordered === true },
      });
    }
    const next = await writeSeries(conn, meta.runId, gained, stored, firstMetricId);
    for (const [file, point] of resumedFrom) {
      await conn.run('DELETE FROM warnings WHERE run_id = $1 AND file = $2 AND "offset" >= $3', [meta.runId, file, point.offset]);
      if (point.linesBefore !== undefined) await conn.run('DELETE FROM log_lines WHERE run_id = $1 AND file = $2 AND line > $3', [meta.runId, file, point.linesBefore]);
    }
    await writeLogsAndWarnings(conn, meta, gained);
    await conn.run(
      `UPDATE runs SET fingerprint = $2, imported_at_ms = $3,
         status = CASE WHEN $4 = 'unknown' THEN status ELSE $4 END,
         wall_start = CASE WHEN wall_start IS NULL OR $5 < wall_start THEN COALESCE($5, wall_start) ELSE wall_start END,
         wall_end = CASE WHEN wall_end IS NULL OR $6 > wall_end THEN COALESCE($6, wall_end) ELSE wall_end END
       WHERE id = $1`,
      [meta.runId, meta.fingerprint, Date.now(), gained.status, gained.wallStartSec, gained.wallEndSec],
    );
    return next;
  });
}

interface StoredSeries {
  readonly id: number;
  readonly stats: SeriesStats;
}

/**
 * Writes series points, continuing any series already stored (its ids and point counts in `stored`), and their
 * summary rows. Points go in (metric id, read order) so range reads stay sequential.
 */
async function writeSeries(conn: DuckDBConnection, runId: string, run: RunData, stored: ReadonlyMap<string, StoredSeries>, firstMetricId: number): Promise<number> {
  let metricId = firstMetricId;
  const metrics = await conn.createAppender('metrics');
  const scalars = await conn.createAppender('scalars');
  const updates: { id: number; st: SeriesStats }[] = [];
  const blocks: BlockRefresh[] = [];
  for (const s of run.series.values()) {
    const before = stored.get(s.name);
    const id = before?.id ?? metricId++;
    const gained = computeSeriesStats(s.steps.view(), s.values.view());
    const fromPoints = before?.stats.points ?? 0;
    appendPoints(scalars, id, fromPoints, s);
    blocks.push({ metricId: id, fromPoints, points: fromPoints + gained.points });
    if (before) {
      updates.push({ id, st: mergeSeriesStats(before.stats, gained) });
      continue;
    }
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
  metrics.closeSync();
  scalars.closeSync();
  for (const { id, st } of updates) {
    await conn.run(
      'UPDATE metrics SET points = $2, first_step = $3, last_step = $4, last_value = $5, min_value = $6, max_value = $7, non_finite = $8, steps_ordered = $9 WHERE id = $1',
      [id, st.points, st.firstStep, st.lastStep, st.lastValue, st.min, st.max, st.nonFinite, st.stepsOrdered],
    );
  }
  await refreshBlocks(conn, blocks);
  return metricId;
}

function appendPoints(scalars: Appender, metricId: number, firstSeq: number, s: SeriesData): void {
  const steps = s.steps.view();
  const values = s.values.view();
  const walls = s.walls?.view() ?? null;
  for (let i = 0; i < steps.length; i++) {
    scalars.appendInteger(metricId);
    scalars.appendInteger(firstSeq + i);
    scalars.appendDouble(steps[i] as number);
    scalars.appendDouble(values[i] as number);
    const w = walls ? (walls[i] as number) : Number.NaN;
    if (Number.isNaN(w)) scalars.appendNull();
    else scalars.appendDouble(w);
    scalars.endRow();
  }
}

async function writeLogsAndWarnings(conn: DuckDBConnection, meta: StoredRunMeta, run: RunData): Promise<void> {
  await appendRows(conn, 'log_lines', run.logs.flatMap((chunk) => chunk.lines.map((text, i) => ({ file: chunk.file, line: chunk.firstLine + i, text }))), (a, l) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(l.file);
    a.appendInteger(l.line);
    a.appendVarchar(l.text);
  });
  await appendRows(conn, 'warnings', run.warnings, (a, w) => {
    a.appendVarchar(meta.runId);
    a.appendVarchar(meta.sourceId);
    a.appendVarchar(w.file);
    appendNullableDouble(a, w.offset);
    a.appendVarchar(w.message);
  });
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

/** Appends one row per item with DuckDB's appender (far faster than INSERTs) and closes it. */
async function appendRows<T>(conn: DuckDBConnection, table: string, items: readonly T[], write: (a: Appender, item: T) => void): Promise<void> {
  // Most runs have nothing for most tables; an appender costs a flush even when empty (profiled on cold imports).
  if (items.length === 0) return;
  const a = await conn.createAppender(table);
  for (const item of items) {
    write(a, item);
    a.endRow();
  }
  a.closeSync();
}

function appendNullableDouble(a: Pick<Appender, 'appendDouble' | 'appendNull'>, v: number | null): void {
  if (v === null) a.appendNull();
  else a.appendDouble(v);
}
