import { useMemo } from 'react';
import { describeSmoothing } from '../../../shared/analysis/smoothing';
import type { RunSummary } from '../../../shared/domain/run';
import type { ReportSection } from '../../../shared/domain/report';
import { xAxisLabel } from '../../../shared/domain/x-axis';
import { buildCurveOption, LIGHT_COLORS } from '../../charts/options/curves';
import type { CurveRun } from '../../charts/options/curves';
import { notesForChart } from '../../charts/options/note-marks';
import { useAnnotations, useSeries } from '../../data/queries';
import { PrintChart } from './PrintChart';
import { useSectionReady } from './use-section-ready';

type CurvesSpec = Extract<ReportSection, { kind: 'curves' }>;
/** Buckets per printed chart: about one per point of the plot's width on an A4 page. */
const PRINT_BUCKETS = 700;

function CurveFigure({ spec, metric, runs, figure, readyKey }: { spec: CurvesSpec; metric: string; runs: readonly CurveRun[]; figure: number; readyKey: string }) {
  const runIds = useMemo(() => runs.map((r) => r.id), [runs]);
  const q = useSeries(runIds.length === 0 ? null : { metric, runIds, buckets: PRINT_BUCKETS, stepMin: null, stepMax: null, smoothing: spec.smoothing, x: spec.x });
  const notes = useAnnotations();
  useSectionReady(readyKey, q.error || notes.error ? 'error' : q.data && notes.data ? 'ready' : 'loading');
  const runMap = useMemo(() => new Map(runs.map((r) => [r.id, r])), [runs]);
  const series = q.data?.series ?? [];
  const option = buildCurveOption({ metric, series, runs: runMap, extent: null, zoom: null, colors: LIGHT_COLORS, print: true, x: spec.x, notes: notesForChart(notes.data ?? [], metric) });
  const drawn = runs.filter((r) => series.some((s) => s.runId === r.id)).map((r) => r.name);
  const caption = `${metric} over ${xAxisLabel(spec.x)}; runs: ${drawn.join(', ') || 'none log it'}; smoothing: ${describeSmoothing(spec.smoothing)}.`;
  return (
    <>
      <PrintChart option={option} caption={caption} label={`${metric} of ${drawn.length} runs`} figure={figure} />
      <ul className="report-legend">
        {runs.map((r) => (
          <li key={r.id}>
            <span className="swatch" style={{ background: r.color }} /> {r.name}
          </li>
        ))}
      </ul>
    </>
  );
}

/** One printed chart per metric, the runs overlaid in the colours the app gives them, notes included. */
export function CurvesSection({ spec, runs, colors, firstFigure, sectionKey }: { spec: CurvesSpec; runs: ReadonlyMap<string, RunSummary>; colors: ReadonlyMap<string, string>; firstFigure: number; sectionKey: string }) {
  const curveRuns = useMemo(() => spec.runIds.flatMap((id) => { const r = runs.get(id); return r ? [{ id, name: r.name, color: colors.get(id) ?? '#888888' }] : []; }), [spec.runIds, runs, colors]);
  return (
    <>
      {spec.metrics.map((m, i) => (
        <CurveFigure key={m} spec={spec} metric={m} runs={curveRuns} figure={firstFigure + i} readyKey={`${sectionKey}:${m}`} />
      ))}
    </>
  );
}
