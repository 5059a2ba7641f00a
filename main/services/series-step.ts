import type { RunSeries } from '../../shared/domain/series';
import { toColumn } from '../../shared/domain/series';
import { BLOCK_SIZES, BLOCKS_MIN_POINTS } from '../db/blocks';
import type { Engine } from '../db/engine';
import type { ManyBucketRow } from '../db/queries';
import { Q } from '../db/queries';
import type { StoredMetric } from './stored-metric';

/** Below this many points per bucket the raw series is cheaper to draw than an envelope, and exact. */
export const RAW_FACTOR = 2;
/**
 * Blocks read instead of points only when a bucket holds at least this many of them: a block that straddles a bucket
 * edge then moves at most a quarter of a pixel's points into the next pixel: a spike inside it is drawn at most one pixel
 * late, which no screen shows; 2,000 buckets of 1M points (500 per bucket) are read from 64-point blocks.
 */
const BLOCKS_PER_BUCKET = 4;

/** One series of the chart: its run and stored metric, with points, whose steps never go back (no restart to split at). */
export interface OrderedSeries {
  readonly runId: string;
  readonly metric: StoredMetric;
}

/** Per series, the full-resolution smoothed values by read position (null: no smoothing asked). */
export type SmoothedOf = (metric: StoredMetric) => Promise<Float64Array | null>;

/**
 * Several series of one chart on the step axis, in a few queries for the whole chart instead of several per series
 * (each query has a fixed cost that dominated a 20-series chart). Every series is cut on one shared grid over the
 * window (the chart's pixels): the window asked for, else the steps all series span.
 *
 * - Whole range: point counts are known from the library; short series are read raw; long ones from the
 *   level-of-detail blocks when a bucket holds at least BLOCKS_PER_BUCKET blocks, else bucketed from the points.
 * - A window (zoom): one scan buckets every series and counts its points; series with few points in the window are
 *   then read raw.
 */
export async function orderedSeries(engine: Engine, list: readonly OrderedSeries[], buckets: number, stepMin: number | null, stepMax: number | null, smoothedOf: SmoothedOf): Promise<Map<string, RunSeries>> {
  const out = new Map<string, RunSeries>();
  const live = list.filter((s) => s.metric.points > 0 && s.metric.firstStep !== null && s.metric.lastStep !== null);
  if (live.length === 0) return out;
  const lo = stepMin ?? Math.min(...live.map((s) => s.metric.firstStep as number));
  const hi = stepMax ?? Math.max(...live.map((s) => s.metric.lastStep as number));
  const windowed = stepMin !== null || stepMax !== null;
  const raw: OrderedSeries[] = [];
  const fromPoints: OrderedSeries[] = [];
  const fromBlocks = new Map<number, OrderedSeries[]>();
  let counted = new Map<number, number>();
  if (windowed) {
    const rows = await engine.doubleColumns(Q.seriesManyBuckets, [live.map((s) => s.metric.id), lo, hi, buckets]);
    counted = sumBy(rows.metric_id, rows.n);
    const byId = splitBy(rows);
    for (const s of live) {
      const n = counted.get(s.metric.id) ?? 0;
      if (n <= buckets * RAW_FACTOR) raw.push(s);
      else out.set(s.runId, await bucketSeries(s, n, byId.get(s.metric.id), smoothedOf));
    }
  } else {
    for (const s of live) {
      const size = blockSizeFor(s.metric, buckets, lo, hi);
      if (s.metric.points <= buckets * RAW_FACTOR) raw.push(s);
      else if (size === null) fromPoints.push(s);
      else fromBlocks.set(size, [...(fromBlocks.get(size) ?? []), s]);
    }
  }
  const put = async (group: readonly OrderedSeries[], rows: Columns<ManyBucketRow>) => {
    const byId = splitBy(rows);
    for (const s of group) out.set(s.runId, await bucketSeries(s, s.metric.points, byId.get(s.metric.id), smoothedOf));
  };
  if (fromPoints.length > 0) await put(fromPoints, await engine.doubleColumns(Q.seriesManyBuckets, [fromPoints.map((s) => s.metric.id), lo, hi, buckets]));
  for (const [size, group] of fromBlocks) await put(group, await engine.doubleColumns(Q.seriesBlockBuckets, [group.map((s) => s.metric.id), lo, hi, buckets, size]));
  if (raw.length > 0) {
    const rows = await engine.doubleColumns(Q.seriesManyRaw, [raw.map((s) => s.metric.id), stepMin, stepMax]);
    const byId = splitBy(rows);
    for (const s of raw) {
      const r = byId.get(s.metric.id);
      const values = toColumn(r?.value ?? []);
      const smoothed = await smoothedOf(s.metric);
      out.set(s.runId, {
        runId: s.runId,
        mode: 'raw',
        totalPoints: windowed ? (counted.get(s.metric.id) ?? 0) : s.metric.points,
        steps: r?.step ?? new Float64Array(0),
        values,
        min: values,
        max: values,
        first: values,
        smoothed: smoothed ? pick(smoothed, r?.seq) : null,
        nonFinite: [],
      });
    }
  }
  return out;
}

/**
 * The coarsest block size whose blocks fit BLOCKS_PER_BUCKET times into a bucket of this series, or null (read the
 * points). A series spanning part of the grid has its points in fewer buckets, so more per bucket.
 */
function blockSizeFor(m: StoredMetric, buckets: number, lo: number, hi: number): number | null {
  if (m.points < BLOCKS_MIN_POINTS) return null;
  const span = (m.lastStep as number) - (m.firstStep as number);
  const share = hi > lo ? Math.max(span / (hi - lo), 1 / buckets) : 1;
  const perBucket = m.points / (buckets * share);
  let best: number | null = null;
  for (const size of BLOCK_SIZES) if (size * BLOCKS_PER_BUCKET <= perBucket) best = size;
  return best;
}

type Columns<R> = { [K in keyof R]: Float64Array };

async function bucketSeries(s: OrderedSeries, n: number, b: Columns<ManyBucketRow> | undefined, smoothedOf: SmoothedOf): Promise<RunSeries> {
  const smoothed = await smoothedOf(s.metric);
  return {
    runId: s.runId,
    mode: 'buckets',
    totalPoints: n,
    steps: b?.step ?? new Float64Array(0),
    values: toColumn(b?.value ?? []),
    min: toColumn(b?.lo ?? []),
    max: toColumn(b?.hi ?? []),
    first: toColumn(b?.first ?? []),
    smoothed: smoothed ? pick(smoothed, b?.last_seq) : null,
    nonFinite: [],
  };
}

/** Rows ordered by metric id, cut into one column set per metric (views, no copy). */
function splitBy<C extends { metric_id: Float64Array } & Record<string, Float64Array>>(cols: C): Map<number, C> {
  const ids = cols.metric_id;
  const out = new Map<number, C>();
  let start = 0;
  for (let i = 1; i <= ids.length; i++) {
    if (i < ids.length && ids[i] === ids[start]) continue;
    const part: Record<string, Float64Array> = {};
    for (const [k, col] of Object.entries(cols)) part[k] = col.subarray(start, i);
    // Same keys as `cols`, each column cut to this series' rows.
    out.set(ids[start] as number, part as C);
    start = i;
  }
  return out;
}

function sumBy(ids: Float64Array, n: Float64Array): Map<number, number> {
  const out = new Map<number, number>();
  ids.forEach((id, i) => out.set(id, (out.get(id) ?? 0) + (n[i] as number)));
  return out;
}

/** The smoothed values at these read positions (NaN where smoothing has no finite value). */
export function pick(smoothed: Float64Array, seqs: ArrayLike<number> | undefined): Float64Array {
  const out = new Float64Array(seqs?.length ?? 0);
  if (!seqs) return out;
  for (let i = 0; i < seqs.length; i++) {
    const v = smoothed[seqs[i] as number];
    out[i] = v !== undefined && v - v === 0 ? v : Number.NaN;
  }
  return out;
}
