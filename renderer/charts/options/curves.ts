import type { CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { XAXisComponentOption, YAXisComponentOption } from 'echarts';
import type { DataZoomComponentOption, GridComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Finding } from '../../../shared/analysis/findings/types';
import type { NonFiniteKind, RunSeries, XAxis } from '../../../shared/domain/series';
import { nonFiniteX, seriesX, STEP_X } from '../../../shared/domain/series';
import { xAxisLabel } from '../../../shared/domain/x-axis';
import { formatValue } from '../../components/format';
import type { AggregateLine, BandKind } from './aggregate-lines';
import { aggregateSeries, groupReadingsAt, groupTooltipHtml } from './aggregate-lines';
import { curveTooltipFormatter } from './curve-tooltip';
import { formatXFull } from './x-format';
import { escapeHtml } from '../escape';
import type { FindingMarks } from './finding-marks';
import type { FocusMark } from './focus-mark';
import { focusSeries } from './focus-mark';
import { findingMarks, findingsForMetric, markTooltip } from './finding-marks';
import type { ChartNote } from './note-marks';
import { noteSeries } from './note-marks';
import { formatXShort } from './x-format';
import { clipRange, padRange } from './y-range';
import { bandRings, bandSeries } from './envelope-band';
import { LINE_DIMENSIONS, linePoints } from './line-points';

/**
 * One metric's chart as an ECharts option: pure data in, option out (no React, no DOM), so it is unit-tested on
 * the option object and the screen and the PDF draw the same thing.
 */

export type CurveOption = ComposeOption<LineSeriesOption | ScatterSeriesOption | CustomSeriesOption | GridComponentOption | TooltipComponentOption | DataZoomComponentOption | XAXisComponentOption | YAXisComponentOption>;

export interface CurveRun {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

export interface StepRange {
  readonly min: number;
  readonly max: number;
}

export interface ChartColors {
  readonly text: string;
  readonly tooltipBg: string;
  readonly tooltipBorder: string;
  readonly axis: string;
  readonly split: string;
  /** Outline of NaN/Inf markers, contrasting with the background. */
  readonly markerOutline: string;
}

/** The look every chart's tooltip shares (kept inside the chart, themed). */
export function tooltipStyle(colors: ChartColors) {
  return { confine: true, backgroundColor: colors.tooltipBg, borderColor: colors.tooltipBorder, textStyle: { color: colors.text, fontSize: 12 } };
}

export const LIGHT_COLORS: ChartColors = { text: '#1f2328', tooltipBg: '#ffffff', tooltipBorder: '#d1d9e0', axis: '#8c959f', split: '#e6e9ed', markerOutline: '#1f2328' };
export const DARK_COLORS: ChartColors = { text: '#d1d7e0', tooltipBg: '#1b2129', tooltipBorder: '#3d444d', axis: '#656c76', split: '#2a3038', markerOutline: '#f0f3f6' };

export interface CurveOptionInput {
  readonly metric: string;
  /** One entry per run, in the order lines are drawn. */
  readonly series: readonly RunSeries[];
  readonly runs: ReadonlyMap<string, CurveRun>;
  /** The metric's full step range across the plotted runs, so a zoomed-in query can still be zoomed out of. */
  readonly extent: StepRange | null;
  readonly zoom: StepRange | null;
  readonly colors: ChartColors;
  /** Print mode (PDF): no animation, no zoom widgets. */
  readonly print?: boolean;
  /** What x is (default step); `extent` and `zoom` are in its units. */
  readonly x?: XAxis;
  /** Log-scale y: values <= 0 cannot be placed and are left out of the lines. */
  readonly logY?: boolean;
  /** Fit the y axis to the 1st–99th percentile of the visible values instead of their full range. */
  readonly clipOutliers?: boolean;
  /** Findings per run id (shared/analysis/findings), drawn as marks on that run's line. */
  readonly findings?: ReadonlyMap<string, readonly Finding[]>;
  /** The user's notes on this chart (step units: drawn on the step axis only). */
  readonly notes?: readonly ChartNote[];
  /** Grouped runs drawn as a thick mean line with a shaded band each (step axis only). */
  readonly aggregates?: { readonly lines: readonly AggregateLine[]; readonly band: BandKind; readonly hideRuns: boolean };
  /** A step to mark on every chart (step axis only): the checkpoint the user opened from Review. */
  readonly focus?: FocusMark | null;
}

/** Plot margins in px; the plot's width is what the host downsamples to. */
export const CURVE_GRID = { left: 60, right: 20, top: 14, bottom: 62, bottomPrint: 30 } as const;

/** Buckets to ask for: one per pixel of the plot area (the chart's width less the margins), within the contract's bounds. */
export function bucketsForWidth(chartWidthPx: number): number {
  const plot = Math.floor(chartWidthPx - CURVE_GRID.left - CURVE_GRID.right);
  return Math.max(16, Math.min(20_000, plot));
}

/** Every point drawn, summed over runs (NaN/Inf points included: they are drawn as markers). */
export function pointCount(series: readonly RunSeries[]): number {
  return series.reduce((a, s) => a + s.steps.length, 0);
}

/** Runs that have at least one point to draw. */
export function drawnRunCount(series: readonly RunSeries[]): number {
  return series.filter((s) => s.steps.length > 0 || s.nonFinite.length > 0).length;
}

/** The x range: the metric's full extent widened by any data outside it (a run still growing, a restart). */
export function curveExtent(extent: StepRange | null, series: readonly RunSeries[]): StepRange | null {
  let min = extent?.min ?? Number.POSITIVE_INFINITY;
  let max = extent?.max ?? Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const x of seriesX(s)) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : null;
}

/** The finite y range of every series (bucket envelopes included). */
export function valueRange(series: readonly RunSeries[]): StepRange | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const visit = (vs: ArrayLike<number>) => {
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i] as number;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  };
  for (const s of series) {
    // A bucket's value is one of its finite points, so its min and max already bound it.
    if (s.mode === 'buckets') {
      visit(s.min);
      visit(s.max);
    } else visit(s.values);
  }
  return Number.isFinite(min) ? { min, max } : null;
}

/** Where NaN/Inf markers sit: just above the data (NaN, +Inf) or just below it (-Inf), so they never hide a point. */
export function markerLevels(range: StepRange | null, logY = false): { top: number; bottom: number } {
  if (logY) {
    // On a log axis "just above/below" is a factor, and both levels must stay > 0.
    if (range === null || range.max <= 0) return { top: 10, bottom: 0.1 };
    const lo = range.min > 0 ? range.min : range.max / 10;
    const f = Math.max((range.max / lo) ** 0.06, 1.05);
    return { top: range.max * f, bottom: lo / f };
  }
  if (range === null) return { top: 1, bottom: -1 };
  const span = range.max - range.min || Math.abs(range.max) || 1;
  return { top: range.max + span * 0.06, bottom: range.min - span * 0.06 };
}

const MARKER_SYMBOL: Record<NonFiniteKind, { symbol: string; rotate: number }> = {
  nan: { symbol: 'diamond', rotate: 0 },
  inf: { symbol: 'triangle', rotate: 0 },
  '-inf': { symbol: 'triangle', rotate: 180 },
};

type Series = LineSeriesOption | ScatterSeriesOption | CustomSeriesOption;

/**
 * Where a finding's step lies on this series' x axis: the step itself on the step axis, otherwise the x of the first
 * point at or after it (null when the series never gets there, so the mark is left out rather than misplaced).
 */
export function stepToX(s: { readonly steps: ArrayLike<number>; readonly x?: ArrayLike<number> | undefined }): (step: number) => number | null {
  if (!s.x) return (step) => step;
  const xs = s.x;
  return (step) => {
    let best = -1;
    for (let i = 0; i < s.steps.length; i++) {
      const st = s.steps[i] as number;
      if (st >= step && (best < 0 || st < (s.steps[best] as number))) best = i;
    }
    return best < 0 ? null : (xs[best] ?? null);
  };
}

/** A dashed line where each restart begins (kept, never purged), labelled with where it went back from. */
function restartMarks(s: RunSeries, colors: ChartColors): NonNullable<MarkLineComponentOption['data']> {
  if (s.x || !s.restarts) return [];
  return s.restarts.map((r) => ({
    name: `Restart: back to step ${formatValue(r.step)} from step ${formatValue(r.fromStep)} (both stretches kept)`,
    xAxis: r.step,
    lineStyle: { color: colors.axis, type: 'dotted', width: 1.2 },
    label: { formatter: '↩ restart', color: colors.text, position: 'insideEndBottom' },
  }));
}

function withRestarts(marks: FindingMarks | null, restarts: NonNullable<MarkLineComponentOption['data']>): Partial<FindingMarks> {
  if (restarts.length === 0) return marks ?? {};
  const base = marks?.markLine ?? { symbol: 'none', animation: false, silent: false, tooltip: { formatter: markTooltip }, data: [] };
  return { ...(marks ?? {}), markLine: { ...base, data: [...(base.data ?? []), ...restarts] } };
}

/** Above this many runs a chart draws thinner lines. */
export const DENSE_RUNS = 12;

/**
 * A run's line width: 1.5 px, or 1 px when more than DENSE_RUNS runs share the chart. Dozens of overlapping thick lines
 * merge into one mass, and a 1-px line rasterises as a hairline, far cheaper in software rendering (bench
 * `chart-frame`: 50 runs).
 */
export function lineWidthFor(runs: number): number {
  return runs > DENSE_RUNS ? 1 : 1.5;
}

/**
 * A line's points in the option: the typed array with the dimensions that read it. ECharts' option types list only
 * item arrays for `data`, though its line series reads typed arrays (the dimensions say how many numbers an item is).
 */
function lineData(points: Float64Array): Pick<LineSeriesOption, 'data' | 'dimensions' | 'encode'> {
  return { data: points as unknown as LineSeriesOption['data'], dimensions: LINE_DIMENSIONS, encode: { x: 0, y: 1 } };
}

function runSeries(s: RunSeries, run: CurveRun, levels: { top: number; bottom: number }, colors: ChartColors, logY: boolean, marks: FindingMarks | null, lineWidth: number): Series[] {
  const out: Series[] = [];
  const color = run.color;
  const xs = seriesX(s);
  const starts = s.segmentStarts ?? [];
  // A log axis cannot place 0 or negatives: they become gaps rather than breaking the axis.
  const y = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) || (logY && v <= 0) ? null : v);
  const line = linePoints(xs, s.values, y, starts);
  const smoothed = s.smoothed;
  if (smoothed) {
    // Smoothed in front, the raw points faintly behind it (TensorBoard's convention), so the smoothing hides nothing.
    out.push({
      id: `raw:${s.runId}`,
      name: run.name,
      type: 'line',
      ...lineData(line),
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: 1, color, opacity: 0.3 },
      itemStyle: { color },
      emphasis: { disabled: true },
      silent: true,
      z: 2,
    });
  }
  const lineMarks = withRestarts(marks, restartMarks(s, colors));
  out.push({
    id: `line:${s.runId}`,
    name: run.name,
    type: 'line',
    // Without marks to click, the line needs no hit areas: building them was most of a 50-run frame (bench
    // `chart-frame`). The crosshair and tooltip follow the axis, not the line.
    silent: Object.keys(lineMarks).length === 0,
    ...lineData(smoothed ? linePoints(xs, smoothed, y, starts) : line),
    showSymbol: !smoothed && s.mode === 'raw' && xs.length <= 60,
    symbol: 'circle',
    symbolSize: 4,
    // The smoothed line bridges NaN gaps, but never a restart.
    connectNulls: Boolean(smoothed) && starts.length === 0,
    lineStyle: { width: lineWidth, color },
    itemStyle: { color },
    emphasis: { disabled: true },
    z: 3,
    ...lineMarks,
  });
  if (s.mode === 'buckets') {
    const band = bandSeries(`band:${s.runId}`, run.name, color, bandRings(xs, s.min, s.max, y, starts), logY);
    if (band) out.push(band);
  }
  if (s.nonFinite.length > 0) {
    out.push({
      id: `nonfinite:${s.runId}`,
      name: run.name,
      type: 'scatter',
      symbolSize: 10,
      itemStyle: { color, borderColor: colors.markerOutline, borderWidth: 1.2 },
      data: s.nonFinite.map((p) => ({
        name: p.kind,
        value: [nonFiniteX(p), p.kind === '-inf' ? levels.bottom : levels.top],
        symbol: MARKER_SYMBOL[p.kind].symbol,
        symbolRotate: MARKER_SYMBOL[p.kind].rotate,
      })),
      emphasis: { disabled: true },
      z: 5,
    });
  }
  return out;
}

export function buildCurveOption(input: CurveOptionInput): CurveOption {
  const { colors, print = false, logY = false } = input;
  const xAxis = input.x ?? STEP_X;
  const clip = input.clipOutliers ? clipRange(input.series, input.zoom, logY) : null;
  const levels = markerLevels(clip ?? valueRange(input.series), logY);
  // A clipped axis is fixed, so it must leave room for the NaN/Inf markers drawn just outside the data.
  const hasMarkers = input.series.some((s) => s.nonFinite.length > 0);
  const yFixed = clip === null ? null : hasMarkers ? padRange({ min: levels.bottom, max: levels.top }, 0.03, logY) : padRange(clip, 0.05, logY);
  const series: Series[] = [];
  const agg = input.aggregates;
  // Grouped with runs hidden: only the group lines are drawn; the runs still set the axes' ranges.
  const lineWidth = lineWidthFor(input.series.length);
  for (const s of agg?.hideRuns ? [] : input.series) {
    const run = input.runs.get(s.runId) ?? { id: s.runId, name: s.runId, color: '#888888' };
    const runFindings = input.findings?.get(s.runId) ?? [];
    const marks = runFindings.length > 0 ? findingMarks(input.metric, runFindings, { toX: stepToX(s), runId: s.runId }) : null;
    series.push(...runSeries(s, run, levels, colors, logY, marks, lineWidth));
  }
  if (agg) series.push(...aggregateSeries(agg.lines, logY));
  const notes = xAxis.kind === 'step' ? noteSeries(input.notes ?? [], colors, (id) => input.runs.get(id)?.name ?? id) : null;
  if (notes) series.push(notes);
  if (input.focus && xAxis.kind === 'step') series.push(focusSeries(input.focus, colors));
  const xLabel = (v: number) => formatXShort(xAxis, v);
  const x = curveExtent(input.extent, input.series);
  // Explicit 0–100 % when not zoomed, so resetting the zoom also resets a window the user dragged.
  const zoomWindow = input.zoom ? { startValue: input.zoom.min, endValue: input.zoom.max } : { start: 0, end: 100 };
  const dataZoom: DataZoomComponentOption[] = print
    ? []
    : [
        { type: 'inside', id: 'zoom-inside', xAxisIndex: 0, filterMode: 'none', ...zoomWindow },
        { type: 'slider', id: 'zoom-slider', xAxisIndex: 0, filterMode: 'none', height: 16, bottom: 10, showDataShadow: false, labelFormatter: xLabel, ...zoomWindow },
      ];
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    grid: { left: CURVE_GRID.left, right: CURVE_GRID.right, top: CURVE_GRID.top, bottom: print ? CURVE_GRID.bottomPrint : CURVE_GRID.bottom, containLabel: false },
    xAxis: {
      type: 'value',
      name: xAxisLabel(xAxis),
      nameLocation: 'end',
      nameGap: 6,
      nameTextStyle: { color: colors.text, align: 'right', verticalAlign: 'top', padding: [18, 0, 0, 0] },
      ...(x ? { min: x.min, max: x.max } : {}),
      axisLine: { lineStyle: { color: colors.axis } },
      axisTick: { lineStyle: { color: colors.axis } },
      axisLabel: { color: colors.text, hideOverlap: true, formatter: xLabel },
      splitLine: { lineStyle: { color: colors.split } },
    },
    yAxis: {
      type: logY ? 'log' : 'value',
      scale: true,
      // Clipped: the axis ends at the percentiles and spikes leave the plot (the lines are cut at its edge).
      ...(yFixed ? { min: yFixed.min, max: yFixed.max } : {}),
      axisLine: { show: false },
      // A clipped axis ends at unround values: label only its round ticks.
      axisLabel: { color: colors.text, formatter: (v: number) => formatValue(v), ...(yFixed ? { showMinLabel: false, showMaxLabel: false } : {}) },
      splitLine: { lineStyle: { color: colors.split } },
    },
    tooltip: {
      show: !print,
      trigger: 'axis',
      axisPointer: { type: 'line', snap: true },
      ...tooltipStyle(colors),
      formatter: agg ? groupedTooltipFormatter(input, agg, xAxis) : curveTooltipFormatter(input.metric, input.series, input.runs, xAxis),
    },
    dataZoom,
    series,
  };
}

/** Findings drawn on this metric's chart, over all runs (for the chart's caption and test hooks). */
export function findingCountFor(metric: string, findings: ReadonlyMap<string, readonly Finding[]> | undefined): number {
  let n = 0;
  for (const list of findings?.values() ?? []) n += findingsForMetric(metric, list).length;
  return n;
}

/** The tooltip with groups: each group's mean and band at the cursor, then (when shown) every run's own reading. */
function groupedTooltipFormatter(input: CurveOptionInput, agg: NonNullable<CurveOptionInput['aggregates']>, xAxis: XAxis): (params: unknown) => string {
  const runs = curveTooltipFormatter(input.metric, input.series, input.runs, xAxis);
  return (params) => {
    const first: unknown = Array.isArray(params) ? params[0] : params;
    const raw = typeof first === 'object' && first !== null && 'axisValue' in first ? first.axisValue : undefined;
    const x = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(x)) return '';
    const groups = groupTooltipHtml(groupReadingsAt(x, agg.lines), agg.band);
    if (!agg.hideRuns) {
      const html = runs(params);
      // The runs' block starts with the heading line; the groups go right under it.
      const cut = html.indexOf('</div>') + '</div>'.length;
      return html.slice(0, cut) + groups + html.slice(cut);
    }
    const head = `<div style="font-weight:600;margin-bottom:2px">${escapeHtml(input.metric)} · ${escapeHtml(formatXFull(xAxis, x))}</div>`;
    return head + (groups === '' ? '<div style="opacity:.7">no group has a point here</div>' : groups);
  };
}
