import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { NamedQuery, Param } from './queries';

/** Runs a named query on a connection with its parameters bound (never spliced into the SQL) and returns its rows. */
export async function runNamed<P extends readonly Param[], R>(conn: DuckDBConnection, q: NamedQuery<P, R>, params: P): Promise<R[]> {
  const reader = await conn.runAndReadAll(q.sql, params.map(toDuck));
  return reader.getRowObjectsJS() as R[];
}

export function toDuck(p: Param): DuckDBValue {
  if (Array.isArray(p)) return listValue([...(p as readonly (string | number)[])]);
  return p as DuckDBValue;
}
