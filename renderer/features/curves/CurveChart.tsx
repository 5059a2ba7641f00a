import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EChart } from '../../charts/EChart';
import type { CurveRun, StepRange } from '../../charts/options/curves';
import { DARK_COLORS, LIGHT_COLORS, bucketsForWidth, buildCurveOption, curveExtent, drawnRunCount, findingCountFor, pointCount } from '../../charts/options/curves';
import { plural } from '../../components/format';
import { STEP_X } from '../../../shared/domain/series';
import { xAxisKey, xAxisLabel } from '../../../shared/domain/x-axis';
import { notesForChart } from '../../charts/options/note-marks';
import { failureLogMarks, markLogRef } from '../../charts/options/finding-marks';
import type { ChartPin } from '../../charts/EChart';
import { useAnnotations, useAggregate, useFindings, useSeries } from '../../data/queries';
import type { AggregateLine, BandKind } from '../../charts/options/aggregate-lines';
import { drawnGroupCount } from '../../charts/options/aggregate-lines';
import { appStore, useApp } from '../../state/store';
import type { StepWindow } from '../../state/view-slice';
import { useNoteActions } from '../notes/use-note-actions';
import { ChartExport } from './ChartExport';
import type { NoteDraft } from './ChartNotes';
import { ChartNotes } from './ChartNotes';
import type { MetricInfo } from './metric-model';
import { PinButton } from './PinButton';
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
  /** Groups of runs to draw as mean lines with bands (CurvesView passes it on the step axis only). */
  readonly grouping?: ChartGrouping;
}

export interface ChartGrouping {
  readonly groups: readonly { readonly name: string; readonly color: string; readonly runIds: readonly string[] }[];
  readonly band: BandKind;
  readonly showRuns: boolean;
}

/** Buckets for a group line: fewer than pixels, so each bucket holds a point from every run and the band stays smooth. */
export function groupBuckets(buckets: number): number {
  return Math.max(16, Math.min(400, Math.floor(buckets / 3)));
}

/**
 * One metric's chart. Asks the host for one bucket per pixel of the plot; after a zoom settles, asks again for the
 * visible window only, so zooming in reveals every point. The previous answer stays on screen while a new one loads.
 */
export function CurveChart({ metric, runs, isDark, grouping }: CurveChartProps) {
  const ownZoom = useApp((s) => s.zoomByChart[metric.name]) ?? null;
  const focus = useApp((s) => s.stepFocus);
  // A checkpoint opened from Review: charts the user has not zoomed show the window around it.
  const zoom = ownZoom ?? focus?.window ?? null;
  const setZoom = useApp((s) => s.setZoom);
  const [width, setWidth] = useState<number | null>(null);
  const buckets = width === null || width <= 0 ? null : bucketsForWidth(width);
  const runIds = useMemo(() => runs.map((r) => r.id), [runs]);
  const smoothing = useApp((s) => s.smoothing);
  const xAxis = useApp((s) => s.xAxis);
  const logY = useApp((s) => s.logY);
  const clipOutliers = useApp((s) => s.clipOutliers);
  const xKey = xAxisKey(xAxis);
  const fetchWindow = zoom && buckets !== null ? queryWindow(zoom, buckets) : null;
  const q = useSeries(buckets === null ? null : { metric: metric.name, runIds, buckets, stepMin: fetchWindow?.stepMin ?? null, stepMax: fetchWindow?.stepMax ?? null, smoothing, x: xAxis });

  // The last answer stays on screen while the next one (a new zoom, a new width) loads (keepPrevious), unless it was
  // on another x axis: steps drawn under a wall-time axis would be nonsense.
  const bundle = q.data && xAxisKey(q.data.x ?? STEP_X) === xKey ? q.data : null;
  const series = useMemo(() => {
    const wanted = new Set(runIds);
    return (bundle?.series ?? []).filter((s) => wanted.has(s.runId)).sort((a, b) => runIds.indexOf(a.runId) - runIds.indexOf(b.runId));
  }, [bundle, runIds]);

  // Each group keeps only the runs that log this metric; a group left empty is not asked for.
  const chartGroups = useMemo(() => {
    if (!grouping || xAxis.kind !== 'step') return [];
    const has = new Set(runIds);
    return grouping.groups.map((g) => ({ ...g, runIds: g.runIds.filter((id) => has.has(id)) })).filter((g) => g.runIds.length > 0);
  }, [grouping, runIds, xAxis.kind]);
  const band = grouping?.band ?? 'ci95';
  const aggQ = useAggregate(
    chartGroups.length === 0 || buckets === null
      ? null
      : { metric: metric.name, groups: chartGroups.map((g) => ({ name: g.name, runIds: [...g.runIds] })), buckets: groupBuckets(buckets), stepMin: fetchWindow?.stepMin ?? null, stepMax: fetchWindow?.stepMax ?? null, band },
  );
  const groupLines = useMemo((): AggregateLine[] | null => {
    if (chartGroups.length === 0 || !aggQ.data) return null;
    const colorOf = new Map(chartGroups.map((g) => [g.name, g.color]));
    return aggQ.data.groups.filter((g) => colorOf.has(g.name)).map((g) => ({ ...g, color: colorOf.get(g.name) ?? '#888888' }));
  }, [chartGroups, aggQ.data]);
  const aggregates = useMemo(() => (groupLines === null ? undefined : { lines: groupLines, band, hideRuns: !(grouping?.showRuns ?? false) }), [groupLines, band, grouping?.showRuns]);

  const runMap = useMemo(() => new Map(runs.map((r) => [r.id, r])), [runs]);
  // Same query as the findings panel (one cache entry): the chart marks where each finding is.
  const findingsQ = useFindings(runIds);
  const findings = useMemo(() => new Map((findingsQ.data ?? []).map((r) => [r.runId, r.findings])), [findingsQ.data]);
  const findingCount = findingCountFor(metric.name, findings);
  // Failures from the logs as buttons on the plot (step axis: a log line's step has no wall-time or token x).
  const pins = useMemo(
    (): ChartPin[] =>
      xAxis.kind !== 'step'
        ? []
        : failureLogMarks(metric.name, findings).map((m) => ({ key: m.key, x: m.step, label: '⚠', title: `${m.title} (open the log)`, severity: m.severity, onClick: () => appStore.getState().openLog(m.log) })),
    [metric.name, findings, xAxis.kind],
  );
  // Off the step axis the metric's step extent says nothing; the full x range is the last unzoomed answer's.
  const fullX = useRef<{ key: string; range: StepRange | null }>({ key: '', range: null });
  if (zoom === null && bundle !== null) fullX.current = { key: xKey, range: curveExtent(null, series) };
  const extent = xAxis.kind === 'step' ? metric.extent : fullX.current.key === xKey ? fullX.current.range : null;
  const annotations = useAnnotations();
  const notes = useMemo(() => notesForChart(annotations.data ?? [], metric.name), [annotations.data, metric.name]);
  const option = useMemo(
    () => buildCurveOption({ metric: metric.name, series, runs: runMap, extent, zoom, colors: isDark ? DARK_COLORS : LIGHT_COLORS, x: xAxis, logY, clipOutliers, findings, notes, focus, ...(aggregates ? { aggregates } : {}) }),
    [metric.name, extent, series, runMap, zoom, isDark, xAxis, logY, clipOutliers, findings, notes, focus, aggregates],
  );
  const noteActions = useNoteActions();
  const [draft, setDraft] = useState<NoteDraft | null>(null);
  const [undoable, setUndoable] = useState(false);
  const report = (err: unknown) => appStore.getState().report(err instanceof Error ? err.message : String(err));
  const deleteNote = (id: string) =>
    noteActions
      .remove(id)
      .then(() => setUndoable(true))
      .catch(report);
  const undo = () =>
    noteActions
      .undo()
      .then(() => setUndoable(false))
      .catch(report);
  // Notes are placed in steps: on another x axis a click does not say which step it meant.
  const onPlotClick = useCallback(
    (x: number, shift: boolean) => {
      if (xAxis.kind !== 'step') return;
      const step = Math.round(x);
      setDraft((d) => (d === null ? d : shift ? { ...d, stepEnd: step } : { step, stepEnd: d.stepEnd }));
    },
    [xAxis.kind],
  );

  // The x range the chart is drawn over: what zoom percentages are relative to.
  const axis = useRef<StepWindow | null>(null);
  axis.current = curveExtent(extent, series);
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
  // A failure's mark opens the log at the line behind it.
  const onMarkClick = useCallback((item: unknown) => {
    const ref = markLogRef(item);
    if (ref) appStore.getState().openLog(ref);
  }, []);
  const onWidth = useCallback((px: number) => setWidth((w) => (w === null || Math.abs(w - px) >= WIDTH_STEP_PX ? px : w)), []);

  const isDownsampled = series.some((s) => s.mode === 'buckets');
  const nonFinite = series.reduce((a, s) => a + s.nonFinite.length, 0);
  const missingX = series.reduce((a, s) => a + (s.missingX ?? 0), 0);
  const drawnX = curveExtent(null, series);
  const isLoading = q.isFetching || bundle === null;
  return (
    <figure
      className="curve"
      data-testid="curves.chart"
      data-metric={metric.name}
      data-series-count={drawnRunCount(series)}
      data-point-count={pointCount(series)}
      data-mode={isDownsampled ? 'buckets' : 'raw'}
      data-x-axis={bundle === null ? '' : xKey}
      data-missing-x={missingX}
      data-finding-count={findingCount}
      data-x-min={drawnX?.min ?? ''}
      data-x-max={drawnX?.max ?? ''}
      data-group-count={groupLines === null ? 0 : drawnGroupCount(groupLines)}
      data-note-count={notes.length}
      data-focus-step={focus?.step ?? ''}
      aria-busy={isLoading}
    >
      <figcaption>
        <span className="metric" title={metric.name}>
          {metric.name}
        </span>
        <PinButton metric={metric.name} />
        <span className="muted small">{plural(runs.length, 'run')}</span>
        {isDownsampled && (
          <span className="muted small" title="More points than pixels: each pixel shows its last value, the band its min and max. Zoom in for every point.">
            downsampled · min/max band
          </span>
        )}
        {nonFinite > 0 && <span className="nonfinite-flag">{plural(nonFinite, 'NaN/Inf point')}</span>}
        {missingX > 0 && (
          <span className="muted small" data-testid="curves.missing-x" title={`Points logged before the run had a ${xAxisLabel(xAxis)} value (or without one) cannot be placed on this axis.`}>
            {plural(missingX, 'point')} without {xAxisLabel(xAxis)}
          </span>
        )}
        {zoom && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setZoom(metric.name, null);
              if (ownZoom === null) appStore.getState().clearStepFocus();
            }}
          >
            Reset zoom
          </button>
        )}
        {xAxis.kind === 'step' && (
          <button
            type="button"
            className="link small"
            data-testid="curves.add-note"
            title="Pin a note to a step (click the chart) or a range (Shift+click its end)"
            onClick={() => setDraft((d) => (d ? null : { step: Math.round(((drawnX?.min ?? 0) + (drawnX?.max ?? 0)) / 2), stepEnd: null }))}
          >
            Note
          </button>
        )}
        <ChartExport metric={metric.name} series={series} runs={runMap} extent={extent} zoom={zoom} smoothing={smoothing} x={xAxis} logY={logY} clipOutliers={clipOutliers} findings={findings} notes={notes} />
        {q.error && <span className="error-text">{q.error.message}</span>}
        {aggQ.error && <span className="error-text">{aggQ.error.message}</span>}
      </figcaption>
      <EChart option={option} label={`${metric.name}: ${plural(runs.length, 'run')}`} onDataZoom={onDataZoom} onWidth={onWidth} syncGroup="curves" onPlotClick={onPlotClick} onMarkClick={onMarkClick} pins={pins} />
      <ChartNotes metric={metric.name} notes={notes} runs={runs} draft={draft} onDraft={setDraft} onSave={noteActions.save} onDelete={deleteNote} />
      {undoable && (
        <div className="undo-bar">
          <span className="muted">Note deleted.</span>
          <button type="button" className="link" data-testid="curves.note-undo" onClick={() => void undo()}>
            Undo
          </button>
        </div>
      )}
    </figure>
  );
}
