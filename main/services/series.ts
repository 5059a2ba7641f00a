import type { Smoothing } from '../../shared/analysis/smoothing';
import { smooth } from '../../shared/analysis/smoothing';
import type { NonFiniteKind, RunSeries, SeriesBundle, SeriesQuery, XAxis } from '../../shared/domain/series';
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
    const x = q.x ?? { kind: 'step' };
    const xIds = x.kind === 'metric' ? await this.library.metricIds(q.runIds, x.metric) : null;
    const series: RunSeries[] = [];
    for (const runId of q.runIds) {
      const m = ids.get(runId);
      if (!m) continue;
      if (x.kind === 'step') series.push(await this.one(runId, m.id, q.buckets, stepMin, stepMax, q.smoothing ?? null));
      else series.push(await this.oneOnX(runId, m.id, x, xIds?.get(runId)?.id ?? null, q.buckets, stepMin, stepMax, q.smoothing ?? null));
    }
    return x.kind === 'step' ? { metric: q.metric, series } : { metric: q.metric, series, x };
  }

  /**
   * The series drawn over wall time, relative time or another metric: the same raw/bucket split as on steps, with
   * buckets cut over x in DuckDB. Smoothing stays the full series' (by read order), picked at each drawn point.
   */
  private async oneOnX(runId: string, metricId: number, x: Exclude<XAxis, { kind: 'step' }>, xMetricId: number | null, buckets: number, xMin: number | null, xMax: number | null, smoothing: Smoothing | null): Promise<RunSeries> {
    if (x.kind === 'metric' && xMetricId === null) {
      // The run does not log the x metric: nothing of it can be placed.
      const [all] = await this.engine.all(Q.seriesCount, [metricId, null, null]);
      return { runId, mode: 'raw', totalPoints: 0, steps: [], values: [], min: [], max: [], first: [], smoothed: smoothing && smoothing.kind !== 'none' ? [] : null, nonFinite: [], x: [], missingX: all?.n ?? 0 };
    }
    const offset = x.kind === 'relative' ? await this.origin(runId, metricId) : 0;
    const xm = x.kind === 'metric' ? xMetricId : null;
    const [count] = await this.engine.all(Q.seriesXCount, [metricId, xm, offset, xMin, xMax]);
    const n = count?.n ?? 0;
    const missingX = count?.missing ?? 0;
    const nf = await this.engine.columns(Q.seriesXNonfinite, [metricId, xm, offset, xMin, xMax]);
    const nonFinite = (nf.step ?? []).map((step, i) => ({ step, x: nf.x[i] as number, kind: kindOf(nf.value[i] as number) }));
    const smoothed = smoothing && smoothing.kind !== 'none' ? await this.smoothed(metricId, smoothing) : null;
    const at = (seqs: readonly number[]) => (smoothed ? seqs.map((q) => finiteOrNull(smoothed[q] ?? null)) : null);
    const lo = count?.lo ?? null;
    const hi = count?.hi ?? null;
    if (n <= buckets * RAW_FACTOR || lo === null || hi === null) {
      const raw = await this.engine.columns(Q.seriesXRaw, [metricId, xm, offset, xMin, xMax]);
      const values = (raw.value ?? []).map(finiteOrNull);
      return { runId, mode: 'raw', totalPoints: n, steps: raw.step ?? [], values, min: values, max: values, first: values, smoothed: at(raw.seq ?? []), nonFinite, x: raw.x ?? [], missingX };
    }
    const b = await this.engine.columns(Q.seriesXBuckets, [metricId, xm, offset, lo, hi, buckets]);
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
      x: b.x ?? [],
      missingX,
    };
  }

  /** Relative time's zero: the run's recorded start, or the metric's first wall time when that is earlier or unknown. */
  private async origin(runId: string, metricId: number): Promise<number> {
    const [o] = await this.engine.all(Q.seriesXOrigin, [runId, metricId]);
    const start = o?.run_start ?? null;
    const first = o?.first_wall ?? null;
    const candidates = [start, first].filter((v): v is number => v !== null && Number.isFinite(v));
    return candidates.length > 0 ? Math.min(...candidates) : 0;
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
