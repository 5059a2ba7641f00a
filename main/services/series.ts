import type { Smoothing } from '../../shared/analysis/smoothing';
import { smooth } from '../../shared/analysis/smoothing';
import type { NonFiniteKind, RunSeries, SeriesBundle, SeriesQuery } from '../../shared/domain/series';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { LibraryService } from './library';

/** Below this many points per bucket the raw series is cheaper to draw than an envelope, and exact. */
const RAW_FACTOR = 2;
/** Smoothed full-resolution series kept for re-queries while zooming (each is one Float64Array per metric). */
const SMOOTHED_CACHE_ENTRIES = 48;

/**
 * Full-fidelity series for charts: every point is stored; downsampling happens here, at query time, per pixel bucket
 * (last value + min/max envelope), and non-finite values are always returned as markers.
 */
export class SeriesService {
  private readonly smoothedCache = new Map<string, Float64Array>();

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
      series.push(await this.one(runId, m.id, q.buckets, stepMin, stepMax, q.smoothing ?? null));
    }
    return { metric: q.metric, series };
  }

  private async one(runId: string, metricId: number, buckets: number, stepMin: number | null, stepMax: number | null, smoothing: Smoothing | null): Promise<RunSeries> {
    const [count] = await this.engine.all(Q.seriesCount, [metricId, stepMin, stepMax]);
    const n = count?.n ?? 0;
    const nonFiniteRows = await this.engine.columns(Q.seriesNonfinite, [metricId, stepMin, stepMax]);
    const nonFinite = (nonFiniteRows.step ?? []).map((step, i) => ({ step, kind: kindOf(nonFiniteRows.value[i] as number) }));
    const smoothed = smoothing && smoothing.kind !== 'none' ? await this.smoothed(metricId, smoothing) : null;
    const at = (seqs: readonly number[]) => (smoothed ? seqs.map((q) => finiteOrNull(smoothed[q] ?? null)) : null);
    if (n <= buckets * RAW_FACTOR || count?.lo === null || count?.hi === null || count === undefined) {
      const raw = await this.engine.columns(Q.seriesRaw, [metricId, stepMin, stepMax]);
      const values = (raw.value ?? []).map(finiteOrNull);
      return { runId, mode: 'raw', totalPoints: n, steps: raw.step ?? [], values, min: values, max: values, first: values, smoothed: at(raw.seq ?? []), nonFinite };
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
      first: (b.first ?? []).map(finiteOrNull),
      smoothed: at(b.last_seq ?? []),
      nonFinite,
    };
  }

  /**
   * The metric's whole series smoothed at full resolution, indexed by read position. Zooming re-queries a window, but
   * the smoothing state at its left edge depends on every point before it, so smoothing never sees only the window.
   */
  private async smoothed(metricId: number, smoothing: Smoothing): Promise<Float64Array> {
    const all = await this.engine.columns(Q.seriesRaw, [metricId, null, null]);
    const key = `${metricId}:${all.seq?.length ?? 0}:${JSON.stringify(smoothing)}`;
    const hit = this.smoothedCache.get(key);
    if (hit) return hit;
    const out = smooth(smoothing, all.step ?? [], all.value ?? []);
    if (this.smoothedCache.size >= SMOOTHED_CACHE_ENTRIES) {
      const oldest = this.smoothedCache.keys().next().value;
      if (oldest !== undefined) this.smoothedCache.delete(oldest);
    }
    this.smoothedCache.set(key, out);
    return out;
  }
}

function finiteOrNull(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

function kindOf(v: number): NonFiniteKind {
  if (Number.isNaN(v)) return 'nan';
  return v > 0 ? 'inf' : '-inf';
}
