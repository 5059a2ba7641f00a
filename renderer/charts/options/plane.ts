import type { EChartsCoreOption } from 'echarts/core';
import type { AxisScore, PlanePoint } from '../../../shared/domain/compare';
import { escapeHtml, safeColor } from '../escape';
import type { ChartColors } from './curves';
import { tooltipStyle } from './curves';

/**
 * The safety–reasoning plane (analyses.md §2.3 A) as an ECharts option: x = Δ reasoning, y = Δ safety, both in
 * baseline standard errors with positive = better, one dot per candidate run with its 95 % interval as whiskers.
 * Pure data in, option out, so the screen, the PDF and the tests all see the same thing.
 */

export interface PlaneRun {
  readonly name: string;
  readonly color: string;
  readonly method: string | null;
}

export interface PlaneOptionInput {
  /** One per candidate (non-baseline) run. */
  readonly points: readonly PlanePoint[];
  /** By runId. */
  readonly runs: ReadonlyMap<string, PlaneRun>;
  readonly baselineName: string;
  readonly colors: ChartColors;
  /** Print mode (PDF): no animation, no tooltip. */
  readonly print?: boolean;
}

export const PLANE_X_NAME = 'Δ reasoning (baseline SEs)';
export const PLANE_Y_NAME = 'Δ safety (baseline SEs)';

/** Plot margins in px: room for the axis names, which sit outside the plot. */
export const PLANE_GRID = { left: 64, right: 24, top: 30, bottom: 48 } as const;

/**
 * The quadrants, with the corner their label sits in. x is reasoning and y is safety, so top-left (safer, weaker
 * reasoning) is the alignment tax and bottom-right the reverse.
 */
export const PLANE_QUADRANTS = [
  { key: 'both-better', text: 'Both better', xSign: 1, ySign: 1, position: 'insideTopRight' },
  { key: 'alignment-tax', text: 'Alignment tax (safer, weaker reasoning)', xSign: -1, ySign: 1, position: 'insideTopLeft' },
  { key: 'reverse-tax', text: 'Reverse tax (stronger reasoning, less safe)', xSign: 1, ySign: -1, position: 'insideBottomRight' },
  { key: 'both-worse', text: 'Both worse', xSign: -1, ySign: -1, position: 'insideBottomLeft' },
] as const;

/** A point that can be placed: both scores known and finite. */
export interface PlacedPoint {
  readonly point: PlanePoint;
  readonly x: number;
  readonly y: number;
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

/** The points with a score on both axes, in input order; the others cannot be drawn and are left out. */
export function placedPoints(points: readonly PlanePoint[]): PlacedPoint[] {
  const out: PlacedPoint[] = [];
  for (const p of points) {
    const x = p.reasoning.score;
    const y = p.safety.score;
    if (finite(x) && finite(y)) out.push({ point: p, x, y });
  }
  return out;
}

/** A whisker's two ends, or null when either end of the interval is unknown. */
export function whiskerEnds(axis: AxisScore): [number, number] | null {
  return finite(axis.low) && finite(axis.high) ? [axis.low, axis.high] : null;
}

/**
 * Half-width of both axes: the largest |value| over the drawn dots and their whisker ends, with 15 % headroom, and
 * never under 1 SE. Both axes share it so the plane stays symmetric around the baseline and the diagonals mean something.
 */
export function planeExtent(points: readonly PlanePoint[]): number {
  let m = 0;
  for (const { point, x, y } of placedPoints(points)) {
    m = Math.max(m, Math.abs(x), Math.abs(y));
    for (const ends of [whiskerEnds(point.reasoning), whiskerEnds(point.safety)]) {
      if (ends) m = Math.max(m, Math.abs(ends[0]), Math.abs(ends[1]));
    }
  }
  return Math.max(1, m * 1.15);
}

/** A run's label on the plane: its name, with its method when known. */
export function planeSeriesName(run: PlaneRun): string {
  return run.method ? `${run.name} (${run.method})` : run.name;
}

function fmt(v: number): string {
  const s = v.toFixed(2);
  return v > 0 ? `+${s}` : s;
}

function axisLine(label: string, a: AxisScore): string {
  const score = a.score === null ? 'n/a' : fmt(a.score);
  const ends = whiskerEnds(a);
  const interval = ends ? ` [${fmt(ends[0])}, ${fmt(ends[1])}]` : ' (no interval)';
  return `<div>${escapeHtml(label)}: <b>${score}</b>${interval} SE</div>`;
}

/** The tooltip of one dot, as HTML; every string from the data is escaped. */
export function planeTooltipHtml(name: string, color: string, p: PlanePoint): string {
  const swatch = `<span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${safeColor(color)};margin-right:6px"></span>`;
  return (
    `<div style="font-weight:600;margin-bottom:2px">${swatch}${escapeHtml(name)}</div>` +
    axisLine('Δ reasoning', p.reasoning) +
    axisLine('Δ safety', p.safety) +
    `<div style="margin-top:2px;opacity:.8">${escapeHtml(p.quadrantLabel)}</div>`
  );
}

function axis(name: string, ext: number, colors: ChartColors, isX: boolean): Record<string, unknown> {
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: isX ? 28 : 42,
    nameTextStyle: { color: colors.text },
    min: -ext,
    max: ext,
    // The zero lines are drawn as dashed mark lines; an axis line on zero would drag its labels into the plot.
    axisLine: { onZero: false, lineStyle: { color: colors.axis } },
    axisTick: { lineStyle: { color: colors.axis } },
    // The ends are unround (data × 1.15): only the round ticks are labelled.
    axisLabel: { color: colors.text, showMinLabel: false, showMaxLabel: false, formatter: (v: number) => String(Number(v.toFixed(2))) },
    splitLine: { lineStyle: { color: colors.split } },
  };
}

export function buildPlaneOption(input: PlaneOptionInput): EChartsCoreOption {
  const { colors, print = false } = input;
  const ext = planeExtent(input.points);
  const series: Record<string, unknown>[] = [];

  // The baseline: a hollow marker at the origin, carrying the dashed zero lines and the quadrant labels.
  series.push({
    id: 'baseline',
    name: input.baselineName,
    type: 'scatter',
    data: [{ name: input.baselineName, value: [0, 0] }],
    symbol: 'circle',
    symbolSize: 12,
    itemStyle: { color: 'transparent', borderColor: colors.text, borderWidth: 1.5 },
    // A function, not a template: a name with `{a}` in it must show as typed.
    label: { show: true, position: 'right', color: colors.text, formatter: () => input.baselineName },
    silent: true,
    tooltip: { show: false },
    z: 4,
    markLine: {
      symbol: 'none',
      silent: true,
      animation: false,
      label: { show: false },
      lineStyle: { color: colors.axis, type: 'dashed', width: 1 },
      data: [{ xAxis: 0 }, { yAxis: 0 }],
    },
    markArea: {
      silent: true,
      animation: false,
      itemStyle: { color: 'transparent' },
      data: PLANE_QUADRANTS.map((q) => [
        {
          name: q.text,
          coord: [0, 0],
          label: { show: true, position: q.position, formatter: q.text, color: colors.axis, fontSize: 11 },
        },
        { coord: [q.xSign * ext, q.ySign * ext] },
      ]),
    },
  });

  for (const { point, x, y } of placedPoints(input.points)) {
    const run = input.runs.get(point.runId) ?? { name: point.runId, color: '#888888', method: null };
    const name = planeSeriesName(run);
    const whisker = (kind: 'x' | 'y', data: [number, number][]) => ({
      id: `whisker-${kind}:${point.runId}`,
      name,
      type: 'line',
      data,
      symbol: 'none',
      lineStyle: { color: run.color, width: 1.5, opacity: 0.75 },
      silent: true,
      tooltip: { show: false },
      emphasis: { disabled: true },
      z: 2,
    });
    // One two-point line per whisker: draws as one SVG path each, and needs no custom series.
    const rx = whiskerEnds(point.reasoning);
    if (rx) series.push(whisker('x', [[rx[0], y], [rx[1], y]]));
    const sy = whiskerEnds(point.safety);
    if (sy) series.push(whisker('y', [[x, sy[0]], [x, sy[1]]]));
    const html = planeTooltipHtml(name, run.color, point);
    series.push({
      id: `dot:${point.runId}`,
      name,
      type: 'scatter',
      data: [{ name: point.runId, value: [x, y] }],
      symbol: 'circle',
      symbolSize: 10,
      itemStyle: { color: run.color, borderColor: colors.markerOutline, borderWidth: 0.8 },
      emphasis: { scale: 1.3 },
      ...(print ? {} : { tooltip: { formatter: () => html } }),
      z: 5,
    });
  }

  return {
    animation: !print,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    grid: { ...PLANE_GRID, containLabel: false },
    xAxis: axis(PLANE_X_NAME, ext, colors, true),
    yAxis: axis(PLANE_Y_NAME, ext, colors, false),
    ...(print
      ? {}
      : {
          tooltip: {
            trigger: 'item',
            ...tooltipStyle(colors),
          },
        }),
    series,
  };
}
