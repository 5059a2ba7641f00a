import type { Smoothing } from '../../shared/analysis/smoothing';
import { smooth } from '../../shared/analysis/smoothing';
import type { NonFiniteKind, RunSeries, SeriesBundle, SeriesQuery, XAxis } from '../../shared/domain/series';
import { toColumn } from '../../shared/domain/series';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { LibraryService } from './library';
import { orderedSeries, pick, RAW_FACTOR } from './series-step';
import type { StoredMetric } from './stored-metric';

/** Smoothed full-resolution series kept for re-queries while zooming (each is one Float64Array per metric). */
const SMOOTHED_CACHE_ENTRIES = 48;

/**
 * Full-fidelity series for charts: every point is stored; downsampling happens here, at query time, per pixel bucket
 * (last value + min/max envelope), and non-finite values are always returned as markers.
 */
export class SeriesService {
  private readonly smoothedCache = new Map<string, Float64Array>();
  private readonly restartCache = new Map<string, { seq: number; step: number; fromStep: number }[]>();

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
    const smoothing = q.smoothing ?? null;
    if (x.kind !== 'step') {
      const series: RunSeries[] = [];
      for (const runId of q.runIds) {
        const m = ids.get(runId);
        if (m) series.push(await this.oneOnX(runId, m, x, xIds?.get(runId)?.id ?? null, q.buckets, stepMin, stepMax, smoothing));
      }
      return { metric: q.metric, series, x };
    }
    // Series without restarts (nearly all) are read together, a few queries per chart; the rest one by one, split at
    // their restarts.
    const ordered = q.runIds.flatMap((runId) => {
      const metric = ids.get(runId);
      return metric && metric.stepsOrdered && metric.points > 0 && metric.firstStep !== null && metric.lastStep !== null ? [{ runId, metric }] : [];
    });
    const smoothedOf = (m: StoredMetric) => (smoothing && smoothing.kind !== 'none' ? this.smoothed(m, smoothing) : Promise.resolve(null));
    const together = await orderedSeries(this.engine, ordered, q.buckets, stepMin, stepMax, smoothedOf);
    const series: RunSeries[] = [];
    for (const runId of q.runIds) {
      const m = ids.get(runId);
      if (!m) continue;
      const s = together.get(runId);
      series.push(s ? { ...s, nonFinite: await this.nonFinite(m, stepMin, stepMax) } : await this.one(runId, m, q.buckets, stepMin, stepMax, smoothing));
    }
    return { metric: q.metric, series };
  }

  /** The NaN/Inf points of the window, in read order (no query for the many series that have none). */
  private async nonFinite(metric: StoredMetric, stepMin: number | null, stepMax: number | null): Promise<RunSeries['nonFinite']> {
    if (metric.nonFinite === 0) return [];
    const rows = await this.engine.columns(Q.seriesNonfinite, [metric.id, stepMin, stepMax]);
    return (rows.step ?? []).map((step, i) => ({ step, kind: kindOf(rows.value[i] as number) }));
  }

  /**
   * The series drawn over wall time, relative time or another metric: the same raw/bucket split as on steps, with
   * buckets cut over x in DuckDB. Smoothing stays the full series' (by read order), picked at each drawn point.
   */
  private async oneOnX(runId: string, metric: StoredMetric, x: Exclude<XAxis, { kind: 'step' }>, xMetricId: number | null, buckets: number, xMin: number | null, xMax: number | null, smoothing: Smoothing | null): Promise<RunSeries> {
    const metricId = metric.id;
    if (x.kind === 'metric' && xMetricId === null) {
      // The run does not log the x metric: nothing of it can be placed.
      const none = new Float64Array(0);
      return { runId, mode: 'raw', totalPoints: 0, steps: none, values: none, min: none, max: none, first: none, smoothed: smoothing && smoothing.kind !== 'none' ? none : null, nonFinite: [], x: none, missingX: metric.points };
    }
    const offset = x.kind === 'relative' ? await this.origin(runId, metricId) : 0;
    const xm = x.kind === 'metric' ? xMetricId : null;
    const [count] = await this.engine.all(Q.seriesXCount, [metricId, xm, offset, xMin, xMax]);
    const n = count?.n ?? 0;
    const missingX = count?.missing ?? 0;
    const nf = await this.engine.columns(Q.seriesXNonfinite, [metricId, xm, offset, xMin, xMax]);
    const nonFinite = (nf.step ?? []).map((step, i) => ({ step, x: nf.x[i] as number, kind: kindOf(nf.value[i] as number) }));
    const smoothed = smoothing && smoothing.kind !== 'none' ? await this.smoothed(metric, smoothing) : null;
    const at = (seqs: readonly number[]) => (smoothed ? pick(smoothed, seqs) : null);
    const lo = count?.lo ?? null;
    const hi = count?.hi ?? null;
    if (n <= buckets * RAW_FACTOR || lo === null || hi === null) {
      const raw = await this.engine.columns(Q.seriesXRaw, [metricId, xm, offset, xMin, xMax]);
      const values = toColumn(raw.value ?? []);
      return { runId, mode: 'raw', totalPoints: n, steps: toColumn(raw.step ?? []), values, min: values, max: values, first: values, smoothed: at(raw.seq ?? []), nonFinite, x: toColumn(raw.x ?? []), missingX };
    }
    const b = await this.engine.columns(Q.seriesXBuckets, [metricId, xm, offset, lo, hi, buckets]);
    return {
      runId,
      mode: 'buckets',
      totalPoints: n,
      steps: toColumn(b.step ?? []),
      values: toColumn(b.value ?? []),
      min: toColumn(b.lo ?? []),
      max: toColumn(b.hi ?? []),
      first: toColumn(b.first ?? []),
      smoothed: at(b.last_seq ?? []),
      nonFinite,
      x: toColumn(b.x ?? []),
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

  private async one(runId: string, metric: StoredMetric, buckets: number, stepMin: number | null, stepMax: number | null, smoothing: Smoothing | null): Promise<RunSeries> {
    const metricId = metric.id;
    const [count] = await this.engine.all(Q.seriesCount, [metricId, stepMin, stepMax]);
    const n = count?.n ?? 0;
    const nonFinite = await this.nonFinite(metric, stepMin, stepMax);
    const smoothed = smoothing && smoothing.kind !== 'none' ? await this.smoothed(metric, smoothing) : null;
    const at = (seqs: readonly number[]) => (smoothed ? pick(smoothed, seqs) : null);
    const restarts = await this.restarts(metric);
    const shown = restarts.filter((r) => (stepMin === null || r.step >= stepMin || r.fromStep >= stepMin) && (stepMax === null || r.step <= stepMax));
    const restartInfo = shown.length > 0 ? { restarts: shown.map(({ step, fromStep }) => ({ step, fromStep })) } : {};
    if (n <= buckets * RAW_FACTOR || count?.lo === null || count?.hi === null || count === undefined) {
      const raw = await this.engine.columns(Q.seriesRaw, [metricId, stepMin, stepMax]);
      const values = toColumn(raw.value ?? []);
      const segmentStarts = startsAt(raw.seq ?? [], restarts);
      return { runId, mode: 'raw', totalPoints: n, steps: toColumn(raw.step ?? []), values, min: values, max: values, first: values, smoothed: at(raw.seq ?? []), nonFinite, ...restartInfo, ...(segmentStarts.length > 0 ? { segmentStarts } : {}) };
    }
    // One set of buckets per stretch between restarts, so a resumed run's overlapping steps are two lines, not one
    // bucket mixing both.
    const bounds = [null, ...restarts.map((r) => r.seq), null];
    const out = { steps: [] as number[], values: [] as (number | null)[], min: [] as (number | null)[], max: [] as (number | null)[], first: [] as (number | null)[], lastSeq: [] as number[], segmentStarts: [] as number[] };
    for (let k = 0; k + 1 < bounds.length; k++) {
      const b = await this.engine.columns(Q.seriesBuckets, [metricId, count.lo as number, count.hi as number, buckets, bounds[k] ?? null, bounds[k + 1] ?? null]);
      const steps = b.step ?? [];
      if (steps.length === 0) continue;
      if (out.steps.length > 0) out.segmentStarts.push(out.steps.length);
      out.steps.push(...steps);
      out.values.push(...(b.value ?? []));
      out.min.push(...(b.lo ?? []));
      out.max.push(...(b.hi ?? []));
      out.first.push(...(b.first ?? []));
      out.lastSeq.push(...(b.last_seq ?? []));
    }
    return {
      runId,
      mode: 'buckets',
      totalPoints: n,
      steps: toColumn(out.steps),
      values: toColumn(out.values),
      min: toColumn(out.min),
      max: toColumn(out.max),
      first: toColumn(out.first),
      smoothed: at(out.lastSeq),
      nonFinite,
      ...restartInfo,
      ...(out.segmentStarts.length > 0 ? { segmentStarts: out.segmentStarts } : {}),
    };
  }

  /** Where the whole series goes back to an earlier step; cached per metric and point count (appends can add one). */
  private async restarts({ id: metricId, points }: StoredMetric): Promise<{ seq: number; step: number; fromStep: number }[]> {
    const key = `${metricId}:${points}`;
    const hit = this.restartCache.get(key);
    if (hit) return hit;
    const r = await this.engine.columns(Q.seriesRestarts, [metricId]);
    const list = (r.seq ?? []).map((seq, i) => ({ seq, step: r.step[i] as number, fromStep: r.from_step[i] as number }));
    if (this.restartCache.size >= SMOOTHED_CACHE_ENTRIES) {
      const oldest = this.restartCache.keys().next().value;
      if (oldest !== undefined) this.restartCache.delete(oldest);
    }
    this.restartCache.set(key, list);
    return list;
  }

  /**
   * The metric's whole series smoothed at full resolution, indexed by read position. Zooming re-queries a window, but
   * the smoothing state at its left edge depends on every point before it, so smoothing never sees only the window.
   */
  private async smoothed({ id: metricId, points }: StoredMetric, smoothing: Smoothing): Promise<Float64Array> {
    const key = `${metricId}:${points}:${JSON.stringify(smoothing)}`;
    const hit = this.smoothedCache.get(key);
    if (hit) return hit;
    const all = await this.engine.doubleColumns(Q.seriesAll, [metricId]);
    const out = smooth(smoothing, all.step, all.value);
    if (this.smoothedCache.size >= SMOOTHED_CACHE_ENTRIES) {
      const oldest = this.smoothedCache.keys().next().value;
      if (oldest !== undefined) this.smoothedCache.delete(oldest);
    }
    this.smoothedCache.set(key, out);
    return out;
  }
}

/** Indices into a run of read positions (ascending) where a new stretch begins: the first position past each restart. */
function startsAt(seqs: readonly number[], restarts: readonly { seq: number }[]): number[] {
  const out: number[] = [];
  let r = 0;
  for (let i = 1; i < seqs.length; i++) {
    while (r < restarts.length && (restarts[r] as { seq: number }).seq <= (seqs[i - 1] as number)) r++;
    if (r < restarts.length && (seqs[i] as number) >= (restarts[r] as { seq: number }).seq) {
      out.push(i);
      r++;
    }
  }
  return out;
}

function kindOf(v: number): NonFiniteKind {
  if (Number.isNaN(v)) return 'nan';
  return v > 0 ? 'inf' : '-inf';
}
