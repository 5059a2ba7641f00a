import type { DuckDBConnection } from '@duckdb/node-api';

/** Deletes everything stored for these runs (scalars first: they hang off metric ids). */
export async function deleteRuns(conn: DuckDBConnection, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  const ids = runIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(',');
  await conn.run(`DELETE FROM scalars WHERE metric_id IN (SELECT id FROM metrics WHERE run_id IN (${ids}))`);
  await conn.run(`DELETE FROM scalar_blocks WHERE metric_id IN (SELECT id FROM metrics WHERE run_id IN (${ids}))`);
  for (const table of ['metrics', 'configs', 'checkpoints', 'warnings', 'evals', 'eval_samples', 'sweep_points', 'log_lines']) await conn.run(`DELETE FROM ${table} WHERE run_id IN (${ids})`);
  await conn.run(`DELETE FROM runs WHERE id IN (${ids})`);
}
