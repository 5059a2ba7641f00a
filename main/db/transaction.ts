import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs `work` in one transaction on `conn`: all of it is stored, or (on an error, or a crash at any point) none of it,
 * so a run, a removal or a migration is never left half-done in the cache.
 */
export async function withTransaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const out = await work();
    await conn.run('COMMIT');
    return out;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}
