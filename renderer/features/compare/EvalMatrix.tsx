import type { CompareColumn, CompareResult, CompareRow } from '../../../shared/domain/compare';
import { NoteButton } from '../notes/NoteButton';
import type { RowGroup } from './compare-model';
import { deltaTitle, formatNumber, formatP, formatSigned, metricLabel } from './compare-model';

export interface EvalMatrixProps {
  readonly result: CompareResult;
  readonly groups: readonly RowGroup[];
  readonly colors: ReadonlyMap<string, string>;
  readonly onMethod: (runId: string, method: string | null) => void;
  readonly onCategory: (task: string, category: string | null) => void;
}

const CATEGORY_CHOICES: readonly { value: string; label: string }[] = [
  { value: 'safety', label: 'Safety' },
  { value: 'reasoning', label: 'Reasoning' },
  { value: '', label: '—' },
];

/** A run's column header: its name, and its method as an editable label (the user's label wins over the guess). */
function ColumnHead({ col, color, onMethod }: { col: CompareColumn; color: string | undefined; onMethod: EvalMatrixProps['onMethod'] }) {
  const commit = (value: string) => {
    const next = value.trim();
    if (next === (col.method ?? '')) return;
    onMethod(col.runId, next === '' ? null : next);
  };
  return (
    <th colSpan={col.isBaseline ? 1 : 2} className="compare-col" data-testid="compare.column" data-run={col.runId} data-baseline={col.isBaseline}>
      <div className="compare-col-name" title={col.path}>
        {color && <span className="swatch" style={{ background: color }} />} {col.name}
        {col.isBaseline && <span className="badge">baseline</span>}
      </div>
      <input
        key={`${col.runId}:${col.method ?? ''}`}
        className="compare-method"
        data-testid="compare.method"
        data-run={col.runId}
        aria-label={`Method of ${col.name}`}
        defaultValue={col.method ?? ''}
        placeholder="method?"
        title={col.methodReason ? `Method ${col.methodSource === 'user' ? 'set by you' : `guessed: ${col.methodReason}`}. Edit to relabel; clear to go back to the guess.` : 'No method found in the name or config: type one (base, sft, dpo, ppo…).'}
        onBlur={(e) => commit(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
    </th>
  );
}

function DeltaCell({ row, index, runId }: { row: CompareRow; index: number; runId: string }) {
  const d = row.deltas[index];
  if (!d) return <td className="num muted">–</td>;
  const ref = row.cells.find((c) => c !== null)?.value ?? null;
  const iv = d.low === null || d.high === null ? null : `[${formatSigned(d.low, ref)}, ${formatSigned(d.high, ref)}]`;
  return (
    <td
      className={`num compare-delta verdict-${d.verdict}`}
      title={deltaTitle(d, row)}
      data-testid="compare.delta"
      data-run={runId}
      data-verdict={d.verdict}
      data-method={d.method}
      data-delta={d.delta}
      data-low={d.low ?? ''}
      data-high={d.high ?? ''}
      data-n={d.n ?? ''}
    >
      <span className="delta-value">{formatSigned(d.delta, ref)}</span>
      {iv && <span className="delta-interval"> {iv}</span>}
      {d.method !== 'stderr' && <span className="delta-method"> paired{d.p !== null ? `, ${formatP(d.p)}` : ''}</span>}
    </td>
  );
}

/**
 * The eval matrix: task × metric rows, one column per model (value ± stderr) and, for every model but the baseline,
 * its delta with the 95 % interval, coloured when the interval excludes 0 in the direction of good.
 */
export function EvalMatrix({ result, groups, colors, onMethod, onCategory }: EvalMatrixProps) {
  const cols = result.columns;
  return (
    <div className="table-wrap compare-table-wrap">
      <table data-testid="compare.table" aria-label="Eval comparison">
        <thead>
          <tr>
            <th rowSpan={2}>Task</th>
            <th rowSpan={2}>Metric</th>
            <th rowSpan={2}>Category</th>
            {cols.map((c) => (
              <ColumnHead key={c.runId} col={c} color={colors.get(c.runId)} onMethod={onMethod} />
            ))}
          </tr>
          <tr>
            {cols.flatMap((c) =>
              c.isBaseline
                ? [<th key={c.runId} className="num small">value ± se</th>]
                : [
                    <th key={`${c.runId}:v`} className="num small">value</th>,
                    <th key={`${c.runId}:d`} className="num small">Δ [95 %]</th>,
                  ],
            )}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => [
            <tr key={`g:${g.category ?? ''}`} className="compare-group">
              <td colSpan={3 + cols.reduce((a, c) => a + (c.isBaseline ? 1 : 2), 0)}>{g.label}</td>
            </tr>,
            ...g.rows.map((row) => (
              <tr key={`${row.task}\u0000${row.metric}\u0000${row.filter}`} data-testid="compare.row" data-task={row.task} data-metric={row.metric} data-filter={row.filter}>
                <td className={row.isSubtask ? 'compare-subtask' : undefined} title={row.isSubtask ? 'A subtask of a group listed above: not counted again in the category score.' : undefined}>
                  {row.task} <NoteButton target={{ kind: 'compare-row', task: row.task, metric: row.metric, filter: row.filter }} label={`${row.task} ${row.metric}`} />
                </td>
                <td>
                  {metricLabel(row.metric, row.filter)}
                  <span className="muted small"> {row.parityTarget !== null ? `→${row.parityTarget}` : row.higherIsBetter === null ? '' : row.higherIsBetter ? '↑' : '↓'}</span>
                </td>
                <td>
                  <select aria-label={`Category of ${row.task}`} data-testid="compare.category" data-task={row.task} value={row.category ?? ''} onChange={(e) => onCategory(row.task, e.currentTarget.value === '' ? null : e.currentTarget.value)}>
                    {CATEGORY_CHOICES.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                    {row.category !== null && !CATEGORY_CHOICES.some((c) => c.value === row.category) && <option value={row.category}>{row.category}</option>}
                  </select>
                </td>
                {cols.flatMap((c, i) => {
                  const cell = row.cells[i];
                  const value = cell ? formatNumber(cell.value) : '–';
                  if (c.isBaseline) return [<td key={c.runId} className="num" data-testid="compare.value" data-run={c.runId}>{cell ? `${value}${cell.stderr !== null ? ` ± ${formatNumber(cell.stderr, cell.value)}` : ''}` : '–'}</td>];
                  return [
                    <td key={`${c.runId}:v`} className="num" data-testid="compare.value" data-run={c.runId}>{value}</td>,
                    <DeltaCell key={`${c.runId}:d`} row={row} index={i} runId={c.runId} />,
                  ];
                })}
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </div>
  );
}
