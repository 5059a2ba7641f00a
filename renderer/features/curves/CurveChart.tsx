import type { ECharts } from 'echarts/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SeriesBundle } from '../../../shared/domain/series';
import { EChart } from '../../charts/EChart';
import type { CurveRun } from '../../charts/options/curves';
import { buildCurveOption, pointCount } from '../../charts/options/curves';
import { useHost } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import { useApp } from '../../state/store';
import type { MetricInfo } from './metric-model';

const ZOOM_SETTLE_MS = 150;

/** One metric's chart: queries the visible step window at the chart's pixel width, re-queries when zoom settles. */
export function CurveChart({ metric, runs, dark }: { metric: MetricInfo; runs: ReadonlyMap<string, CurveRun>; dark: boolean }) {
  const { transport, cache } = useHost();
  const zoom = useApp((s) => s.zoom[metric.name]);
  const setZoom = useApp((s) => s.setZoom);
  const [width, setWidth] = useState(800);
  const runIds = useMemo(() => [...runs.keys()], [runs]);
  const buckets = Math.max(100, Math.min(4000, Math.round(width)));
  const key = `series:${metric.name}:${runIds.join(',')}:${buckets}:${zoom ? `${zoom.min}-${zoom.max}` : 'all'}`;
  const q = useQuery<SeriesBundle>(cache, runIds.length > 0 ? key : null, () =>
    transport.call('series:query', { runIds, metric: metric.name, buckets, stepMin: zoom?.min ?? null, stepMax: zoom?.max ?? null }),
  );
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onDataZoom = useCallback(
    (c: ECharts) => {
      const dz = (c.getOption() as { dataZoom?: { startValue?: number; endValue?: number }[] }).dataZoom?.[0];
      if (!dz || dz.startValue === undefined || dz.endValue === undefined) return;
      const full = metric.extent;
      const isAll = full !== null && dz.startValue <= full.min && dz.endValue >= full.max;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setZoom(metric.name, isAll ? undefined : { min: dz.startValue as number, max: dz.endValue as number }), ZOOM_SETTLE_MS);
    },
    [metric, setZoom],
  );
  const series = q.data?.series ?? [];
  const option = useMemo(
    () => buildCurveOption({ metric: metric.name, series, runs, extent: metric.extent, zoom, dark }),
    [metric, series, runs, zoom, dark],
  );
  const widthSetter = useCallback((px: number) => setWidth((w) => (Math.abs(w - px) > 50 ? px : w)), []);
  return (
    <figure className="curve" data-testid="curves.chart" data-metric={metric.name} data-series-count={series.length} data-point-count={pointCount(series)}>
      <figcaption>
        <span className="metric">{metric.name}</span>
        {series.some((s) => s.mode === 'buckets') && <span className="note">downsampled per pixel (min/max band)</span>}
        {zoom && (
          <button type="button" onClick={() => setZoom(metric.name, undefined)}>
            Reset zoom
          </button>
        )}
        {q.error && <span className="error">{q.error.message}</span>}
      </figcaption>
      <EChart option={option} onDataZoom={onDataZoom} onWidth={widthSetter} />
    </figure>
  );
}
