/**
 * What the cache crash tests compare: a generated run library (bench/lib/library-gen, the real on-disk formats) and a
 * digest of what a workspace's DuckDB cache holds for it, read straight from the tables (not through the services
 * under test), so "every run whole, nothing half-stored" is checked on the stored rows themselves.
 */
import path from 'node:path';
import type { LibrarySummary } from '../../bench/lib/library-gen';
import { generateLibrary } from '../../bench/lib/library-gen';
import { CACHE_SCHEMA_VERSION } from '../../main/db/engine';
import type { Engine } from '../../main/db/engine';
import { openCache } from '../../main/db/open-recover';
import type { Host } from '../../main/host';
import type { ImportDone } from '../../shared/ipc/events';

export { generateLibrary };
export type { LibrarySummary };

export const cacheFileOf = (workspace: string): string => path.join(workspace, 'cache', `library-v${CACHE_SCHEMA_VERSION}.duckdb`);

/** One run as stored: its identity, how many rows each table holds for it, and an order-free hash of its points. */
export interface StoredRun {
  readonly id: string;
  readonly name: string;
  readonly format: string;
  readonly fingerprint: string;
  readonly metrics: number;
  /** Sum of the metrics rows' `points` column: what the summaries claim. */
  readonly declaredPoints: number;
  /** Scalar rows actually stored under the run's metrics. */
  readonly storedPoints: number;
  /** bit_xor of hash(metric name, seq, step, value, wall) over the run's points: equal iff the same points (w.h.p.). */
  readonly pointsHash: string;
  readonly configs: number;
  readonly evals: number;
  readonly checkpoints: number;
  readonly warnings: number;
  readonly logLines: number;
  readonly samples: number;
}

export interface CacheDigest {
  readonly runs: StoredRun[];
  /** Rows that hang off no run (or no metric): a half-deleted or half-stored run would leave some. */
  readonly orphans: number;
}

const RUN_TABLES = ['configs', 'evals', 'checkpoints', 'log_lines', 'eval_samples', 'sweep_points'] as const;

export async function cacheDigest(engine: Engine): Promise<CacheDigest> {
  const count = (table: string, as: string) => `(SELECT count(*) FROM ${table} x WHERE x.run_id = r.id)::DOUBLE AS ${as}`;
  const rows = await engine.writer.runAndReadAll(`
    WITH pts AS (
      SELECT m.run_id, count(s.seq)::DOUBLE AS stored, bit_xor(hash(m.name, s.seq, s.step, s.value, s.wall))::VARCHAR AS h
      FROM metrics m JOIN scalars s ON s.metric_id = m.id GROUP BY m.run_id
    ), ms AS (
      SELECT run_id, count(*)::DOUBLE AS n, sum(points)::DOUBLE AS declared FROM metrics GROUP BY run_id
    )
    SELECT r.id, r.name, r.format, r.fingerprint,
      coalesce(ms.n, 0) AS metrics, coalesce(ms.declared, 0) AS declared, coalesce(pts.stored, 0) AS stored, coalesce(pts.h, '0') AS h,
      ${count('configs', 'configs')}, ${count('evals', 'evals')}, ${count('checkpoints', 'checkpoints')},
      ${count('warnings', 'warnings')}, ${count('log_lines', 'logs')}, ${count('eval_samples', 'samples')}
    FROM runs r LEFT JOIN ms ON ms.run_id = r.id LEFT JOIN pts ON pts.run_id = r.id
    ORDER BY r.id`);
  const runs = rows.getRowObjectsJS().map((r) => ({
    id: String(r.id),
    name: String(r.name),
    format: String(r.format),
    fingerprint: String(r.fingerprint),
    metrics: Number(r.metrics),
    declaredPoints: Number(r.declared),
    storedPoints: Number(r.stored),
    pointsHash: String(r.h),
    configs: Number(r.configs),
    evals: Number(r.evals),
    checkpoints: Number(r.checkpoints),
    warnings: Number(r.warnings),
    logLines: Number(r.logs),
    samples: Number(r.samples),
  }));
  const orphanSql = [
    'SELECT count(*) AS n FROM scalars WHERE metric_id NOT IN (SELECT id FROM metrics)',
    'SELECT count(*) AS n FROM metrics WHERE run_id NOT IN (SELECT id FROM runs)',
    'SELECT count(*) - count(DISTINCT id) AS n FROM metrics',
    'SELECT count(*) AS n FROM warnings WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT id FROM runs)',
    ...RUN_TABLES.map((t) => `SELECT count(*) AS n FROM ${t} WHERE run_id NOT IN (SELECT id FROM runs)`),
  ].join(' UNION ALL ');
  const orphans = (await engine.writer.runAndReadAll(`SELECT sum(n)::DOUBLE AS n FROM (${orphanSql})`)).getRowObjectsJS()[0]?.n;
  return { runs, orphans: Number(orphans) };
}

/** Opens a workspace's cache the way the host does (with recovery), digests it and closes it cleanly. */
export async function readCache(workspace: string): Promise<CacheDigest & { problem: string | null }> {
  const cache = await openCache(cacheFileOf(workspace));
  try {
    return { ...(await cacheDigest(cache.engine)), problem: cache.problem };
  } finally {
    await cache.close();
  }
}

/**
 * Adds `folder` (again) on an open host and waits until every import queued by then is over, the refresh a host
 * starts on open included. Returns every import:done seen, in order.
 */
export async function importAll(host: Host, folder: string): Promise<ImportDone[]> {
  const seen: ImportDone[] = [];
  const off = host.bus.subscribe((event, payload) => {
    if (event === 'import:done') seen.push(payload as ImportDone);
  });
  try {
    await host.addFolders([folder]);
  } finally {
    off();
  }
  return seen;
}
