import type { Smoothing } from '../../../shared/analysis/smoothing';
import { describeSmoothing } from '../../../shared/analysis/smoothing';
import type { NonFiniteKind, RunSeries } from '../../../shared/domain/series';

export interface ChartCsvInput {
  readonly metric: string;
  readonly smoothing: Smoothing;
  /** What the chart shows, in drawing order: raw points or pixel buckets, as the host answered. */
  readonly series: readonly RunSeries[];
  /** The display name of a run (falls back to its id). */
  readonly runName: (runId: string) => string;
  /** The chart's x when it is not the step (wall time, a tokens metric…): written as its own column after `step`. */
  readonly xLabel?: string;
}

/** Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP). */
// One text-cell writer for every CSV the app makes (formula-injection guard + RFC 4180 quoting).
export { csvText } from '../../../shared/export/csv';
import { csvText } from '../../../shared/export/csv';

/**
 * A `#` line that readers skip (pandas `comment='#'`, R `comment.char`): it must start with `#` unquoted, so the
 * metric name (user text) loses every separator a spreadsheet may split on (`,`, the `;` of comma-decimal locales,
 * tab), quotes and line breaks. Our own text keeps its separators, each followed by a space, so a spreadsheet that
 * splits the line gets only harmless cells, none starting a formula.
 */
function commentLine(metric: string, rest: string): string {
  return `# metric: ${metric.replace(/[,;\t\r\n]/g, ' ').replace(/"/g, "'")}; ${rest}`;
}

const NON_FINITE_TEXT: Record<NonFiniteKind, string> = { nan: 'NaN', inf: 'Inf', '-inf': '-Inf' };

/** A number as written by JavaScript (shortest round-trip form); a missing one is an empty cell. */
function csvNumber(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/**
 * The value column of one series: the host leaves NaN for NaN/Inf in `values` and lists them in read order, so in raw
 * mode the k-th NaN is the k-th listed point; in a bucket, a NaN last value is the listed point at that step.
 */
function valueCells(s: RunSeries): string[] {
  let k = 0;
  return Array.from(s.values, (v, i) => {
    if (Number.isFinite(v)) return csvNumber(v);
    const nf = s.mode === 'raw' ? s.nonFinite[k++] : s.nonFinite.find((p) => p.step === s.steps[i]);
    return nf ? NON_FINITE_TEXT[nf.kind] : '';
  });
}

/**
 * The chart's data as CSV: a `#` line saying what it is (metric, smoothing, raw or downsampled) so the file explains
 * itself, a header, then one row per drawn point. Downsampled charts add each bucket's min and max, since the value
 * alone (the bucket's last point) would hide spikes the chart shows.
 */
export function buildChartCsv(input: ChartCsvInput): string {
  const downsampled = input.series.some((s) => s.mode === 'buckets');
  const points = downsampled
    ? 'points: downsampled as drawn (value = last point of each pixel bucket; min/max = envelope of its finite points)'
    : 'points: every point';
  const lines = [commentLine(input.metric, `smoothing: ${describeSmoothing(input.smoothing)}; ${points}; non-finite values written as NaN / Inf / -Inf`)];
  const xCol = input.xLabel !== undefined && input.series.some((s) => s.x !== undefined);
  const head = ['run', 'step', ...(xCol ? [csvText(input.xLabel ?? 'x')] : []), 'value', 'smoothed', ...(downsampled ? ['min', 'max'] : [])];
  lines.push(head.join(','));
  for (const s of input.series) {
    const run = csvText(input.runName(s.runId));
    const values = valueCells(s);
    s.steps.forEach((step, i) => {
      const row = [run, csvNumber(step), ...(xCol ? [csvNumber(s.x?.[i])] : []), values[i] ?? '', csvNumber(s.smoothed?.[i])];
      if (downsampled) row.push(csvNumber(s.min[i]), csvNumber(s.max[i]));
      lines.push(row.join(','));
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}
