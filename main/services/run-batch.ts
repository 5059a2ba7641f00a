import type { DuckDBConnection } from '@duckdb/node-api';
import type { BlockRefresh } from '../db/blocks';
import { refreshBlocks } from '../db/blocks';
import { TableAppenders } from '../db/table-appenders';
import type { RunData } from './read-run';
import type { StoredRunMeta } from './run-rows';
import { writeLogsAndWarnings, writeRunRows, writeSeries } from './run-rows';
import { deleteRuns } from './delete-runs';

/** When a batch is worth committing: whichever comes first. */
export interface BatchLimits {
  readonly runs: number;
  readonly points: number;
  /** Since the batch began: bounds what a crash or a cancel takes back, and how long stored runs stay unseen. */
  readonly ms: number;
}

/**
 * A cold import commits every ~200 ms: each commit cost 7 ms (the WAL's sync) and each run's own transaction and
 * appenders about 10 ms more, profiled at 10,000-point runs, which was most of the time a run took to store.
 */
export const IMPORT_BATCH: BatchLimits = { runs: 500, points: 2_000_000, ms: 200 };

/**
 * Stores whole runs, many per transaction: all of a batch is in the cache or (after a crash or an error) none of it,
 * and each run in it replaces its stored copy whole. Rows go through one appender per table for the whole batch;
 * level-of-detail blocks are built for all of its series at commit.
 */
export class RunBatch {
  private readonly out: TableAppenders;
  private readonly blocks: BlockRefresh[] = [];
  private readonly began = Date.now();
  private runCount = 0;
  private pointCount = 0;

  private constructor(private readonly conn: DuckDBConnection) {
    this.out = new TableAppenders(conn);
  }

  static async begin(conn: DuckDBConnection): Promise<RunBatch> {
    await conn.run('BEGIN TRANSACTION');
    return new RunBatch(conn);
  }

  /**
   * Adds one run, replacing what is stored for its id. `replaces`: whether the cache may hold it (the caller knows
   * from the stored fingerprints; undefined asks the cache). A run seen for the first time skips the deletes, a scan
   * of every table per run that grows with the library. Returns the next free metric id.
   */
  async add(meta: StoredRunMeta, run: RunData, firstMetricId: number, replaces?: boolean): Promise<number> {
    const stored = replaces ?? (await this.conn.runAndReadAll('SELECT 1 FROM runs WHERE id = $1 LIMIT 1', [meta.runId])).currentRowCount > 0;
    if (stored) await deleteRuns(this.conn, [meta.runId]);
    await writeRunRows(this.out, meta, run);
    const written = await writeSeries(this.out, meta.runId, run, new Map(), firstMetricId);
    this.blocks.push(...written.blocks);
    await writeLogsAndWarnings(this.out, meta, run);
    this.runCount++;
    for (const s of run.series.values()) this.pointCount += s.steps.length;
    return written.nextMetricId;
  }

  get runs(): number {
    return this.runCount;
  }

  full(limits: BatchLimits): boolean {
    return this.runCount >= limits.runs || this.pointCount >= limits.points || Date.now() - this.began >= limits.ms;
  }

  async commit(): Promise<void> {
    this.out.close();
    await refreshBlocks(this.conn, this.blocks);
    await this.conn.run('COMMIT');
  }

  async rollback(): Promise<void> {
    this.out.discard();
    await this.conn.run('ROLLBACK');
  }
}

/**
 * Whole runs stored through batches that commit as they fill. `flush` commits the open batch (before other writes on
 * the connection, and at the end); `abandon` rolls it back after an error.
 */
export class BatchedRunWriter {
  private batch: RunBatch | null = null;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly limits: BatchLimits = IMPORT_BATCH,
  ) {}

  /** Adds a run (see RunBatch.add); returns the next free metric id. */
  async add(meta: StoredRunMeta, run: RunData, firstMetricId: number, replaces?: boolean): Promise<number> {
    this.batch ??= await RunBatch.begin(this.conn);
    const next = await this.batch.add(meta, run, firstMetricId, replaces);
    if (this.batch.full(this.limits)) await this.flush();
    return next;
  }

  async flush(): Promise<void> {
    if (!this.batch) return;
    // Dropped only once committed: a failed commit is still there for abandon to roll back.
    await this.batch.commit();
    this.batch = null;
  }

  async abandon(): Promise<void> {
    const b = this.batch;
    this.batch = null;
    await b?.rollback();
  }
}
