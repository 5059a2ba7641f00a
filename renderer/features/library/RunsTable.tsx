import { useState } from 'react';
import type { RunSummary } from '../../../shared/domain/run';
import { formatDate, formatDuration, formatStep, formatValue } from '../../components/format';
import { useApp } from '../../state/store';
import type { Sort, SortKey } from './runs-table-model';
import { spanOf, visibleRuns } from './runs-table-model';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Run' },
  { key: 'format', label: 'Format' },
  { key: 'status', label: 'Status' },
  { key: 'lastStep', label: 'Last step', numeric: true },
  { key: 'lastLoss', label: 'Last loss', numeric: true },
  { key: 'span', label: 'Wall clock', numeric: true },
  { key: 'warnings', label: 'Warnings', numeric: true },
];

export function RunsTable({ runs, colors }: { runs: readonly RunSummary[]; colors: ReadonlyMap<string, string> }) {
  const selected = useApp((s) => s.selectedRunIds);
  const toggle = useApp((s) => s.toggleRun);
  const setSelected = useApp((s) => s.setSelectedRuns);
  const filter = useApp((s) => s.runFilter);
  const setFilter = useApp((s) => s.setRunFilter);
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 1 });
  const rows = visibleRuns(runs, filter, sort);

  return (
    <section className="runs" aria-label="Runs">
      <div className="runs-toolbar">
        <input
          data-testid="library.runs-filter"
          placeholder="Filter runs (text or /regex/)"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter runs"
        />
        <span className="count">
          {rows.length} of {runs.length} runs · {selected.length} selected
        </span>
        <button type="button" onClick={() => setSelected(rows.map((r) => r.id))}>
          Select shown
        </button>
        <button type="button" onClick={() => setSelected([])}>
          Clear
        </button>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th aria-label="Plotted" />
              {COLUMNS.map((c) => (
                <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : 1 }))}>
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const isSelected = selected.includes(r.id);
              return (
                <tr
                  key={r.id}
                  data-testid="library.run-row"
                  data-run-path={r.path}
                  data-run-format={r.format}
                  className={isSelected ? 'selected' : undefined}
                  onClick={() => toggle(r.id)}
                >
                  <td>
                    <input type="checkbox" checked={isSelected} onChange={() => toggle(r.id)} onClick={(e) => e.stopPropagation()} aria-label={`Plot ${r.name}`} />
                    <span className="swatch" style={{ background: colors.get(r.id) ?? 'transparent' }} />
                  </td>
                  <td className="name" title={r.path === '' ? r.name : r.path}>
                    {r.name}
                  </td>
                  <td>{r.format}</td>
                  <td className={`status ${r.status}`}>{r.status}</td>
                  <td className="num">{formatStep(r.lastStep)}</td>
                  <td className="num" title={r.lastLoss ? `${r.lastLoss.metric} at step ${r.lastLoss.step}` : undefined}>
                    {formatValue(r.lastLoss?.value)}
                  </td>
                  <td className="num" title={formatDate(r.wallStartSec)}>
                    {formatDuration(spanOf(r))}
                  </td>
                  <td className="num">{r.warningCount > 0 ? r.warningCount : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
