import type { EChartsCoreOption } from 'echarts/core';
import { useRef, useState } from 'react';
import type { Smoothing } from '../../../shared/analysis/smoothing';
import { describeSmoothing } from '../../../shared/analysis/smoothing';
import type { Finding } from '../../../shared/analysis/findings/types';
import type { RunSeries, XAxis } from '../../../shared/domain/series';
import type { CurveRun, StepRange } from '../../charts/options/curves';
import { CURVE_GRID, LIGHT_COLORS, buildCurveOption } from '../../charts/options/curves';
import type { ChartNote } from '../../charts/options/note-marks';
import { xAxisLabel } from '../../../shared/domain/x-axis';
import { buildChartCsv } from './chart-csv';
import type { ImageSize } from './chart-image';
import { renderPng, renderSvg } from './chart-image';
import { downloadBlob, safeFileName } from './download';

export interface ChartExportProps {
  readonly metric: string;
  /** What the chart shows now (raw points or buckets, the zoomed window when zoomed). */
  readonly series: readonly RunSeries[];
  readonly runs: ReadonlyMap<string, CurveRun>;
  readonly extent: StepRange | null;
  readonly zoom: StepRange | null;
  readonly smoothing: Smoothing;
  /** The chart's axis settings, so the file shows what the screen shows. */
  readonly x?: XAxis;
  readonly logY?: boolean;
  readonly clipOutliers?: boolean;
  readonly findings?: ReadonlyMap<string, readonly Finding[]>;
  readonly notes?: readonly ChartNote[];
}

/** The title and its smoothing subtitle take this much height; the legend starts below them. */
const TITLE_PX = 44;
const LEGEND_ROW_PX = 22;
/** Rough width of one legend entry: icon, gap and ~7 px per character at 12 px. */
const legendEntryPx = (name: string) => 46 + 7 * name.length;

/** How many rows the legend wraps to at this width, so the plot starts below it rather than under it. */
export function legendRows(names: readonly string[], width: number): number {
  let rows = names.length > 0 ? 1 : 0;
  let x = 0;
  for (const n of names) {
    const w = legendEntryPx(n);
    if (x > 0 && x + w > width - 16) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

/** Room above the plot for the title and a legend of `rows` rows. */
const topPx = (rows: number) => TITLE_PX + rows * LEGEND_ROW_PX + 10;
const FALLBACK_SIZE: ImageSize = { width: 800, height: 280 };

/**
 * The figure as a file: the screen's option in print form (no zoom widgets, no tooltip), on white, with the metric
 * and smoothing as its title and the runs as its legend, cut to the zoomed window when the chart is zoomed.
 */
const legendRuns = (p: ChartExportProps): CurveRun[] => p.series.map((s) => p.runs.get(s.runId)).filter((r): r is CurveRun => r !== undefined);

export function figureOption(p: ChartExportProps, width: number): EChartsCoreOption {
  const base = buildCurveOption({
    metric: p.metric,
    series: p.series,
    runs: p.runs,
    extent: p.extent,
    zoom: p.zoom,
    colors: LIGHT_COLORS,
    print: true,
    ...(p.x ? { x: p.x } : {}),
    ...(p.logY !== undefined ? { logY: p.logY } : {}),
    ...(p.clipOutliers !== undefined ? { clipOutliers: p.clipOutliers } : {}),
    ...(p.findings ? { findings: p.findings } : {}),
    ...(p.notes ? { notes: p.notes } : {}),
  });
  const runs = legendRuns(p);
  const xAxis = p.zoom && base.xAxis && !Array.isArray(base.xAxis) ? { ...base.xAxis, min: p.zoom.min, max: p.zoom.max } : base.xAxis;
  const rows = legendRows(runs.map((r) => r.name), width);
  return {
    ...base,
    xAxis,
    backgroundColor: '#ffffff',
    grid: { left: CURVE_GRID.left, right: CURVE_GRID.right, top: topPx(rows), bottom: CURVE_GRID.bottomPrint, containLabel: false },
    title: { text: p.metric, subtext: `smoothing: ${describeSmoothing(p.smoothing)}`, left: 8, top: 4, textStyle: { fontSize: 14, color: LIGHT_COLORS.text }, subtextStyle: { fontSize: 11 } },
    legend: {
      left: 8,
      right: 8,
      top: TITLE_PX,
      itemGap: 12,
      textStyle: { color: LIGHT_COLORS.text, fontSize: 12 },
      data: runs.map((r) => ({ name: r.name, icon: 'roundRect', itemStyle: { color: r.color } })),
    },
  };
}

/** Per-chart Export menu: PNG and SVG of the figure, CSV of the data drawn. */
export function ChartExport(props: ChartExportProps) {
  const menu = useRef<HTMLDetailsElement>(null);
  const [error, setError] = useState<string | null>(null);

  /** The figure and its size: the on-screen chart's, so the file looks like what the user sees, plus the title and legend. */
  const figure = (): { option: EChartsCoreOption; size: ImageSize } => {
    const el = menu.current?.closest('figure')?.querySelector<HTMLElement>('.echart');
    const screen = el && el.clientWidth > 0 && el.clientHeight > 0 ? { width: el.clientWidth, height: el.clientHeight } : FALLBACK_SIZE;
    const option = figureOption(props, screen.width);
    const rows = legendRows(legendRuns(props).map((r) => r.name), screen.width);
    return { option, size: { width: screen.width, height: screen.height - CURVE_GRID.bottom + CURVE_GRID.bottomPrint + topPx(rows) - CURVE_GRID.top } };
  };

  const run = (what: () => Promise<void>) => async () => {
    if (menu.current) menu.current.open = false;
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const png = run(async () => {
    const { option, size } = figure();
    downloadBlob(safeFileName(props.metric, 'png'), await renderPng(option, size));
  });
  const svg = run(async () => {
    const { option, size } = figure();
    downloadBlob(safeFileName(props.metric, 'svg'), new Blob([renderSvg(option, size)], { type: 'image/svg+xml' }));
  });
  const csv = run(async () => {
    const text = buildChartCsv({ metric: props.metric, smoothing: props.smoothing, series: props.series, runName: (id) => props.runs.get(id)?.name ?? id, ...(props.x && props.x.kind !== 'step' ? { xLabel: xAxisLabel(props.x) } : {}) });
    downloadBlob(safeFileName(props.metric, 'csv'), new Blob([text], { type: 'text/csv;charset=utf-8' }));
  });

  const disabled = props.series.length === 0;
  return (
    <>
      <details ref={menu} className="chart-export" data-testid="curves.export" style={{ position: 'relative' }}>
        <summary className="link small">Export</summary>
        <div
          role="menu"
          aria-label={`Export ${props.metric}`}
          style={{ position: 'absolute', zIndex: 10, right: 0, whiteSpace: 'nowrap', display: 'flex', flexDirection: 'column', gap: 2, padding: 4, background: 'var(--raised)', border: '1px solid var(--border)', borderRadius: 6 }}
        >
          <button type="button" role="menuitem" data-testid="curves.export-png" disabled={disabled} onClick={() => void png()} title="Bitmap at twice the screen resolution">
            PNG image
          </button>
          <button type="button" role="menuitem" data-testid="curves.export-svg" disabled={disabled} onClick={() => void svg()} title="Vector figure for papers">
            SVG image
          </button>
          <button type="button" role="menuitem" data-testid="curves.export-csv" disabled={disabled} onClick={() => void csv()} title="The points drawn (raw or downsampled, as shown), with the smoothing used">
            CSV data
          </button>
        </div>
      </details>
      {error && <span className="error-text">{error}</span>}
    </>
  );
}
