import type { RunSeries } from '../../../shared/domain/series';
import { escapeHtml } from '../escape';
import { formatValue } from '../../components/format';

export interface CurveRun {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

export interface CurveOptionInput {
  readonly metric: string;
  readonly series: readonly RunSeries[];
  readonly runs: ReadonlyMap<string, CurveRun>;
  /** Full step extent of the metric, so zooming into a re-queried window can still zoom back out. */
  readonly extent: { readonly min: number; readonly max: number } | null;
  readonly zoom: { readonly min: number; readonly max: number } | undefined;
  readonly dark: boolean;
  /** Print mode: no animation, no interactive zoom widgets (PDF export). */
  readonly print?: boolean;
}

/** Every point drawn, summed over runs (tests and the chart's data-point-count read it). */
export function pointCount(series: readonly RunSeries[]): number {
  return series.reduce((a, s) => a + s.steps.length, 0);
}

type Pair = [number, number | null];

/**
 * The ECharts option of one metric's chart: a line per run (last value per bucket when downsampled), a faint
 * min/max band in bucket mode so spikes inside a bucket stay visible, and markers for NaN/Inf points.
 */
export function buildCurveOption(input: CurveOptionInput): Record<string, unknown> {
  const text = input.dark ? '#c9d1d9' : '#24292f';
  const grid = input.dark ? '#30363d' : '#e5e7eb';
  const series: Record<string, unknown>[] = [];
  let yTop = Number.NEGATIVE_INFINITY;
  for (const s of input.series) {
    for (const v of s.max) if (v !== null && v > yTop) yTop = v;
  }
  for (const s of input.series) {
    const run = input.runs.get(s.runId);
    const name = run?.name ?? s.runId;
    const color = run?.color ?? '#888';
    const line: Pair[] = s.steps.map((x, i) => [x, s.values[i] ?? null]);
    series.push({
      id: `line:${s.runId}`,
      name,
      type: 'line',
      data: line,
      showSymbol: line.length < 60,
      symbolSize: 4,
      sampling: undefined,
      connectNulls: false,
      lineStyle: { width: 1.5, color },
      itemStyle: { color },
      emphasis: { disabled: true },
      animation: false,
    });
    if (s.mode === 'buckets') {
      series.push({
        id: `env-lo:${s.runId}`,
        name: `${name} (min)`,
        type: 'line',
        data: s.steps.map((x, i) => [x, s.min[i] ?? null]),
        stack: `env:${s.runId}`,
        stackStrategy: 'all',
        lineStyle: { opacity: 0 },
        showSymbol: false,
        silent: true,
        tooltip: { show: false },
        animation: false,
      });
      series.push({
        id: `env-hi:${s.runId}`,
        name: `${name} (range)`,
        type: 'line',
        data: s.steps.map((x, i) => {
          const lo = s.min[i];
          const hi = s.max[i];
          return [x, lo === null || hi === null || lo === undefined || hi === undefined ? null : hi - lo];
        }),
        stack: `env:${s.runId}`,
        stackStrategy: 'all',
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.18 },
        showSymbol: false,
        silent: true,
        tooltip: { show: false },
        animation: false,
      });
    }
    if (s.nonFinite.length > 0) {
      series.push({
        id: `nonfinite:${s.runId}`,
        name: `${name} (NaN/Inf)`,
        type: 'scatter',
        symbol: 'triangle',
        symbolSize: 9,
        itemStyle: { color: '#d1242f', borderColor: color, borderWidth: 1 },
        data: s.nonFinite.map((p) => ({ value: [p.step, Number.isFinite(yTop) ? yTop : 0], kind: p.kind })),
        tooltip: { trigger: 'item', formatter: (p: { data: { value: [number, number]; kind: string } }) => `${escapeHtml(name)}: <b>${escapeHtml(p.data.kind.toUpperCase())}</b> at step ${p.data.value[0]}` },
        z: 5,
      });
    }
  }
  const zoom = input.zoom;
  return {
    animation: !input.print,
    backgroundColor: 'transparent',
    textStyle: { color: text },
    grid: { left: 56, right: 24, top: 16, bottom: input.print ? 36 : 64, containLabel: false },
    xAxis: {
      type: 'value',
      name: 'step',
      nameLocation: 'end',
      nameTextStyle: { color: text },
      ...(input.extent ? { min: input.extent.min, max: input.extent.max } : {}),
      axisLine: { lineStyle: { color: grid } },
      axisLabel: { color: text },
      splitLine: { lineStyle: { color: grid } },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLine: { lineStyle: { color: grid } },
      axisLabel: { color: text, formatter: (v: number) => formatValue(v) },
      splitLine: { lineStyle: { color: grid } },
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line', snap: false },
      confine: true,
      formatter: (params: readonly { seriesId?: string; seriesName?: string; color?: string; value?: [number, number | null] }[]) => {
        const rows = params.filter((p) => p.seriesId?.startsWith('line:'));
        const step = rows[0]?.value?.[0];
        const head = step === undefined ? '' : `step ${escapeHtml(String(step))}<br/>`;
        return head + rows.map((p) => `<span style="color:${escapeHtml(p.color ?? '#888')}">●</span> ${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(formatValue(p.value?.[1] ?? null))}</b>`).join('<br/>');
      },
    },
    dataZoom: input.print
      ? []
      : [
          { type: 'inside', xAxisIndex: 0, filterMode: 'none', ...(zoom ? { startValue: zoom.min, endValue: zoom.max } : {}) },
          { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 8, ...(zoom ? { startValue: zoom.min, endValue: zoom.max } : {}) },
        ],
    series,
  };
}
