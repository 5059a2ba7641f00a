import { useState } from 'react';
import { compileTextMatcher } from '../../components/text-match';
import type { ExtraColumn, MetricStat } from './run-columns';
import { configColumn, configKeys, METRIC_STATS, metricColumn, metricNames, toggleColumn } from './run-columns';
import type { ColumnData } from './run-columns';

/** Config keys listed before "narrow the search": a long sweep config has hundreds. */
const KEY_LIMIT = 200;

export interface ColumnsMenuProps {
  readonly columns: readonly ExtraColumn[];
  readonly data: ColumnData;
  /** Whether the runs' configs and metrics are still loading. */
  readonly isLoading: boolean;
  readonly onChange: (columns: readonly ExtraColumn[]) => void;
  /** Called when the menu opens: the data it lists is fetched only once someone wants it. */
  readonly onOpen: () => void;
}

/** "Columns": adds config keys and metric statistics (last/min/max) to the runs table. */
export function ColumnsMenu(p: ColumnsMenuProps) {
  const [isOpen, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [metric, setMetric] = useState('');
  const match = compileTextMatcher(search);
  const keys = configKeys(p.data.configs).filter((k) => match.test(k.key));
  const names = metricNames(p.data.metrics);
  const chosenMetric = names.includes(metric) ? metric : (names[0] ?? '');
  const isShown = (id: string) => p.columns.some((c) => c.id === id);
  const toggle = (c: ExtraColumn) => p.onChange(toggleColumn(p.columns, c));
  return (
    <div className="columns-menu" data-testid="library.columns-menu">
      <button
        type="button"
        data-testid="library.columns-button"
        aria-expanded={isOpen}
        onClick={() => {
          if (!isOpen) p.onOpen();
          setOpen(!isOpen);
        }}
      >
        Columns{p.columns.length > 0 ? ` (${p.columns.length})` : ''}
      </button>
      {isOpen && (
        <div className="columns-popover" role="group" aria-label="Table columns">
          <h3 className="small">Config</h3>
          <input type="search" data-testid="library.columns-search" placeholder="Search keys: words or /regex/" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search config keys" spellCheck={false} />
          {p.isLoading && keys.length === 0 && <p className="muted small">Loading…</p>}
          {!p.isLoading && keys.length === 0 && <p className="muted small">{search.trim() === '' ? 'These runs have no config.' : 'No key matches.'}</p>}
          <ul className="columns-keys">
            {keys.slice(0, KEY_LIMIT).map((k) => {
              const c = configColumn(k.key);
              return (
                <li key={k.key}>
                  <label data-testid="library.column-option" data-column={c.id}>
                    <input type="checkbox" checked={isShown(c.id)} onChange={() => toggle(c)} />
                    <span className="metric-name">{k.key}</span> <span className="muted small">{k.runCount}</span>
                  </label>
                </li>
              );
            })}
          </ul>
          {keys.length > KEY_LIMIT && <p className="muted small">{keys.length - KEY_LIMIT} more keys: narrow the search.</p>}
          <h3 className="small">Metric</h3>
          {names.length === 0 ? (
            <p className="muted small">{p.isLoading ? 'Loading…' : 'These runs log no metric.'}</p>
          ) : (
            <div className="columns-metric">
              <select data-testid="library.columns-metric" value={chosenMetric} onChange={(e) => setMetric(e.target.value)} aria-label="Metric for a column">
                {names.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              {METRIC_STATS.map((stat: MetricStat) => {
                const c = metricColumn(stat, chosenMetric);
                return (
                  <label key={stat} data-testid="library.column-option" data-column={c.id}>
                    <input type="checkbox" checked={isShown(c.id)} onChange={() => toggle(c)} /> {stat}
                  </label>
                );
              })}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
