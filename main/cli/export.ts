import type { Smoothing } from '../../shared/analysis/smoothing';
import { describeSmoothing } from '../../shared/analysis/smoothing';
import type { NonFiniteKind, RunSeries, SeriesQuery } from '../../shared/domain/series';
import { fromColumn } from '../../shared/domain/series';
import type { Importer } from '../../shared/importers/importer';
import type { Host } from '../host';
import { cliCall as call, normaliseRunArg, notFound, shownPath as shown, UsageError, withImportedHost } from './cli-host';

export { UsageError };

/** The most buckets one `series:query` may ask for (its schema's limit); at most twice this many points come back raw. */
const MAX_BUCKETS = 20_000;

export interface ExportRequest {
  readonly dir: string;
  /** The run's folder relative to `dir` (posix separators), `.` for `dir` itself; as `runlens inspect` lists it. */
  readonly run: string;
  readonly metric: string;
  /** TensorBoard EMA weight; 0 leaves the values as they are. */
  readonly smoothing: number;
  /** Pixel buckets as the chart asks for them; absent = every point. */
  readonly buckets: number | null;
}

/** A point whose value is NaN or ±Inf: JSON cannot hold it, so it is null in the arrays and listed here. */
export interface NonFinitePoint {
  /** Index into `steps`/`values` (raw export), or into `x` of the bucket holding it (bucket export). */
  readonly index: number;
  readonly step: number;
  readonly kind: NonFiniteKind;
}

interface ExportHeader {
  readonly run: string;
  readonly metric: string;
  readonly smoothing: string;
  readonly nonFinite: NonFinitePoint[];
}

export interface RawExport extends ExportHeader {
  readonly steps: number[];
  readonly values: (number | null)[];
  readonly smoothed: (number | null)[];
}

export interface BucketExport extends ExportHeader {
  /** `buckets` when the host cut the series into envelopes; `raw` when it had few enough points to send them all. */
  readonly mode: 'buckets' | 'raw';
  readonly x: number[];
  readonly first: (number | null)[];
  readonly min: (number | null)[];
  readonly max: (number | null)[];
  readonly last: (number | null)[];
  readonly smoothed: (number | null)[];
}

/**
 * One run's metric exactly as the app draws it: the folder is imported into a throw-away workspace by the same host
 * the app uses, and the points come from the same `series:query` handler, smoothing included.
 */
export async function exportSeries(req: ExportRequest, opts: { importers?: readonly Importer[] } = {}): Promise<RawExport | BucketExport> {
  return withImportedHost([req.dir], opts, (host) => exportFromHost(host, req));
}

async function exportFromHost(host: Host, req: ExportRequest): Promise<RawExport | BucketExport> {
  const runs = await call(host, 'library:list-runs', {});
  const wanted = normaliseRunArg(req.run);
  const run = runs.find((r) => shown(r.path) === wanted);
  if (!run) {
    const names = runs.map((r) => shown(r.path));
    throw new UsageError(notFound('run', req.run, names, names.length === 0 ? `No runs found in ${req.dir}.` : 'List them with `runlens inspect <dir>`.'));
  }
  const metrics = await call(host, 'library:list-metrics', { runIds: [run.id] });
  const metric = metrics.find((m) => m.name === req.metric);
  if (!metric) throw new UsageError(notFound('metric', req.metric, metrics.map((m) => m.name), `Run ${shown(run.path)} has ${metrics.length} metrics.`));

  const smoothing: Smoothing = { kind: 'ema', weight: req.smoothing };
  const header = { run: shown(run.path), metric: metric.name, smoothing: describeSmoothing(smoothing) };
  const base = { runIds: [run.id], metric: metric.name, smoothing };
  if (req.buckets !== null) {
    const s = await seriesOf(host, { ...base, buckets: req.buckets });
    return { ...header, mode: s.mode, x: Array.from(s.steps), first: fromColumn(s.first), min: fromColumn(s.min), max: fromColumn(s.max), last: fromColumn(s.values), smoothed: fromColumn(s.smoothed ?? s.values), nonFinite: nonFiniteOf(s) };
  }
  const parts = await rawParts(host, base, metric.points, null, null, { lo: metric.firstStep, hi: metric.lastStep });
  const out: RawExport = { ...header, steps: [], values: [], smoothed: [], nonFinite: [] };
  for (const p of parts) {
    for (const nf of nonFiniteOf(p)) out.nonFinite.push({ ...nf, index: nf.index + out.steps.length });
    out.steps.push(...p.steps);
    out.values.push(...fromColumn(p.values));
    out.smoothed.push(...fromColumn(p.smoothed ?? p.values));
  }
  return out;
}

/**
 * Every point, in raw-mode answers. The host sends raw points only up to twice the bucket limit, so a longer series is
 * asked for in step windows, halved until each fits. Within a window points keep their read order; windows follow
 * each other by step (the same thing for every series whose steps only go up).
 */
async function rawParts(
  host: Host,
  base: Omit<SeriesQuery, 'buckets'>,
  points: number,
  lo: number | null,
  hi: number | null,
  whole: { lo: number | null; hi: number | null },
): Promise<RunSeries[]> {
  const buckets = Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(points / 2)));
  const s = await seriesOf(host, { ...base, buckets, stepMin: lo, stepMax: hi });
  if (s.mode === 'raw') return [s];
  const first = lo ?? whole.lo;
  const last = hi ?? whole.hi;
  if (first === null || last === null) throw new Error('the series has no finite step range to split');
  const mid = first + (last - first) / 2;
  const after = nextUp(mid);
  if (!(mid >= first && after <= last)) throw new Error(`more than ${2 * MAX_BUCKETS} points share step ${first}: export them with --buckets`);
  return [...(await rawParts(host, base, s.totalPoints, first, mid, whole)), ...(await rawParts(host, base, s.totalPoints, after, last, whole))];
}

/** The smallest double above `x` (for finite `x`): splits a closed step window into two that do not overlap. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

/**
 * Where each non-finite point sits. The host lists them in read order and leaves NaN in `values`; in a raw answer
 * nothing else is NaN, so the k-th NaN is the k-th listed point. In buckets, a point belongs to the first bucket
 * whose last step reaches it.
 */
function nonFiniteOf(s: RunSeries): NonFinitePoint[] {
  if (s.mode === 'raw') {
    const out: NonFinitePoint[] = [];
    let k = 0;
    s.values.forEach((v, index) => {
      if (Number.isFinite(v)) return;
      const nf = s.nonFinite[k++];
      out.push({ index, step: s.steps[index] ?? nf?.step ?? Number.NaN, kind: nf?.kind ?? 'nan' });
    });
    return out;
  }
  return s.nonFinite.map((nf) => {
    const i = s.steps.findIndex((x) => x >= nf.step);
    return { index: i === -1 ? s.steps.length - 1 : i, step: nf.step, kind: nf.kind };
  });
}

async function seriesOf(host: Host, q: SeriesQuery): Promise<RunSeries> {
  const bundle = await call(host, 'series:query', q);
  const s = bundle.series[0];
  if (!s) throw new Error(`the host returned no series for ${q.metric}`);
  return s;
}

/** Tab-separated `step value smoothed` lines for a terminal or a pipe, non-finite values written as NaN/Inf/-Inf. */
export function formatExport(e: RawExport | BucketExport): string {
  const kindAt = new Map(e.nonFinite.map((n) => [n.index, n.kind]));
  const cell = (v: number | null, i: number) => (v !== null ? String(v) : ({ nan: 'NaN', inf: 'Inf', '-inf': '-Inf' } as const)[kindAt.get(i) ?? 'nan']);
  const lines = [`# run ${e.run}, metric ${e.metric}, smoothing: ${e.smoothing}`];
  if ('steps' in e) {
    lines.push('step\tvalue\tsmoothed');
    e.steps.forEach((s, i) => lines.push(`${s}\t${cell(e.values[i] ?? null, i)}\t${cell(e.smoothed[i] ?? null, i)}`));
  } else {
    lines.push('x\tfirst\tmin\tmax\tlast\tsmoothed');
    const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    e.x.forEach((s, i) => lines.push(`${s}\t${n(e.first[i])}\t${n(e.min[i])}\t${n(e.max[i])}\t${n(e.last[i])}\t${n(e.smoothed[i])}`));
  }
  return lines.join('\n');
}
