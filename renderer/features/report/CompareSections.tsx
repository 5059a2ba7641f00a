import { useMemo } from 'react';
import type { ReportSection } from '../../../shared/domain/report';
import type { RunSummary } from '../../../shared/domain/run';
import { LIGHT_COLORS } from '../../charts/options/curves';
import { buildPlaneOption } from '../../charts/options/plane';
import { buildRobustnessOption } from '../../charts/options/robustness';
import { useComparison, useRobustness } from '../../data/queries';
import { formatNumber, formatP, formatSigned, metricLabel, visibleGroups } from '../compare/compare-model';
import { pickSweepMetric } from '../compare/RobustnessPanel';
import { PrintChart } from './PrintChart';
import { useSectionReady } from './use-section-ready';

type Spec<K extends ReportSection['kind']> = Extract<ReportSection, { kind: K }>;
const stateOf = (q: { data: unknown; error: Error | null }) => (q.error ? 'error' : q.data ? 'ready' : 'loading');

/** The eval matrix as a static table: value ± se for the baseline, value and Δ [95 %] for the others. */
export function ComparisonSection({ spec, sectionKey }: { spec: Spec<'comparison'>; sectionKey: string }) {
  const q = useComparison(spec.runIds, spec.baselineRunId, true);
  useSectionReady(sectionKey, stateOf(q));
  const r = q.data;
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  if (!r) return <p className="muted">Loading…</p>;
  const groups = visibleGroups(r, '', true);
  return (
    <>
      <table className="report-table" data-testid="report.compare-table">
        <thead>
          <tr>
            <th>Task</th>
            <th>Metric</th>
            {r.columns.map((c) => (
              <th key={c.runId} className="num">
                {c.name}
                {c.method ? ` (${c.method})` : ''}
                {c.isBaseline ? ' — baseline' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.flatMap((g) => [
            <tr key={`g:${g.label}`} className="report-group">
              <td colSpan={2 + r.columns.length}>{g.label}</td>
            </tr>,
            ...g.rows.map((row) => (
              <tr key={`${row.task}|${row.metric}|${row.filter}`}>
                <td>{row.task}</td>
                <td>{metricLabel(row.metric, row.filter)}</td>
                {r.columns.map((c, i) => {
                  const cell = row.cells[i];
                  const d = row.deltas[i];
                  if (!cell) return <td key={c.runId} className="num">–</td>;
                  if (!d) return <td key={c.runId} className="num">{formatNumber(cell.value)}{cell.stderr !== null ? ` ± ${formatNumber(cell.stderr, cell.value)}` : ''}</td>;
                  const iv = d.low === null || d.high === null ? '' : ` [${formatSigned(d.low, cell.value)}, ${formatSigned(d.high, cell.value)}]`;
                  return (
                    <td key={c.runId} className={`num verdict-${d.verdict}`}>
                      {formatNumber(cell.value)} <span className="report-delta">Δ {formatSigned(d.delta, cell.value)}{iv}{d.method !== 'stderr' ? ` paired${d.p !== null ? `, ${formatP(d.p)}` : ''}` : ''}</span>
                    </td>
                  );
                })}
              </tr>
            )),
          ])}
        </tbody>
      </table>
      <ul className="report-notes">
        {r.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </>
  );
}

/** The safety–reasoning plane of the comparison, with its numbers. */
export function PlaneSection({ spec, colors, figure, sectionKey }: { spec: Spec<'plane'>; colors: ReadonlyMap<string, string>; figure: number; sectionKey: string }) {
  const q = useComparison(spec.runIds, spec.baselineRunId, true);
  useSectionReady(sectionKey, stateOf(q));
  const r = q.data;
  const runs = useMemo(() => new Map((r?.columns ?? []).map((c) => [c.runId, { name: c.name, color: colors.get(c.runId) ?? '#888888', method: c.method }])), [r, colors]);
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  if (!r) return <p className="muted">Loading…</p>;
  const baseline = r.columns.find((c) => c.isBaseline)?.name ?? 'baseline';
  const option = buildPlaneOption({ points: r.plane, runs, baselineName: baseline, colors: LIGHT_COLORS, print: true });
  return (
    <>
      <PrintChart option={option} figure={figure} height={340} label="Safety versus reasoning" caption={`Δ reasoning and Δ safety vs ${baseline}, in baseline standard errors, with 95 % intervals; models: ${r.plane.map((p) => runs.get(p.runId)?.name ?? p.runId).join(', ')}.`} />
      <ul className="report-list">
        {r.plane.map((p) => (
          <li key={p.runId}>
            <strong>{runs.get(p.runId)?.name}</strong>: reasoning {formatSigned(p.reasoning.score)}, safety {formatSigned(p.safety.score)} → {p.quadrantLabel}
          </li>
        ))}
      </ul>
    </>
  );
}

/** One sweep metric's curves and the robustness score table. */
export function RobustnessSection({ spec, runs, colors, figure, sectionKey }: { spec: Spec<'robustness'>; runs: ReadonlyMap<string, RunSummary>; colors: ReadonlyMap<string, string>; figure: number; sectionKey: string }) {
  const q = useRobustness(spec.runIds);
  useSectionReady(sectionKey, stateOf(q));
  const r = q.data;
  const sweepRuns = useMemo(() => new Map(spec.runIds.map((id) => [id, { name: runs.get(id)?.name ?? id, color: colors.get(id) ?? '#888888' }])), [spec.runIds, runs, colors]);
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  if (!r) return <p className="muted">Loading…</p>;
  const m = pickSweepMetric(r.metrics, spec.metric);
  if (!m) return <p className="muted">The selected sweeps have no eval numbers.</p>;
  const option = buildRobustnessOption({ metric: m, runs: sweepRuns, show: 'value', breakThreshold: r.breakThreshold, colors: LIGHT_COLORS, print: true });
  return (
    <>
      <PrintChart option={option} figure={figure} label={`Robustness of ${m.task}`} caption={`${m.task} · ${metricLabel(m.metric, m.filter)} against edit strength α (bands: ±1.96 stderr where reported); break point: first α whose drop's lower bound exceeds δ = ${r.breakThreshold}.`} />
      <table className="report-table">
        <thead>
          <tr>
            <th>Sweep</th>
            <th>Direction</th>
            <th className="num">drop AUC</th>
            <th className="num">worst drop (α)</th>
            <th className="num">break α</th>
            <th className="num">vs control</th>
          </tr>
        </thead>
        <tbody>
          {m.series.map((s) => (
            <tr key={`${s.runId}|${s.direction}`}>
              <td>
                {sweepRuns.get(s.runId)?.name} ({s.method})
              </td>
              <td>
                {s.direction}
                {s.isControl ? ' (control)' : ''}
              </td>
              <td className="num">{formatSigned(s.dropAuc, s.referenceValue)}</td>
              <td className="num">
                {formatSigned(s.worstDrop, s.referenceValue)} ({s.worstAlpha})
              </td>
              <td className="num">{s.breakAlpha ?? 'none'}</td>
              <td className="num">{s.specificity === null ? '–' : formatSigned(s.specificity, s.referenceValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
