import type { DuckDBConnection } from '@duckdb/node-api';
import { computeSeriesStats } from '../../shared/domain/series-stats';
import type { RunData } from './read-run';

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
  for (const table of ['metrics', 'configs', 'checkpoints', 'warnings', 'evals', 'eval_samples', 'log_lines']) await conn.run(`DELETE FROM ${table} WHERE run_id IN (${ids})`);
  await conn.run(`DELETE FROM runs WHERE id IN (${ids})`);
}

/**
 * Replaces one run in the cache inside a transaction, so a crash mid-write leaves the previous import intact.
 * Points are appended in (metric id, read order) so range reads stay sequential.
 */
export async function storeRun(conn: DuckDBConnection, meta: StoredRunMeta, run: RunData, firstMetricId: number): Promise<number> {
  let metricId = firstMetricId;
  await conn.run('BEGIN TRANSACTION');
  try {
    await deleteRuns(conn, [meta.runId]);
    await conn.run(
      'INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
      [meta.runId, meta.sourceId, run.relPath, meta.name, run.format, run.importerVersion, meta.fingerprint, run.status,
        run.wallStartSec, run.wallEndSec, run.bestModelCheckpoint, Date.now()],
    );
    const metrics = await conn.createAppender('metrics');
    const scalars = await conn.createAppender('scalars');
    for (const s of run.series.values()) {
      const steps = s.steps.view();
      const values = s.values.view();
      const walls = s.walls?.view() ?? null;
      const st = computeSeriesStats(steps, values);
      metrics.appendInteger(metricId);
      metrics.appendVarchar(meta.runId);
      metrics.appendVarchar(s.name);
      metrics.appendBigInt(BigInt(st.points));
      appendNullableDouble(metrics, st.firstStep);
      appendNullableDouble(metrics, st.lastStep);
      appendNullableDouble(metrics, st.lastValue);
      appendNullableDouble(metrics, st.min);
      appendNullableDouble(metrics, st.max);
      metrics.appendBigInt(BigInt(st.nonFinite));
      metrics.endRow();
      for (let i = 0; i < steps.length; i++) {
        scalars.appendInteger(metricId);
        scalars.appendInteger(i);
        scalars.appendDouble(steps[i] as number);
        scalars.appendDouble(values[i] as number);
        const w = walls ? (walls[i] as number) : Number.NaN;
        if (Number.isNaN(w)) scalars.appendNull();
        else scalars.appendDouble(w);
        scalars.endRow();
      }
      metricId++;
    }
    metrics.closeSync();
    scalars.closeSync();
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
    });
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
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
  return metricId;
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

/** Appends one row per item with DuckDB's appender (far faster than INSERTs) and closes it. */
async function appendRows<T>(conn: DuckDBConnection, table: string, items: readonly T[], write: (a: Appender, item: T) => void): Promise<void> {
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
