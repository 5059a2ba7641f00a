import { useMemo } from 'react';
import type { MetricSummary, RunSummary } from '../../../shared/domain/run';
import type { CurveRun } from '../../charts/options/curves';
import { useHost } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import { useApp } from '../../state/store';
import { CurveChart } from './CurveChart';
import { defaultMetrics, unionMetrics } from './metric-model';
import { MetricPicker } from './MetricPicker';

const NO_RUNS: ReadonlyMap<string, CurveRun> = new Map();

export function CurvesView({ runs, colors, dark }: { runs: readonly RunSummary[]; colors: ReadonlyMap<string, string>; dark: boolean }) {
  const { transport, cache } = useHost();
  const selected = useApp((s) => s.selectedRunIds);
  const picked = useApp((s) => s.pickedMetrics);
  const toggleMetric = useApp((s) => s.toggleMetric);
  const selectedRuns = useMemo(() => runs.filter((r) => selected.includes(r.id)), [runs, selected]);
  const ids = selectedRuns.map((r) => r.id);
  const q = useQuery<MetricSummary[]>(cache, ids.length > 0 ? `metrics:${ids.join(',')}` : null, () => transport.call('library:list-metrics', { runIds: ids }));
  const metrics = useMemo(() => unionMetrics(q.data ?? []), [q.data]);
  const names = metrics.map((m) => m.name);
  const effective = picked ?? defaultMetrics(names);
  const shown = metrics.filter((m) => effective.includes(m.name));
  // Per metric, the selected runs that log it (memoised so charts only rebuild when data changes).
  const runsByMetric = useMemo(() => {
    const info = new Map(selectedRuns.map((r) => [r.id, { id: r.id, name: r.name, color: colors.get(r.id) ?? '#888' }]));
    const out = new Map<string, Map<string, CurveRun>>();
    for (const row of q.data ?? []) {
      const run = info.get(row.runId);
      if (!run) continue;
      let m = out.get(row.name);
      if (!m) {
        m = new Map();
        out.set(row.name, m);
      }
      m.set(row.runId, run);
    }
    return out;
  }, [selectedRuns, q.data, colors]);

  return (
    <div className="curves-view">
      <MetricPicker metrics={metrics} picked={effective} onToggle={(n) => toggleMetric(n, effective)} />
      <div className="charts">
        {selectedRuns.length === 0 && <p className="empty">Select runs in the table to plot them.</p>}
        {selectedRuns.length > 0 && shown.length === 0 && <p className="empty">Pick a metric to plot.</p>}
        {shown.map((m) => (
          <CurveChart key={m.name} metric={m} runs={runsByMetric.get(m.name) ?? NO_RUNS} dark={dark} />
        ))}
      </div>
    </div>
  );
}
