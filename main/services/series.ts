import type { NonFiniteKind, RunSeries, SeriesBundle, SeriesQuery } from '../../shared/domain/series';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { LibraryService } from './library';

/** Below this many points per bucket the raw series is cheaper to draw than an envelope, and exact. */
const RAW_FACTOR = 2;

/**
 * Full-fidelity series for charts: every point is stored; downsampling happens here, at query time, per pixel bucket
 * (last value + min/max envelope), and non-finite values are always returned as markers.
 */
export class SeriesService {
  constructor(
    private readonly engine: Engine,
    private readonly library: LibraryService,
  ) {}

  async query(q: SeriesQuery): Promise<SeriesBundle> {
    const ids = await this.library.metricIds(q.runIds, q.metric);
    const stepMin = q.stepMin ?? null;
    const stepMax = q.stepMax ?? null;
    const series: RunSeries[] = [];
    for (const runId of q.runIds) {
      const m = ids.get(runId);
      if (!m) continue;
      series.push(await this.one(runId, m.id, q.buckets, stepMin, stepMax));
    }
    return { metric: q.metric, series };
  }

  private async one(runId: string, metricId: number, buckets: number, stepMin: number | null, stepMax: number | null): Promise<RunSeries> {
    const [count] = await this.engine.all(Q.seriesCount, [metricId, stepMin, stepMax]);
    const n = count?.n ?? 0;
    const nonFiniteRows = await this.engine.columns(Q.seriesNonfinite, [metricId, stepMin, stepMax]);
    const nonFinite = (nonFiniteRows.step ?? []).map((step, i) => ({ step, kind: kindOf(nonFiniteRows.value[i] as number) }));
    if (n <= buckets * RAW_FACTOR || count?.lo === null || count?.hi === null || count === undefined) {
      const raw = await this.engine.columns(Q.seriesRaw, [metricId, stepMin, stepMax]);
      const values = (raw.value ?? []).map(finiteOrNull);
      return { runId, mode: 'raw', totalPoints: n, steps: raw.step ?? [], values, min: values, max: values, nonFinite };
    }
    const b = await this.engine.columns(Q.seriesBuckets, [metricId, count.lo as number, count.hi as number, buckets]);
    return {
      runId,
      mode: 'buckets',
      totalPoints: n,
      steps: b.step ?? [],
      values: (b.value ?? []).map(finiteOrNull),
      min: (b.lo ?? []).map(finiteOrNull),
      max: (b.hi ?? []).map(finiteOrNull),
      nonFinite,
    };
  }
}

function finiteOrNull(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

function kindOf(v: number): NonFiniteKind {
  if (Number.isNaN(v)) return 'nan';
  return v > 0 ? 'inf' : '-inf';
}
