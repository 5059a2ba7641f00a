import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EChart } from '../../charts/EChart';
import type { CurveRun } from '../../charts/options/curves';
import { DARK_COLORS, LIGHT_COLORS, bucketsForWidth, buildCurveOption, curveExtent, drawnRunCount, pointCount } from '../../charts/options/curves';
import { plural } from '../../components/format';
import { useSeries } from '../../data/queries';
import { useApp } from '../../state/store';
import type { StepWindow } from '../../state/view-slice';
import type { MetricInfo } from './metric-model';
import { Debouncer, queryWindow, zoomWindowFromEvent } from './zoom';

/** Quiet time after the last zoom event before the visible window is re-queried at full resolution. */
const ZOOM_SETTLE_MS = 250;
/** Width changes smaller than this do not re-query (window resizes fire many). */
const WIDTH_STEP_PX = 40;

export interface CurveChartProps {
  readonly metric: MetricInfo;
  /** The plotted runs that log this metric, in drawing order. */
  readonly runs: readonly CurveRun[];
  readonly isDark: boolean;
}

/**
 * One metric's chart. Asks the host for one bucket per pixel of the plot; after a zoom settles, asks again for the
 * visible window only, so zooming in reveals every point. The previous answer stays on screen while a new one loads.
 */
export function CurveChart({ metric, runs, isDark }: CurveChartProps) {
  const zoom = useApp((s) => s.zoomByChart[metric.name]) ?? null;
  const setZoom = useApp((s) => s.setZoom);
  const [width, setWidth] = useState<number | null>(null);
  const buckets = width === null || width <= 0 ? null : bucketsForWidth(width);
  const runIds = useMemo(() => runs.map((r) => r.id), [runs]);
  const smoothing = useApp((s) => s.smoothing);
  const fetchWindow = zoom && buckets !== null ? queryWindow(zoom, buckets) : null;
  const q = useSeries(buckets === null ? null : { metric: metric.name, runIds, buckets, stepMin: fetchWindow?.stepMin ?? null, stepMax: fetchWindow?.stepMax ?? null, smoothing });

  // The last answer stays on screen while the next one (a new zoom, a new width) loads (keepPrevious).
  const bundle = q.data ?? null;
  const series = useMemo(() => {
    const wanted = new Set(runIds);
    return (bundle?.series ?? []).filter((s) => wanted.has(s.runId)).sort((a, b) => runIds.indexOf(a.runId) - runIds.indexOf(b.runId));
  }, [bundle, runIds]);

  const runMap = useMemo(() => new Map(runs.map((r) => [r.id, r])), [runs]);
  const option = useMemo(
    () => buildCurveOption({ metric: metric.name, series, runs: runMap, extent: metric.extent, zoom, colors: isDark ? DARK_COLORS : LIGHT_COLORS }),
    [metric.name, metric.extent, series, runMap, zoom, isDark],
  );

  // The x range the chart is drawn over: what zoom percentages are relative to.
  const axis = useRef<StepWindow | null>(null);
  axis.current = curveExtent(metric.extent, series);
  const debouncer = useMemo(() => new Debouncer(ZOOM_SETTLE_MS), []);
  useEffect(() => () => debouncer.cancel(), [debouncer]);
  const onDataZoom = useCallback(
    (event: unknown) => {
      const w = zoomWindowFromEvent(event, axis.current);
      if (w === null) return;
      debouncer.push(() => setZoom(metric.name, w === 'all' ? null : w));
    },
    [debouncer, metric.name, setZoom],
  );
  const onWidth = useCallback((px: number) => setWidth((w) => (w === null || Math.abs(w - px) >= WIDTH_STEP_PX ? px : w)), []);

  const isDownsampled = series.some((s) => s.mode === 'buckets');
  const nonFinite = series.reduce((a, s) => a + s.nonFinite.length, 0);
  const isLoading = q.isFetching || bundle === null;
  return (
    <figure
      className="curve"
      data-testid="curves.chart"
      data-metric={metric.name}
      data-series-count={drawnRunCount(series)}
      data-point-count={pointCount(series)}
      data-mode={isDownsampled ? 'buckets' : 'raw'}
      aria-busy={isLoading}
    >
      <figcaption>
        <span className="metric" title={metric.name}>
          {metric.name}
        </span>
        <span className="muted small">{plural(runs.length, 'run')}</span>
        {isDownsampled && (
          <span className="muted small" title="More points than pixels: each pixel shows its last value, the band its min and max. Zoom in for every point.">
            downsampled · min/max band
          </span>
        )}
        {nonFinite > 0 && <span className="nonfinite-flag">{plural(nonFinite, 'NaN/Inf point')}</span>}
        {zoom && (
          <button type="button" className="link" onClick={() => setZoom(metric.name, null)}>
            Reset zoom
          </button>
        )}
        {q.error && <span className="error-text">{q.error.message}</span>}
      </figcaption>
      <EChart option={option} label={`${metric.name}: ${plural(runs.length, 'run')}`} onDataZoom={onDataZoom} onWidth={onWidth} />
    </figure>
  );
}
