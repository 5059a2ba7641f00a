import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import init001 from './migrations/001-init.sql?raw';
import evalsLogs002 from './migrations/002-evals-logs.sql?raw';
import sweeps003 from './migrations/003-sweeps.sql?raw';
import sampleCategory004 from './migrations/004-sample-category.sql?raw';
import sampleExtras005 from './migrations/005-sample-extras.sql?raw';
import seriesLod006 from './migrations/006-series-lod.sql?raw';
import { backfillBlocks } from './blocks';
import type { NamedQuery, Param } from './queries';
import { readDoubleVector } from './read-vector';
import { runNamed, toDuck } from './run-named';
import { withTransaction } from './transaction';

/** `after` fills what a migration's SQL cannot (data computed by the app), in the same transaction. */
const MIGRATIONS: readonly { version: number; sql: string; after?: (conn: DuckDBConnection) => Promise<void> }[] = [
  { version: 1, sql: init001 },
  { version: 2, sql: evalsLogs002 },
  { version: 3, sql: sweeps003 },
  { version: 4, sql: sampleCategory004 },
  { version: 5, sql: sampleExtras005 },
  { version: 6, sql: seriesLod006, after: backfillBlocks },
];

/**
 * DuckDB installs and loads known extensions from the network on first use by default. RunLens needs none beyond
 * those built in (Parquet, JSON), and makes no outbound connection (issue 12): a query that would need one fails
 * instead of downloading it.
 */
export const OFFLINE: Readonly<Record<string, string>> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };

/**
 * DuckDB's buffer pool defaults to 80 % of the machine's memory and keeps what an import wrote cached up to it: a
 * 10,000-run import peaked at 2.1 GB (bench `peak-rss`). The cache is a file: evicted pages are read back when needed,
 * and operators that outgrow the limit spill to DuckDB's temporary directory.
 */
export const MEMORY: Readonly<Record<string, string>> = { memory_limit: '640MB' };

/** Bump when the cache layout changes incompatibly: the cache is then rebuilt from the run folders. */
export const CACHE_SCHEMA_VERSION = 1;

/**
 * The DuckDB engine of one workspace: one file-backed database, one writer connection (imports) and one reader
 * connection (queries), so a long import never blocks the charts. See docs/adr/0001-duckdb.md.
 */
export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  static async open(file: string | ':memory:'): Promise<Engine> {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const instance = await DuckDBInstance.create(file, { ...OFFLINE, ...MEMORY });
    const writer = await instance.connect();
    const reader = await instance.connect();
    const engine = new Engine(instance, writer, reader);
    await engine.migrate();
    return engine;
  }

  private async migrate(): Promise<void> {
    await this.writer.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const rows = (await this.writer.runAndReadAll('SELECT max(version) AS v FROM schema_version')).getRowObjectsJS();
    const current = Number(rows[0]?.v ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await withTransaction(this.writer, async () => {
        await this.writer.run(m.sql);
        if (m.after) await m.after(this.writer);
        await this.writer.run(`INSERT INTO schema_version VALUES (${m.version})`);
      });
    }
  }

  /** Runs a named query on the reader connection. */
  async all<P extends readonly Param[], R>(q: NamedQuery<P, R>, params: P, conn: DuckDBConnection = this.reader): Promise<R[]> {
    return runNamed(conn, q, params);
  }

  /**
   * Writes a named query's rows to a Parquet file with DuckDB's own writer (typed columns, compressed). The rows go
   * through a connection-local temp table because COPY cannot take bound parameters.
   */
  async copyToParquet<P extends readonly Param[], R>(q: NamedQuery<P, R>, params: P, file: string): Promise<void> {
    const table = `export_${Math.random().toString(36).slice(2)}`;
    await this.reader.run(`CREATE TEMP TABLE ${table} AS ${q.sql.replace(/;\s*$/, '')}`, params.map(toDuck));
    try {
      await this.reader.run(`COPY ${table} TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    } finally {
      await this.reader.run(`DROP TABLE IF EXISTS ${table}`);
    }
  }

  /** Runs a named query and returns its columns (large series leave the engine columnar, never as row objects). */
  async columns<P extends readonly Param[], R>(q: NamedQuery<P, R>, params: P): Promise<{ [K in keyof R]: R[K][] }> {
    const reader = await this.reader.runAndReadAll(q.sql, params.map(toDuck));
    const cols = reader.getColumnsObjectJS();
    return cols as unknown as { [K in keyof R]: R[K][] };
  }

  /**
   * A query whose columns are all DOUBLE, read chunk by chunk straight into Float64Arrays (NULL → NaN): whole series
   * for smoothing or analysis, and every chart's buckets. Each column of a chunk is copied from DuckDB's vector memory
   * in one go (`readDoubleVector`): the driver's per-item reads cost as much as the query itself at 40,000 rows × 8
   * columns (it tests each item's validity with BigInt arithmetic whenever DuckDB hands it a validity mask).
   */
  async doubleColumns<P extends readonly Param[], R extends Record<string, number>>(q: NamedQuery<P, R>, params: P): Promise<{ [K in keyof R]: Float64Array }> {
    const result = await this.reader.run(q.sql, params.map(toDuck));
    const names = result.columnNames();
    names.forEach((name, c) => {
      if (result.columnTypeId(c) !== DuckDBTypeId.DOUBLE) throw new Error(`${q.id}: column ${name} is not DOUBLE`);
    });
    const parts: Float64Array[][] = names.map(() => []);
    let total = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      names.forEach((_, c) => parts[c]?.push(readDoubleVector(duckdb.data_chunk_get_vector(chunk.chunk, c), n)));
      total += n;
    }
    const cols: Record<string, Float64Array> = {};
    names.forEach((name, c) => {
      const chunks = parts[c] ?? [];
      if (chunks.length === 1) {
        cols[name] = chunks[0] as Float64Array;
        return;
      }
      const out = new Float64Array(total);
      let at = 0;
      for (const p of chunks) {
        out.set(p, at);
        at += p.length;
      }
      cols[name] = out;
    });
    return cols as { [K in keyof R]: Float64Array };
  }

  async close(): Promise<void> {
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
