import { useMemo } from 'react';
import { parseXAxisKey, xAxisKey, xMetricCandidates } from '../../../shared/domain/x-axis';
import { useApp } from '../../state/store';

export interface XAxisControlProps {
  /** Metrics of the plotted runs: each can be the x axis (its value at each point's step). */
  readonly metricNames: readonly string[];
}

/** One x axis for every chart: step, wall time, relative time, or another metric (token counters first). */
export function XAxisControl({ metricNames }: XAxisControlProps) {
  const xAxis = useApp((s) => s.xAxis);
  const setXAxis = useApp((s) => s.setXAxis);
  const candidates = useMemo(() => {
    const c = xMetricCandidates(metricNames);
    // The chosen metric stays listed when the selection no longer logs it, so the select shows what is in use.
    if (xAxis.kind === 'metric' && !c.some((m) => m.name === xAxis.metric)) c.unshift({ name: xAxis.metric, kind: 'other' });
    return c;
  }, [metricNames, xAxis]);
  return (
    <label className="x-axis-control" title="What the charts' x axis measures. A metric as x: its value at each point's step (the last one logged at or before it).">
      X axis{' '}
      <select
        data-testid="curves.x-axis"
        value={xAxisKey(xAxis)}
        onChange={(e) => {
          const x = parseXAxisKey(e.target.value);
          if (x) setXAxis(x);
        }}
      >
        <option value="step">Step</option>
        <option value="wall">Wall time</option>
        <option value="relative">Relative time</option>
        {candidates.length > 0 && (
          <optgroup label="Metric">
            {candidates.map((c) => (
              <option key={c.name} value={`metric:${c.name}`} data-kind={c.kind}>
                {c.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
