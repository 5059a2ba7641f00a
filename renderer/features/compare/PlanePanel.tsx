import { useMemo } from 'react';
import type { CompareResult } from '../../../shared/domain/compare';
import { EChart } from '../../charts/EChart';
import type { ChartColors } from '../../charts/options/curves';
import { LIGHT_COLORS } from '../../charts/options/curves';
import type { PlaneRun } from '../../charts/options/plane';
import { buildPlaneOption } from '../../charts/options/plane';
import { formatSigned } from './compare-model';
import { FigureExport } from './FigureExport';

export interface PlanePanelProps {
  readonly result: CompareResult;
  readonly colors: ReadonlyMap<string, string>;
  readonly chartColors: ChartColors;
}

const HEIGHT = 360;

const interval = (low: number | null, high: number | null) => (low === null || high === null ? 'no interval' : `[${formatSigned(low)}, ${formatSigned(high)}]`);

/**
 * The safety–reasoning plane (analyses.md §2.3 A): each model at (Δ reasoning, Δ safety) in baseline standard errors,
 * with 95 % whiskers and labelled quadrants, plus the same numbers as a list (readable, and what tests check).
 */
export function PlanePanel({ result, colors, chartColors }: PlanePanelProps) {
  const runs = useMemo(() => new Map<string, PlaneRun>(result.columns.map((c) => [c.runId, { name: c.name, color: colors.get(c.runId) ?? '#888', method: c.method }])), [result, colors]);
  const baselineName = result.columns.find((c) => c.isBaseline)?.name ?? 'baseline';
  const option = useMemo(() => buildPlaneOption({ points: result.plane, runs, baselineName, colors: chartColors }), [result, runs, baselineName, chartColors]);
  const figure = () => ({
    ...buildPlaneOption({ points: result.plane, runs, baselineName, colors: LIGHT_COLORS, print: true }),
    backgroundColor: '#ffffff',
    title: { text: 'Safety vs reasoning', subtext: `Δ vs ${baselineName}, in baseline standard errors (95 % intervals)`, left: 8, top: 4, textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
  });
  return (
    <figure className="compare-figure" data-testid="compare.plane" data-point-count={result.plane.length}>
      <div className="section-head">
        <strong>Safety vs reasoning</strong>
        <span className="muted small">Δ vs {baselineName}, in baseline standard errors; whiskers are 95 % intervals</span>
        <span className="spacer" />
        <FigureExport name="safety-vs-reasoning" figure={figure} size={{ width: 720, height: HEIGHT + 40 }} testId="compare.plane-export" />
      </div>
      <EChart option={option} height={HEIGHT} label="Safety versus reasoning plane" />
      <ul className="plane-points">
        {result.plane.map((p) => {
          const r = runs.get(p.runId);
          return (
            <li key={p.runId} data-testid="compare.plane-point" data-run={p.runId} data-quadrant={p.quadrant} data-reasoning={p.reasoning.score ?? ''} data-safety={p.safety.score ?? ''}>
              <span className="swatch" style={{ background: r?.color }} /> <strong>{r?.name}</strong>
              {r?.method ? <span className="muted"> ({r.method})</span> : null}: reasoning {formatSigned(p.reasoning.score)} {interval(p.reasoning.low, p.reasoning.high)}, safety {formatSigned(p.safety.score)} {interval(p.safety.low, p.safety.high)} → <em>{p.quadrantLabel}</em>
              <span className="muted small" title={[...p.reasoning.skipped, ...p.safety.skipped].map((s) => `${s.task} ${s.metric}: ${s.reason}`).join('\n')}>
                {' '}
                ({p.reasoning.tasks.length} reasoning, {p.safety.tasks.length} safety tasks{p.reasoning.skipped.length + p.safety.skipped.length > 0 ? `, ${p.reasoning.skipped.length + p.safety.skipped.length} left out` : ''})
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
