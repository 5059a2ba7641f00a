import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { PointChunkWriter } from './point-chunks';

/**
 * DuckDB appenders for one transaction, one per table, opened on first use and closed together before the
 * transaction ends. Closing flushes: an appender costs a flush however few rows it holds (profiled on cold imports),
 * so a transaction that stores many runs shares one per table instead of opening one per run and table.
 */
export class TableAppenders {
  private readonly open = new Map<string, DuckDBAppender>();
  private points: PointChunkWriter | null = null;

  constructor(private readonly conn: DuckDBConnection) {}

  async table(name: string): Promise<DuckDBAppender> {
    let a = this.open.get(name);
    if (!a) {
      a = await this.conn.createAppender(name);
      this.open.set(name, a);
    }
    return a;
  }

  /** The writer for `scalars` (points go in whole data chunks). */
  async scalars(): Promise<PointChunkWriter> {
    this.points ??= new PointChunkWriter(await this.table('scalars'));
    return this.points;
  }

  /** Flushes every appender into the transaction (its rows become visible to queries on the connection). */
  close(): void {
    this.points?.finish();
    this.points = null;
    for (const a of this.open.values()) a.closeSync();
    this.open.clear();
  }

  /**
   * Drops what the appenders still buffer, for a transaction being rolled back: an appender left open would flush its
   * rows whenever it is closed or collected, outside the transaction.
   */
  discard(): void {
    this.points = null;
    for (const a of this.open.values()) {
      try {
        a.clear();
        a.closeSync();
      } catch {
        // Already failed (the reason the transaction is rolled back): nothing of it is kept.
      }
    }
    this.open.clear();
  }
}
