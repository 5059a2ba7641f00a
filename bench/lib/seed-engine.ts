import path from 'node:path';
import { refreshBlocks } from '../../main/db/blocks';
import { Engine } from '../../main/db/engine';

/** The one metric every seeded run logs. */
export const SEEDED_METRIC = 'train/loss';

export interface SeededSeries {
  readonly engine: Engine;
  /** `bench/run-<i>`, in metric-id order. */
  readonly runIds: readonly string[];
  readonly metricIds: readonly number[];
}

/**
 * A cache holding `series` runs of one metric with `points` points each (steps 0 … points − 1), written by DuckDB
 * itself: generating millions of rows through an importer would measure ingest, which has its own scenario. Same
 * table layout and row order as a real import, so the series service reads it as it reads any library. Used by the
 * curves and zoom scenarios.
 */
export async function seedSeriesEngine(dir: string, points: number, series: number, file = 'series.duckdb'): Promise<SeededSeries> {
  const engine = await Engine.open(path.join(dir, file));
  try {
    const w = engine.writer;
    await w.run(`INSERT INTO runs SELECT 'bench/run-' || i, 'bench', 'run-' || i, 'run-' || i, 'tensorboard', 1, 'fp', 'finished', NULL, NULL, NULL, 0 FROM range(${series}) t(i)`);
    await w.run(`INSERT INTO metrics SELECT i + 1, 'bench/run-' || i, '${SEEDED_METRIC}', ${points}, 0, ${points - 1}, 1, 0, 3, 0, true FROM range(${series}) t(i)`);
    // Points in (metric, read order), as imports append them; a noisy decaying loss with occasional spikes.
    await w.run(`INSERT INTO scalars
      SELECT m + 1, s, s, 2.5 * exp(-s / ${points / 4}) + 0.3 + 0.05 * sin(s * 0.7 + m) + CASE WHEN s % 9973 = 0 THEN 1.5 ELSE 0 END, 1.7e9 + s
      FROM range(${series}) a(m), range(${points}) b(s)
      ORDER BY m, s`);
    // The level-of-detail blocks an import writes with the points.
    await refreshBlocks(w, Array.from({ length: series }, (_, i) => ({ metricId: i + 1, fromPoints: 0, points })));
    await w.run('CHECKPOINT');
  } catch (err) {
    await engine.close();
    throw err;
  }
  return {
    engine,
    runIds: Array.from({ length: series }, (_, i) => `bench/run-${i}`),
    metricIds: Array.from({ length: series }, (_, i) => i + 1),
  };
}
