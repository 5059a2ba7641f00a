import { useId, useState } from 'react';
import { plural } from '../../components/format';
import type { MetricInfo } from './metric-model';
import { groupMetrics, searchMetrics } from './metric-model';

export interface MetricPickerProps {
  readonly metrics: readonly MetricInfo[];
  /** The metrics plotted (the user's pick, or the default pick). */
  readonly picked: readonly string[];
  readonly isDefaultPick: boolean;
  readonly selectedRunCount: number;
  readonly onToggle: (name: string) => void;
  /** null: back to the default pick. */
  readonly onSetPicked: (names: readonly string[] | null) => void;
}

function optionTitle(m: MetricInfo, selectedRunCount: number): string {
  const parts = [`${m.name}: ${plural(m.points, 'point')} in ${m.runIds.length} of ${plural(selectedRunCount, 'selected run')}`];
  if (m.nonFiniteCount > 0) parts.push(`${m.nonFiniteCount} NaN/Inf`);
  return parts.join(', ');
}

/** The union of the selected runs' metrics, grouped by prefix (`train/`, `eval/`…), with a search box. */
export function MetricPicker({ metrics, picked, isDefaultPick, selectedRunCount, onToggle, onSetPicked }: MetricPickerProps) {
  const [search, setSearch] = useState('');
  const id = useId();
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const names = searchMetrics(
    metrics.map((m) => m.name),
    search,
  );
  const pickedSet = new Set(picked);
  return (
    <section className="metric-picker" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`}>Metrics</h2>
        <span className="muted">
          {pickedSet.size} of {metrics.length}
        </span>
      </div>
      {metrics.length === 0 ? (
        <p className="empty">{selectedRunCount === 0 ? 'Select runs to see their metrics.' : 'No metrics yet.'}</p>
      ) : (
        <>
          <input type="search" placeholder="Search metrics" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search metrics" spellCheck={false} />
          <div className="picker-actions">
            <button type="button" className="link" onClick={() => onSetPicked(null)} disabled={isDefaultPick}>
              Default (loss)
            </button>
            <button type="button" className="link" onClick={() => onSetPicked([])} disabled={pickedSet.size === 0}>
              None
            </button>
          </div>
          <div className="groups">
            {groupMetrics(names).map((g) => (
              <fieldset key={g.prefix}>
                <legend>{g.prefix === '' ? 'metrics' : g.prefix}</legend>
                {g.names.map((n) => {
                  const m = byName.get(n);
                  return (
                    <label key={n} data-testid="curves.metric-option" data-metric={n} title={m ? optionTitle(m, selectedRunCount) : n}>
                      <input type="checkbox" checked={pickedSet.has(n)} onChange={() => onToggle(n)} />
                      <span className="metric-name">{g.prefix === '' ? n : n.slice(g.prefix.length)}</span>
                      {m && m.runIds.length < selectedRunCount && (
                        <span className="muted small" aria-label={`in ${m.runIds.length} of ${selectedRunCount} runs`}>
                          {m.runIds.length}/{selectedRunCount}
                        </span>
                      )}
                      {m && m.nonFiniteCount > 0 && (
                        <span className="nonfinite-flag" aria-label={`${m.nonFiniteCount} NaN or Inf values`}>
                          NaN
                        </span>
                      )}
                    </label>
                  );
                })}
              </fieldset>
            ))}
            {names.length === 0 && <p className="empty">No metric matches “{search}”.</p>}
          </div>
        </>
      )}
    </section>
  );
}
