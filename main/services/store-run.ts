import type { DuckDBConnection } from '@duckdb/node-api';
import { refreshBlocks } from '../db/blocks';
import { TableAppenders } from '../db/table-appenders';
import { withTransaction } from '../db/transaction';
import type { ResumePoint } from './follow-plan';
import type { RunData } from './read-run';
import { RunBatch } from './run-batch';
import type { SeriesWritten, StoredRunMeta, StoredSeries } from './run-rows';
import { writeLogsAndWarnings, writeSeries } from './run-rows';

export type { StoredRunMeta } from './run-rows';

/**
 * Replaces one run in the cache inside a transaction, so a crash mid-write leaves the previous import intact (a cold
 * import stores many runs per transaction: RunBatch).
 */
export async function storeRun(conn: DuckDBConnection, meta: StoredRunMeta, run: RunData, firstMetricId: number): Promise<number> {
  const batch = await RunBatch.begin(conn);
  try {
    const next = await batch.add(meta, run, firstMetricId);
    await batch.commit();
    return next;
  } catch (err) {
    await batch.rollback();
    throw err;
  }
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
    for (const [file, point] of resumedFrom) {
      await conn.run('DELETE FROM warnings WHERE run_id = $1 AND file = $2 AND "offset" >= $3', [meta.runId, file, point.offset]);
      if (point.linesBefore !== undefined) await conn.run('DELETE FROM log_lines WHERE run_id = $1 AND file = $2 AND line > $3', [meta.runId, file, point.linesBefore]);
    }
    const out = new TableAppenders(conn);
    let written: SeriesWritten;
    try {
      written = await writeSeries(out, meta.runId, gained, stored, firstMetricId);
      await writeLogsAndWarnings(out, meta, gained);
      out.close();
    } catch (err) {
      out.discard();
      throw err;
    }
    for (const { id, stats: st } of written.updates) {
      await conn.run(
        'UPDATE metrics SET points = $2, first_step = $3, last_step = $4, last_value = $5, min_value = $6, max_value = $7, non_finite = $8, steps_ordered = $9 WHERE id = $1',
        [id, st.points, st.firstStep, st.lastStep, st.lastValue, st.min, st.max, st.nonFinite, st.stepsOrdered],
      );
    }
    await refreshBlocks(conn, written.blocks);
    await conn.run(
      `UPDATE runs SET fingerprint = $2, imported_at_ms = $3,
         status = CASE WHEN $4 = 'unknown' THEN status ELSE $4 END,
         wall_start = CASE WHEN wall_start IS NULL OR $5 < wall_start THEN COALESCE($5, wall_start) ELSE wall_start END,
         wall_end = CASE WHEN wall_end IS NULL OR $6 > wall_end THEN COALESCE($6, wall_end) ELSE wall_end END
       WHERE id = $1`,
      [meta.runId, meta.fingerprint, Date.now(), gained.status, gained.wallStartSec, gained.wallEndSec],
    );
    return written.nextMetricId;
  });
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
