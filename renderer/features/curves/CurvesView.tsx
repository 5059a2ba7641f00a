import { useMemo, useState } from 'react';
import type { RunSummary } from '../../../shared/domain/run';
import type { CurveRun } from '../../charts/options/curves';
import { useConfigs, useMetrics } from '../../data/queries';
import { PALETTE } from '../../charts/palette';
import { configKeys, indexConfigs } from '../library/run-columns';
import type { ChartGrouping } from './CurveChart';
import { groupRuns, NO_GROUPING } from './group-model';
import type { GroupBySettings } from './GroupByControl';
import { GroupByControl } from './GroupByControl';
import { useApp } from '../../state/store';
import { CurveChart } from './CurveChart';
import { FindingsPanel } from './FindingsPanel';
import type { MetricInfo } from './metric-model';
import { defaultMetrics, unionMetrics } from './metric-model';
import { MetricPicker } from './MetricPicker';
import { RunLegend } from './RunLegend';
import { SmoothingControl } from './SmoothingControl';
import { XAxisControl } from './XAxisControl';
import { YScaleControl } from './YScaleControl';

/** The contract's limit on runs per series query. */
export const MAX_RUNS_PER_CHART = 200;

export interface CurvesViewProps {
  /** Selected runs, in the order they were picked. */
  readonly selectedRuns: readonly RunSummary[];
  readonly colors: ReadonlyMap<string, string>;
  readonly isDark: boolean;
}

/**
 * The charts to draw, among the metrics the selected runs actually log: pinned ones first (in pin order, whether
 * picked or not: a pin outlives a change of pick), then the picked ones in the order picked.
 */
export function chartsToDraw(metrics: readonly MetricInfo[], picked: readonly string[], pinned: readonly string[] = []): MetricInfo[] {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const names = [...new Set([...pinned, ...picked])];
  return names.map((n) => byName.get(n)).filter((m): m is MetricInfo => m !== undefined);
}

/** Metric picker on the left, one chart per picked metric on the right, the selected runs overlaid in each. */
export function CurvesView({ selectedRuns, colors, isDark }: CurvesViewProps) {
  // Only the first MAX_RUNS_PER_CHART selected runs are plotted; the metric list is theirs.
  const plotted = useMemo(() => selectedRuns.slice(0, MAX_RUNS_PER_CHART), [selectedRuns]);
  const ids = useMemo(() => plotted.map((r) => r.id), [plotted]);
  const metricsQ = useMetrics(ids);
  const metrics = useMemo(() => unionMetrics(metricsQ.data ?? []), [metricsQ.data]);
  const metricNames = useMemo(() => metrics.map((m) => m.name), [metrics]);
  const userPick = useApp((s) => s.pickedMetrics);
  const toggleMetric = useApp((s) => s.toggleMetric);
  const setPickedMetrics = useApp((s) => s.setPickedMetrics);
  const picked = useMemo(() => userPick ?? defaultMetrics(metricsQ.data ?? []), [userPick, metricsQ.data]);
  const pinned = useApp((s) => s.pinnedCharts);
  const togglePinnedChart = useApp((s) => s.togglePinnedChart);
  const charts = chartsToDraw(metrics, picked, pinned);
  const shown = charts.map((m) => m.name);
  // Unticking a pinned chart unpins it too; otherwise the pin would keep it on screen.
  const onToggle = (n: string) => {
    if (pinned.includes(n)) {
      togglePinnedChart(n);
      if (picked.includes(n)) toggleMetric(n, picked);
    } else toggleMetric(n, picked);
  };

  const curveRuns = useMemo(() => plotted.map((r): CurveRun => ({ id: r.id, name: r.name, color: colors.get(r.id) ?? '#888888' })), [plotted, colors]);
  // Per metric, the plotted runs that log it, in pick order.
  const runsByMetric = useMemo(() => {
    const out = new Map<string, CurveRun[]>();
    for (const m of metrics) {
      const has = new Set(m.runIds);
      out.set(
        m.name,
        curveRuns.filter((r) => has.has(r.id)),
      );
    }
    return out;
  }, [metrics, curveRuns]);

  // Group-by: the plotted runs' configs give the keys to offer and each run's value.
  const [groupBy, setGroupBy] = useState<GroupBySettings>({ rule: NO_GROUPING, band: 'ci95', showRuns: false });
  const xAxis = useApp((s) => s.xAxis);
  const configsQ = useConfigs(ids);
  const configs = useMemo(() => indexConfigs(configsQ.data ?? []), [configsQ.data]);
  const groupKeys = useMemo(() => configKeys(configs).map((k) => k.key), [configs]);
  const grouped = useMemo(() => groupRuns(plotted, configs, groupBy.rule), [plotted, configs, groupBy.rule]);
  const isStepAxis = xAxis.kind === 'step';
  // The aggregate channel buckets by step: on another x axis the runs are drawn as they are.
  const groupNote = groupBy.rule.kind === 'none' ? null : !isStepAxis ? 'Groups are drawn on the step axis only.' : grouped.note;
  const grouping = useMemo((): ChartGrouping | undefined => {
    if (!isStepAxis || grouped.groups.length === 0) return undefined;
    return { groups: grouped.groups.map((g, i) => ({ ...g, color: PALETTE[i % PALETTE.length] as string })), band: groupBy.band, showRuns: groupBy.showRuns };
  }, [isStepAxis, grouped.groups, groupBy.band, groupBy.showRuns]);

  return (
    <section className="curves-view" aria-label="Curves">
      <MetricPicker metrics={metrics} picked={shown} isDefaultPick={userPick === null} selectedRunCount={plotted.length} onToggle={onToggle} onSetPicked={setPickedMetrics} />
      <div className="charts-column">
        <div className="curves-toolbar">
          <SmoothingControl />
          <XAxisControl metricNames={metricNames} />
          <YScaleControl />
          <GroupByControl settings={groupBy} configKeys={groupKeys} note={groupNote} groupCount={grouping?.groups.length ?? 0} onChange={setGroupBy} />
          <RunLegend runs={curveRuns} />
        </div>
        {selectedRuns.length > MAX_RUNS_PER_CHART && (
          <p className="notice">
            Showing the first {MAX_RUNS_PER_CHART} of {selectedRuns.length} selected runs.
          </p>
        )}
        <FindingsPanel runs={curveRuns} />
        <div className="charts">
          {selectedRuns.length === 0 && <p className="empty">Select runs in the table to plot them.</p>}
          {selectedRuns.length > 0 && metricsQ.data !== undefined && metrics.length === 0 && <p className="empty">The selected runs have no scalar metrics.</p>}
          {metrics.length > 0 && charts.length === 0 && <p className="empty">Pick a metric on the left to plot it.</p>}
          {charts.map((m) => (
            <CurveChart key={m.name} metric={m} runs={runsByMetric.get(m.name) ?? []} isDark={isDark} {...(grouping ? { grouping } : {})} />
          ))}
        </div>
      </div>
    </section>
  );
}
