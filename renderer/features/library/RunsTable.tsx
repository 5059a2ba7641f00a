import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { RunSummary, Source } from '../../../shared/domain/run';
import { formatDate, formatDateTime, formatDuration, formatStep, formatValue } from '../../components/format';
import type { RunSort, RunSortKey } from '../../state/view-slice';
import { ColumnsMenu } from './ColumnsMenu';
import type { ColumnData, ExtraColumn } from './run-columns';
import { columnLabel, columnValue, EMPTY_COLUMN_DATA, formatCell } from './run-columns';
import { absoluteRunPath, runFilterError, spanOf, visibleRuns } from './runs-table-model';

const COLUMNS: readonly { key: RunSortKey; label: string; isNumeric?: boolean }[] = [
  { key: 'name', label: 'Run' },
  { key: 'format', label: 'Format' },
  { key: 'status', label: 'Status' },
  { key: 'lastStep', label: 'Last step', isNumeric: true },
  { key: 'lastLoss', label: 'Last loss', isNumeric: true },
  { key: 'span', label: 'Wall clock', isNumeric: true },
  { key: 'warnings', label: 'Warnings', isNumeric: true },
];

/**
 * Rows are virtualised: only those in view (plus OVERSCAN either side) are in the DOM, so 10,000 runs scroll as fast
 * as 20. Row height is fixed by CSS (`.runs-table tbody tr`); the first render assumes a viewport of INITIAL_VIEW_PX.
 */
const ROW_PX = 26;
const NO_COLUMNS: readonly ExtraColumn[] = [];
const OVERSCAN = 30;
const INITIAL_VIEW_PX = 600;

export interface RunsTableProps {
  readonly runs: readonly RunSummary[];
  readonly sources: ReadonlyMap<string, Source>;
  readonly selectedIds: ReadonlySet<string>;
  readonly colors: ReadonlyMap<string, string>;
  readonly filter: string;
  readonly sort: RunSort;
  readonly onToggle: (runId: string) => void;
  readonly onSetSelected: (runIds: readonly string[], isSelected: boolean) => void;
  readonly onFilter: (filter: string) => void;
  readonly onSort: (key: RunSortKey) => void;
  /** Columns the user added (config keys, metric stats) and what they read; absent = none, and no Columns menu. */
  readonly extraColumns?: readonly ExtraColumn[];
  readonly columnData?: ColumnData;
  readonly isColumnDataLoading?: boolean;
  readonly onColumnsChange?: (columns: readonly ExtraColumn[]) => void;
  readonly onColumnsMenuOpen?: () => void;
}

function SortHeader({ id, label, isNumeric, sort, onSort, title }: { id: RunSortKey; label: string; isNumeric?: boolean; sort: RunSort; onSort: (key: RunSortKey) => void; title?: string }) {
  return (
    <th data-testid="library.column-header" data-column={id} className={isNumeric ? 'num' : undefined} aria-sort={sort.key === id ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} title={title}>
      <button type="button" className="sort" onClick={() => onSort(id)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {sort.key === id ? (sort.dir === 1 ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

function SelectAll({ ids, selectedIds, onSetSelected }: { ids: readonly string[]; selectedIds: ReadonlySet<string>; onSetSelected: RunsTableProps['onSetSelected'] }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = ids.filter((id) => selectedIds.has(id)).length;
  const isAll = ids.length > 0 && count === ids.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !isAll;
  }, [count, isAll]);
  return <input ref={ref} type="checkbox" checked={isAll} disabled={ids.length === 0} onChange={() => onSetSelected(ids, !isAll)} aria-label={isAll ? 'Unselect the runs shown' : 'Select the runs shown'} />;
}

/** Every run found: sortable, filterable; clicking a row (or its checkbox) plots it. */
export function RunsTable(p: RunsTableProps) {
  const extra = p.extraColumns ?? NO_COLUMNS;
  const data = p.columnData ?? EMPTY_COLUMN_DATA;
  const rows = useMemo(() => visibleRuns(p.runs, p.filter, p.sort, extra.length > 0 ? { columns: extra, data } : undefined), [p.runs, p.filter, p.sort, extra, data]);
  const filterError = runFilterError(p.filter);
  const selectedCount = useMemo(() => p.runs.reduce((n, r) => n + (p.selectedIds.has(r.id) ? 1 : 0), 0), [p.runs, p.selectedIds]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_PX, overscan: OVERSCAN, initialRect: { width: 0, height: INITIAL_VIEW_PX } });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  return (
    <section className="runs" aria-labelledby="runs-title">
      <div className="section-head">
        <h2 id="runs-title">Runs</h2>
        <input
          type="search"
          data-testid="library.runs-filter"
          className="runs-filter"
          placeholder="Filter: words or /regex/"
          value={p.filter}
          onChange={(e) => p.onFilter(e.target.value)}
          aria-label="Filter runs by name, path or a shown column's value"
          aria-invalid={filterError !== null}
          spellCheck={false}
        />
        {filterError !== null && (
          <span className="error-text small" role="alert" data-testid="library.runs-filter-error">
            {filterError}
          </span>
        )}
        <span className="muted" aria-live="polite">
          {rows.length === p.runs.length ? `${p.runs.length} runs` : `${rows.length} of ${p.runs.length} runs`} · {selectedCount} plotted
        </span>
        {selectedCount > 0 && (
          <button type="button" className="link" onClick={() => p.onSetSelected(p.runs.map((r) => r.id), false)}>
            Clear selection
          </button>
        )}
        {p.onColumnsChange && <ColumnsMenu columns={extra} data={data} isLoading={p.isColumnDataLoading ?? false} onChange={p.onColumnsChange} onOpen={p.onColumnsMenuOpen ?? (() => undefined)} />}
      </div>
      <div className="table-wrap" ref={scrollRef}>
        <table className="runs-table">
          <thead>
            <tr>
              <th className="check">
                <SelectAll ids={rows.map((r) => r.id)} selectedIds={p.selectedIds} onSetSelected={p.onSetSelected} />
              </th>
              {COLUMNS.map((c) => (
                <SortHeader key={c.key} id={c.key} label={c.label} isNumeric={c.isNumeric} sort={p.sort} onSort={p.onSort} />
              ))}
              {extra.map((c) => (
                <SortHeader key={c.id} id={c.id} label={columnLabel(c)} isNumeric={c.kind === 'metric'} sort={p.sort} onSort={p.onSort} title={c.kind === 'config' ? `Config key ${c.key}` : `${c.stat} of ${c.metric}`} />
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && <tr className="spacer" style={{ height: padTop }} aria-hidden="true" />}
            {items.map((item) => {
              const r = rows[item.index];
              if (!r) return null;
              const isSelected = p.selectedIds.has(r.id);
              const color = p.colors.get(r.id);
              const span = spanOf(r);
              return (
                <tr
                  key={r.id}
                  data-testid="library.run-row"
                  data-run-path={r.path}
                  data-run-format={r.format}
                  data-selected={isSelected}
                  className={isSelected ? 'selected' : undefined}
                  onClick={() => p.onToggle(r.id)}
                >
                  <td className="check">
                    <input type="checkbox" checked={isSelected} onChange={() => p.onToggle(r.id)} onClick={(e) => e.stopPropagation()} aria-label={`Plot ${r.name}`} />
                    <span className="swatch" style={color ? { background: color } : undefined} aria-hidden="true" />
                  </td>
                  <td className="name" title={absoluteRunPath(r, p.sources.get(r.sourceId))}>
                    {r.name}
                  </td>
                  <td>
                    <span className="badge">{r.format}</span>
                  </td>
                  <td className={`status status-${r.status}`}>{r.status}</td>
                  <td className="num">{formatStep(r.lastStep)}</td>
                  <td className="num" title={r.lastLoss ? `${r.lastLoss.metric} at step ${formatStep(r.lastLoss.step)}` : undefined}>
                    {formatValue(r.lastLoss?.value)}
                  </td>
                  <td className="num" title={r.wallStartSec !== null ? `${formatDateTime(r.wallStartSec)} → ${formatDateTime(r.wallEndSec)}` : undefined}>
                    {formatDuration(span)}
                    {r.wallStartSec !== null && <span className="muted"> · {formatDate(r.wallStartSec)}</span>}
                  </td>
                  <td className={r.warningCount > 0 ? 'num warn' : 'num'}>{r.warningCount > 0 ? r.warningCount.toLocaleString('en-US') : ''}</td>
                  {extra.map((c) => {
                    const v = columnValue(r.id, c, data);
                    return (
                      <td key={c.id} className={typeof v === 'number' ? 'num' : undefined} data-column={c.id}>
                        {formatCell(v)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {padBottom > 0 && <tr className="spacer" style={{ height: padBottom }} aria-hidden="true" />}
          </tbody>
        </table>
        {p.runs.length === 0 && <p className="empty">No runs yet. Add a folder of training or evaluation runs.</p>}
        {p.runs.length > 0 && rows.length === 0 && <p className="empty">No run matches this filter.</p>}
      </div>
    </section>
  );
}
