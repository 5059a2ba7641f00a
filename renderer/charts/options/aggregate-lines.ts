import type { LineSeriesOption } from 'echarts/charts';
import { formatValue } from '../../components/format';
import { escapeHtml, safeColor } from '../escape';

/**
 * Grouped runs on a curve chart: per group a thick mean line over a shaded band (95 % CI of the mean, or the runs'
 * min–max), from series:aggregate. Pure: data in, ECharts series and tooltip rows out.
 */
export interface AggregateLine {
  readonly name: string;
  readonly color: string;
  readonly runCount: number;
  readonly steps: readonly number[];
  readonly mean: readonly number[];
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  /** Runs with a point in each bucket. */
  readonly n: readonly number[];
}

export type BandKind = 'ci95' | 'minmax';

export const BAND_LABEL: Record<BandKind, string> = { ci95: '95 % CI', minmax: 'min–max' };

type Point = [number, number | null];

/** Only lines with points are drawn (a group whose runs do not log the metric has none). */
export function drawnGroupCount(lines: readonly AggregateLine[]): number {
  return lines.filter((l) => l.steps.length > 0).length;
}

/** The band as two stacked lines (the lower edge, invisible, and the width on top of it, filled), then the mean. */
export function aggregateSeries(lines: readonly AggregateLine[], logY = false): LineSeriesOption[] {
  const y = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) || (logY && v <= 0) ? null : v);
  const out: LineSeriesOption[] = [];
  lines.forEach((l, gi) => {
    if (l.steps.length === 0) return;
    const lower: Point[] = l.steps.map((x, i) => [x, y(l.lo[i])]);
    const width: Point[] = l.steps.map((x, i) => {
      const lo = y(l.lo[i]);
      const hi = y(l.hi[i]);
      return [x, lo === null || hi === null ? null : hi - lo];
    });
    out.push(
      { id: `group-band-lo:${gi}`, name: l.name, type: 'line', data: lower, stack: `group-band:${gi}`, stackStrategy: 'all', symbol: 'none', lineStyle: { width: 0, opacity: 0 }, silent: true, tooltip: { show: false }, z: 6 },
      { id: `group-band:${gi}`, name: l.name, type: 'line', data: width, stack: `group-band:${gi}`, stackStrategy: 'all', symbol: 'none', lineStyle: { width: 0, opacity: 0 }, areaStyle: { color: l.color, opacity: 0.2 }, silent: true, tooltip: { show: false }, z: 6 },
      { id: `group-mean:${gi}`, name: l.name, type: 'line', data: l.steps.map((x, i): Point => [x, y(l.mean[i])]), showSymbol: false, connectNulls: false, lineStyle: { width: 3, color: l.color }, itemStyle: { color: l.color }, emphasis: { disabled: true }, z: 7 },
    );
  });
  return out;
}

export interface GroupReading {
  readonly name: string;
  readonly color: string;
  readonly step: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

/** Each group's bucket nearest the cursor, for groups whose buckets span it. */
export function groupReadingsAt(cursor: number, lines: readonly AggregateLine[]): GroupReading[] {
  const out: GroupReading[] = [];
  for (const l of lines) {
    const first = l.steps[0];
    const last = l.steps[l.steps.length - 1];
    if (first === undefined || last === undefined || cursor < Math.min(first, last) || cursor > Math.max(first, last)) continue;
    let best = 0;
    for (let i = 1; i < l.steps.length; i++) if (Math.abs((l.steps[i] as number) - cursor) < Math.abs((l.steps[best] as number) - cursor)) best = i;
    out.push({ name: l.name, color: l.color, step: l.steps[best] as number, mean: l.mean[best] as number, lo: l.lo[best] as number, hi: l.hi[best] as number, n: l.n[best] as number });
  }
  return out;
}

/** Tooltip rows (HTML, every text escaped): group, mean, band, and how many runs the bucket averages. */
export function groupTooltipHtml(readings: readonly GroupReading[], band: BandKind): string {
  return readings
    .map((r) => {
      const swatch = `<span style="display:inline-block;width:14px;height:4px;border-radius:2px;margin:0 6px 3px 0;background:${safeColor(r.color)}"></span>`;
      const bandText = `${BAND_LABEL[band]} ${formatValue(r.lo)} … ${formatValue(r.hi)}`;
      return `<div data-group="${escapeHtml(r.name)}">${swatch}${escapeHtml(r.name)}: <b>${escapeHtml(formatValue(r.mean))}</b> <span style="opacity:.7">${escapeHtml(bandText)} · n=${r.n}</span></div>`;
    })
    .join('');
}
