import { useMemo } from 'react';
import type { RobustnessMetric, RobustnessResult } from '../../../shared/domain/sweep';
import { EChart } from '../../charts/EChart';
import type { ChartColors } from '../../charts/options/curves';
import { LIGHT_COLORS } from '../../charts/options/curves';
import type { RobustnessRun } from '../../charts/options/robustness';
import { buildRobustnessOption } from '../../charts/options/robustness';
import { appStore, useApp } from '../../state/store';
import { formatNumber, formatSigned, metricLabel } from './compare-model';
import { FigureExport } from './FigureExport';

export interface RobustnessPanelProps {
  readonly result: RobustnessResult;
  readonly runs: ReadonlyMap<string, RobustnessRun>;
  readonly chartColors: ChartColors;
}

const HEIGHT = 320;
export const sweepMetricKey = (m: Pick<RobustnessMetric, 'task' | 'metric' | 'filter'>) => `${m.task}\u0000${m.metric}\u0000${m.filter}`;

/** How far the metric falls along an edit direction (not a control): the worst of its sweeps' worst drops. */
const worstEditDrop = (m: RobustnessMetric) => Math.max(-Infinity, ...m.series.filter((s) => !s.isControl).map((s) => s.worstDrop));

/**
 * The metric shown first: the user's pick when still there, else the reasoning metric that drops most (what an edit
 * breaks first), else the first metric.
 */
export function pickSweepMetric(metrics: readonly RobustnessMetric[], wanted: string | null): RobustnessMetric | null {
  const picked = metrics.find((m) => sweepMetricKey(m) === wanted);
  if (picked) return picked;
  const reasoning = metrics.filter((m) => m.category === 'reasoning').sort((a, b) => worstEditDrop(b) - worstEditDrop(a));
  return reasoning[0] ?? metrics[0] ?? null;
}

/**
 * Robustness to weight updates (analyses.md §2.3 B): metric (or drop) against edit strength α for each sweep and
 * direction, the random-direction control dashed, and the score table: drop AUC, worst drop, break point, slope and
 * specificity against the control.
 */
export function RobustnessPanel({ result, runs, chartColors }: RobustnessPanelProps) {
  const wanted = useApp((s) => s.sweepMetric);
  const show = useApp((s) => s.sweepShow);
  const metric = pickSweepMetric(result.metrics, wanted);
  const option = useMemo(() => (metric ? buildRobustnessOption({ metric, runs, show, breakThreshold: result.breakThreshold, colors: chartColors }) : null), [metric, runs, show, result.breakThreshold, chartColors]);
  if (!metric || !option) return <p className="empty">The selected sweeps have no eval numbers.</p>;
  const label = `${metric.task} · ${metricLabel(metric.metric, metric.filter)}`;
  const figure = () => ({
    ...buildRobustnessOption({ metric, runs, show, breakThreshold: result.breakThreshold, colors: LIGHT_COLORS, print: true }),
    backgroundColor: '#ffffff',
    title: { text: `Robustness: ${label}`, subtext: show === 'drop' ? 'drop vs α (positive = worse)' : 'value vs α', left: 8, top: 4, textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
  });
  return (
    <figure className="compare-figure" data-testid="compare.robustness" data-task={metric.task} data-metric={metric.metric} data-series-count={metric.series.length}>
      <div className="section-head">
        <strong>Robustness to weight updates</strong>
        <select aria-label="Sweep metric" data-testid="compare.sweep-metric" value={sweepMetricKey(metric)} onChange={(e) => appStore.getState().setSweepMetric(e.currentTarget.value)}>
          {result.metrics.map((m) => (
            <option key={sweepMetricKey(m)} value={sweepMetricKey(m)}>
              {m.task} · {metricLabel(m.metric, m.filter)}
              {m.category ? ` (${m.category})` : ''}
            </option>
          ))}
        </select>
        <span className="segmented" role="radiogroup" aria-label="Show">
          {(['value', 'drop'] as const).map((v) => (
            <label key={v}>
              <input type="radio" name="sweep-show" checked={show === v} onChange={() => appStore.getState().setSweepShow(v)} /> {v === 'value' ? 'value' : 'drop'}
            </label>
          ))}
        </span>
        <span className="spacer" />
        <FigureExport name={`robustness-${metric.task}-${metric.metric}`} figure={figure} size={{ width: 720, height: HEIGHT + 40 }} testId="compare.robustness-export" />
      </div>
      <EChart option={option} height={HEIGHT} label={`Robustness of ${label} to weight updates`} />
      <div className="table-wrap">
        <table data-testid="compare.robustness-table" aria-label="Robustness scores">
          <thead>
            <tr>
              <th>Sweep</th>
              <th>Direction</th>
              <th className="num" title="At the reference α (0 when swept)">x(α₀)</th>
              <th className="num" title="Mean drop over the α range (trapezoid); lower = more robust">drop AUC</th>
              <th className="num">worst drop (at α)</th>
              <th className="num" title={`First α whose drop exceeds δ = ${result.breakThreshold} (by its lower 95 % bound when stderrs are known)`}>break α</th>
              <th className="num" title="Least-squares slope of the metric over the first 3 α">slope near 0</th>
              <th className="num" title="drop AUC minus the random-direction control's: > 0 means this direction hurts more than chance">vs control</th>
            </tr>
          </thead>
          <tbody>
            {metric.series.map((s) => (
              <tr key={`${s.runId}\u0000${s.direction}`} data-testid="compare.robustness-row" data-method={s.method} data-direction={s.direction} data-control={s.isControl} data-auc={s.dropAuc ?? ''} data-break={s.breakAlpha ?? ''} data-worst={s.worstDrop}>
                <td>
                  <span className="swatch" style={{ background: runs.get(s.runId)?.color }} /> {runs.get(s.runId)?.name ?? s.runId} <span className="muted">({s.method})</span>
                </td>
                <td>
                  {s.direction}
                  {s.isControl ? <span className="muted"> (control)</span> : null}
                </td>
                <td className="num">{formatNumber(s.referenceValue)}</td>
                <td className="num">{formatSigned(s.dropAuc, s.referenceValue)}</td>
                <td className="num">
                  {formatSigned(s.worstDrop, s.referenceValue)} ({s.worstAlpha})
                </td>
                <td className="num" title={s.breakAlpha === null ? 'never exceeds δ' : `by the ${s.breakBasis === 'lower-bound' ? "drop's lower 95 % bound" : 'point drop (no stderr)'}`}>
                  {s.breakAlpha ?? 'none'}
                </td>
                <td className="num">{formatSigned(s.slopeNearZero, s.referenceValue)}</td>
                <td className="num">{s.specificity === null ? '–' : formatSigned(s.specificity, s.referenceValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
