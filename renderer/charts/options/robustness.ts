import type { EChartsCoreOption } from 'echarts/core';
import type { RobustnessMetric, SweepSeries } from '../../../shared/domain/sweep';
import { escapeHtml, safeColor } from '../escape';
import type { ChartColors } from './curves';
import { tooltipStyle } from './curves';

/**
 * One sweep metric (task × metric × filter) against the edit strength α, as an ECharts option: the metric itself or
 * its oriented drop D(α) vs the reference α (analyses.md §2.3 B), one line per (run, direction) with its 95 % band.
 */

export interface RobustnessRun {
  readonly name: string;
  readonly color: string;
}

export interface RobustnessOptionInput {
  /** One task × metric × filter, series per (run, direction). */
  readonly metric: RobustnessMetric;
  readonly runs: ReadonlyMap<string, RobustnessRun>;
  /** The metric value vs α, or the oriented drop D(α) vs α. */
  readonly show: 'value' | 'drop';
  readonly breakThreshold: number;
  readonly colors: ChartColors;
  /** Print mode (PDF): no animation, no tooltip. */
  readonly print?: boolean;
}

const Z95 = 1.96;

const known = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

export const ROBUSTNESS_GRID = { left: 64, right: 24, top: 20, bottom: 44 } as const;

/** A series' label: method and direction, marked when it is the random-direction control. */
export function sweepSeriesName(s: Pick<SweepSeries, 'method' | 'direction' | 'isControl'>): string {
  return `${s.method} · ${s.direction}${s.isControl ? ' (control)' : ''}`;
}

/** An α as people write it (0.3, not 0.30000000000000004). */
export function formatAlpha(a: number): string {
  return String(Number(a.toPrecision(6)));
}

export function breakLabel(alpha: number): string {
  return `break α=${formatAlpha(alpha)}`;
}

export function thresholdLabel(delta: number): string {
  return `δ = ${formatAlpha(delta)}`;
}

export interface SweepRow {
  readonly alpha: number;
  readonly y: number;
  /** The 95 % band at this α; null where no stderr is known. */
  readonly low: number | null;
  readonly high: number | null;
}

/**
 * The points as drawn, sorted by α. The band is value ± 1.96·stderr for values; for drops the lower edge is the
 * analysis' own `dropLow` (the one the break point uses) and the interval is mirrored above the drop.
 */
export function sweepRows(s: SweepSeries, show: 'value' | 'drop'): SweepRow[] {
  return [...s.points]
    .sort((a, b) => a.alpha - b.alpha)
    .map((p) => {
      if (show === 'value') {
        const se = known(p.stderr);
        return { alpha: p.alpha, y: p.value, low: se === null ? null : p.value - Z95 * se, high: se === null ? null : p.value + Z95 * se };
      }
      const lo = known(p.dropLow);
      return { alpha: p.alpha, y: p.drop, low: lo, high: lo === null ? null : 2 * p.drop - lo };
    });
}

const seriesKey = (s: SweepSeries) => `${s.runId}:${s.direction}`;

function fmt4(v: number): string {
  return v.toFixed(4);
}

/** The axis tooltip at one α: every series with a point there, with its band when known; all names escaped. */
export function robustnessTooltipHtml(input: RobustnessOptionInput, alpha: number): string {
  const head = `<div style="font-weight:600;margin-bottom:2px">${escapeHtml(input.metric.task)} · ${escapeHtml(input.metric.metric)} · α=${escapeHtml(formatAlpha(alpha))}</div>`;
  const lines: string[] = [];
  for (const s of input.metric.series) {
    const row = sweepRows(s, input.show).find((r) => Math.abs(r.alpha - alpha) < 1e-12);
    if (!row) continue;
    const color = safeColor(input.runs.get(s.runId)?.color ?? '#888888');
    const band = row.low !== null && row.high !== null ? ` <span style="opacity:.7">[${fmt4(row.low)}, ${fmt4(row.high)}]</span>` : '';
    lines.push(
      `<div><span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${color};margin-right:6px"></span>` +
        `${escapeHtml(sweepSeriesName(s))}: <b>${fmt4(row.y)}</b>${band}</div>`,
    );
  }
  return head + (lines.length === 0 ? '<div style="opacity:.7">no series has a point here</div>' : lines.join(''));
}

function axisValueOf(params: unknown): number {
  const first: unknown = Array.isArray(params) ? params[0] : params;
  const raw = typeof first === 'object' && first !== null && 'axisValue' in first ? first.axisValue : undefined;
  return typeof raw === 'number' ? raw : Number(raw);
}

export function buildRobustnessOption(input: RobustnessOptionInput): EChartsCoreOption {
  const { colors, print = false, show } = input;
  const series: Record<string, unknown>[] = [];
  let minAlpha = Number.POSITIVE_INFINITY;
  for (const s of input.metric.series) {
    const run = input.runs.get(s.runId) ?? { name: s.runId, color: '#888888' };
    const key = seriesKey(s);
    const name = sweepSeriesName(s);
    const rows = sweepRows(s, show);
    for (const r of rows) minAlpha = Math.min(minAlpha, r.alpha);
    if (rows.some((r) => r.low !== null)) {
      // The band is two stacked lines: the lower edge (invisible) and the width on top of it (filled).
      const band = (part: 'low' | 'width', data: [number, number | null][]) => ({
        id: `band-${part}:${key}`,
        name,
        type: 'line',
        data,
        stack: `band:${key}`,
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { width: 0, opacity: 0 },
        ...(part === 'width' ? { areaStyle: { color: run.color, opacity: s.isControl ? 0.08 : 0.15 } } : {}),
        silent: true,
        tooltip: { show: false },
        emphasis: { disabled: true },
        z: 1,
      });
      series.push(band('low', rows.map((r) => [r.alpha, r.low])));
      series.push(band('width', rows.map((r) => [r.alpha, r.low === null || r.high === null ? null : r.high - r.low])));
    }
    const breakAt = s.breakAlpha;
    series.push({
      id: `line:${key}`,
      name,
      type: 'line',
      data: rows.map((r) => [r.alpha, r.y]),
      symbol: 'circle',
      symbolSize: s.isControl ? 4 : 6,
      lineStyle: { color: run.color, width: s.isControl ? 1.2 : 2, type: s.isControl ? 'dashed' : 'solid' },
      itemStyle: { color: run.color },
      emphasis: { disabled: true },
      z: 3,
      ...(breakAt === null
        ? {}
        : {
            markLine: {
              symbol: 'none',
              silent: true,
              animation: false,
              lineStyle: { color: run.color, type: 'dotted', width: 1.2 },
              data: [{ name: breakLabel(breakAt), xAxis: breakAt, label: { formatter: breakLabel(breakAt), color: colors.text, position: 'insideEndTop' } }],
            },
          }),
    });
  }
  if (show === 'drop') {
    // The threshold rides on a one-point carrier at y = δ, so the y axis always reaches the line it draws.
    const label = thresholdLabel(input.breakThreshold);
    series.push({
      id: 'threshold',
      name: label,
      type: 'line',
      data: Number.isFinite(minAlpha) ? [[minAlpha, input.breakThreshold]] : [],
      symbol: 'none',
      lineStyle: { opacity: 0 },
      silent: true,
      tooltip: { show: false },
      z: 2,
      markLine: {
        symbol: 'none',
        silent: true,
        animation: false,
        lineStyle: { color: colors.axis, type: 'dashed', width: 1 },
        data: [{ name: label, yAxis: input.breakThreshold, label: { formatter: label, color: colors.text, position: 'insideEndTop' } }],
      },
    });
  }
  return {
    animation: !print,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    grid: { ...ROBUSTNESS_GRID, containLabel: false },
    xAxis: {
      type: 'value',
      name: 'α (edit strength)',
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: colors.text },
      scale: true,
      // At the bottom, not on y = 0: a drop axis crosses 0 and the ticks would land inside the plot.
      axisLine: { onZero: false, lineStyle: { color: colors.axis } },
      axisTick: { lineStyle: { color: colors.axis } },
      axisLabel: { color: colors.text, hideOverlap: true },
      splitLine: { lineStyle: { color: colors.split } },
    },
    yAxis: {
      type: 'value',
      name: show === 'drop' ? `drop in ${input.metric.metric} (positive = worse)` : input.metric.metric,
      nameLocation: 'middle',
      nameGap: 48,
      nameTextStyle: { color: colors.text },
      scale: true,
      axisLine: { show: false },
      axisLabel: { color: colors.text },
      splitLine: { lineStyle: { color: colors.split } },
    },
    ...(print
      ? {}
      : {
          tooltip: {
            trigger: 'axis',
            axisPointer: { type: 'line', snap: true },
            ...tooltipStyle(colors),
            formatter: (params: unknown) => {
              const alpha = axisValueOf(params);
              return Number.isFinite(alpha) ? robustnessTooltipHtml(input, alpha) : '';
            },
          },
        }),
    series,
  };
}
