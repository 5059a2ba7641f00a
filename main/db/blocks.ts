import type { DuckDBConnection } from '@duckdb/node-api';
import { Q } from './queries';
import { runNamed } from './run-named';

/**
 * Level-of-detail block sizes, finest first; each a multiple of the one before. 64 serves charts of about 0.5M points
 * per 1,000 pixels and up; 4,096 series of tens of millions of points, where 64-point blocks would themselves be many.
 */
export const BLOCK_SIZES: readonly number[] = [64, 4096];
/** Shorter series are read point by point: a scan of a few thousand points costs less than a second table. */
export const BLOCKS_MIN_POINTS = 8192;

const COARSEST = BLOCK_SIZES[BLOCK_SIZES.length - 1] as number;

/** A series whose blocks need (re)building: everything from `fromPoints` on (its point count before an append, or 0). */
export interface BlockRefresh {
  readonly metricId: number;
  readonly fromPoints: number;
  readonly points: number;
}

/**
 * Rebuilds the blocks of these series from the last coarse block that was still filling (an append only rebuilds the
 * tail). Runs on the caller's connection, so inside its transaction: a crash leaves points and blocks consistent.
 */
export async function refreshBlocks(conn: DuckDBConnection, series: readonly BlockRefresh[]): Promise<void> {
  const due = series.filter((s) => s.points >= BLOCKS_MIN_POINTS);
  // One set of statements per distinct start: a cold import has a single start (0) for all of a run's series.
  const byStart = new Map<number, number[]>();
  for (const s of due) {
    // Below the threshold a series had no blocks at all, so growing past it builds them from the start.
    const from = s.fromPoints < BLOCKS_MIN_POINTS ? 0 : Math.floor(s.fromPoints / COARSEST) * COARSEST;
    byStart.set(from, [...(byStart.get(from) ?? []), s.metricId]);
  }
  for (const [from, ids] of byStart) {
    await runNamed(conn, Q.blocksDelete, [ids, from]);
    await runNamed(conn, Q.blocksFine, [ids, from, BLOCK_SIZES[0] as number]);
    for (let i = 1; i < BLOCK_SIZES.length; i++) await runNamed(conn, Q.blocksCoarse, [ids, from, BLOCK_SIZES[i - 1] as number, BLOCK_SIZES[i] as number]);
  }
}

/** Builds blocks for every long series stored before blocks existed (the cache migration that added them). */
export async function backfillBlocks(conn: DuckDBConnection): Promise<void> {
  const rows = await runNamed(conn, Q.blocksMissing, [BLOCKS_MIN_POINTS]);
  await refreshBlocks(conn, rows.map((r) => ({ metricId: r.id, fromPoints: 0, points: r.points })));
}
