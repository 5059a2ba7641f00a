import { useId, useState } from 'react';
import type { GoodDirection } from '../../../shared/domain/metric-dictionary';
import { plural } from '../../components/format';
import type { MetricInfo } from './metric-model';
import { filterMetrics, groupMetrics, metricHint } from './metric-model';

export interface MetricPickerProps {
  readonly metrics: readonly MetricInfo[];
  /** The metrics plotted (the user's pick, or the default pick, and pinned charts). */
  readonly picked: readonly string[];
  readonly isDefaultPick: boolean;
  readonly selectedRunCount: number;
  readonly onToggle: (name: string) => void;
  /** null: back to the default pick. */
  readonly onSetPicked: (names: readonly string[] | null) => void;
}

function optionTitle(m: MetricInfo, selectedRunCount: number, description: string | null): string {
  const parts = [`${m.name}: ${plural(m.points, 'point')} in ${m.runIds.length} of ${plural(selectedRunCount, 'selected run')}`];
  if (m.nonFiniteCount > 0) parts.push(`${m.nonFiniteCount} NaN/Inf`);
  const head = parts.join(', ');
  return description === null ? head : `${head}\n${description}`;
}

const DIRECTION_HINT: Readonly<Record<'lower' | 'higher', { arrow: string; text: string }>> = {
  lower: { arrow: '↓', text: 'Lower is better' },
  higher: { arrow: '↑', text: 'Higher is better' },
};

function DirectionHint({ direction }: { readonly direction: GoodDirection }) {
  if (direction === null) return null;
  const h = DIRECTION_HINT[direction];
  return (
    <span className="direction-hint muted small" title={h.text} aria-label={h.text} data-direction={direction}>
      {h.arrow}
    </span>
  );
}

/**
 * The union of the selected runs' metrics, grouped by prefix (`train/`, `eval/`…) or dictionary group, each group
 * collapsible. Search takes words or a `/regex/`. Raw names are always shown; the dictionary's display name and
 * direction of good sit beside them.
 */
export function MetricPicker({ metrics, picked, isDefaultPick, selectedRunCount, onToggle, onSetPicked }: MetricPickerProps) {
  const [search, setSearch] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const id = useId();
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const found = filterMetrics(
    metrics.map((m) => m.name),
    search,
  );
  const isSearching = search.trim() !== '';
  const pickedSet = new Set(picked);
  const toggleGroup = (key: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(key)) next.add(key);
      return next;
    });
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
          <input
            type="search"
            data-testid="curves.metric-search"
            placeholder="Search: words or /regex/"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="Search metrics"
            aria-invalid={found.error !== null}
            aria-describedby={found.error !== null ? `${id}-search-error` : undefined}
            spellCheck={false}
          />
          {found.error !== null && (
            <p id={`${id}-search-error`} className="error-text small" role="alert" data-testid="curves.metric-search-error">
              {found.error}
            </p>
          )}
          <div className="picker-actions">
            <button type="button" className="link" onClick={() => onSetPicked(null)} disabled={isDefaultPick}>
              Default (loss)
            </button>
            <button type="button" className="link" onClick={() => onSetPicked([])} disabled={pickedSet.size === 0}>
              None
            </button>
          </div>
          <div className="groups">
            {groupMetrics(found.names).map((g) => {
              // A search shows every match, whatever was collapsed before.
              const isOpen = isSearching || !collapsed.has(g.key);
              const pickedHere = g.names.filter((n) => pickedSet.has(n)).length;
              return (
                <fieldset key={g.key} data-testid="curves.metric-group" data-group={g.key}>
                  <legend>
                    <button type="button" className="link group-toggle" aria-expanded={isOpen} onClick={() => toggleGroup(g.key)} disabled={isSearching}>
                      <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> {g.label}{' '}
                      <span className="muted small" data-testid="curves.metric-group-count">
                        {pickedHere > 0 ? `${pickedHere}/${g.names.length}` : g.names.length}
                      </span>
                    </button>
                  </legend>
                  {isOpen &&
                    g.names.map((n) => {
                      const m = byName.get(n);
                      const hint = metricHint(n);
                      return (
                        <label key={n} data-testid="curves.metric-option" data-metric={n} title={m ? optionTitle(m, selectedRunCount, hint.description) : n}>
                          <input type="checkbox" checked={pickedSet.has(n)} onChange={() => onToggle(n)} />
                          <span className="metric-name">
                            {n}
                            {hint.display !== null && <span className="metric-display muted small"> · {hint.display}</span>}
                          </span>
                          <DirectionHint direction={hint.direction} />
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
              );
            })}
            {found.names.length === 0 && found.error === null && <p className="empty">No metric matches “{search}”.</p>}
          </div>
        </>
      )}
    </section>
  );
}
