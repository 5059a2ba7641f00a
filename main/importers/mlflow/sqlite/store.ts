import type { BindParams, Database, SqlValue } from 'sql.js';

/** Rows read before the engine stopped, and why it stopped (a malformed page, a missing table); null when it finished. */
export interface Rows {
  readonly rows: SqlValue[][];
  readonly error: string | null;
}

/**
 * Steps through a query keeping every row returned before an error: in a damaged file the pages that survived still
 * give their rows, in the order the query walks them.
 */
export function selectRows(db: Database, sql: string, params: BindParams = []): Rows {
  const rows: SqlValue[][] = [];
  let stmt: ReturnType<Database['prepare']> | null = null;
  try {
    stmt = db.prepare(sql);
    stmt.bind(params);
    while (stmt.step()) rows.push(stmt.get());
    return { rows, error: null };
  } catch (err) {
    return { rows, error: err instanceof Error ? err.message : String(err) };
  } finally {
    try {
      stmt?.free();
    } catch {
      // Freeing a statement of a damaged file can fail too; there is nothing left to release then.
    }
  }
}

/** Whether the file holds MLflow's tracking tables (a model-registry-only or unrelated .db does not). */
export function isMlflowStore(db: Database): boolean {
  const { rows } = selectRows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'metrics')");
  return rows.length === 2;
}

export interface StoredRun {
  readonly runUuid: string;
  readonly experimentId: string;
}

/**
 * Runs the MLflow UI lists: those deleted (`lifecycle_stage = 'deleted'`, kept until `mlflow gc`) or in a deleted
 * experiment are left out, as the UI leaves them out by default.
 */
export function listRuns(db: Database): { runs: StoredRun[]; error: string | null } {
  const { rows, error } = selectRows(
    db,
    `SELECT r.run_uuid, r.experiment_id FROM runs r LEFT JOIN experiments e ON e.experiment_id = r.experiment_id
     WHERE COALESCE(r.lifecycle_stage, 'active') <> 'deleted' AND COALESCE(e.lifecycle_stage, 'active') <> 'deleted'
     ORDER BY r.experiment_id, r.start_time, r.run_uuid`,
  );
  const runs = rows.flatMap(([uuid, exp]) => (typeof uuid === 'string' && uuid !== '' ? [{ runUuid: uuid, experimentId: exp === null ? 'no-experiment' : String(exp) }] : []));
  return { runs, error };
}
