import { useMemo, useState } from 'react';
import { configDiff, configText } from '../../../shared/analysis/review/config-diff';
import { reviewEvalRows } from '../../../shared/analysis/review/eval-diff';
import type { ReviewSubject } from '../../../shared/domain/review';
import type { RunSummary } from '../../../shared/domain/run';
import { useComparison } from '../../data/queries';
import { appStore, useApp } from '../../state/store';
import { formatNumber, formatSigned, metricLabel } from '../compare/compare-model';
import { CheckpointsPanel } from './CheckpointsPanel';
import type { ReviewColumn } from './review-columns';
import { currentSubjects, MAX_REVIEWED, resolveColumns, selectionKey as selectionKeyOf, subjectChoices, subjectKey } from './review-columns';
import { useColumnConfigs } from './use-column-configs';
import { showCheckpointOnCurves } from './show-on-curves';
import { SamplesPanel } from './SamplesPanel';

/** Longer values are folded; the whole value opens on click. */
const FOLD_CHARS = 80;

function Value({ text }: { text: string }) {
  if (text.length <= FOLD_CHARS) return <>{text}</>;
  return (
    <details>
      <summary>{text.slice(0, FOLD_CHARS)}…</summary>
      <span className="review-long">{text}</span>
    </details>
  );
}

function ColumnHead({ column, index, columns, choices, color, onChange }: { column: ReviewColumn; index: number; columns: readonly ReviewColumn[]; choices: ReturnType<typeof subjectChoices>; color: string | undefined; onChange: (subjects: ReviewSubject[]) => void }) {
  const taken = new Set(columns.map((c) => c.key));
  const subjects = columns.map((c) => c.subject);
  const replace = (s: ReviewSubject) => onChange(subjects.map((x, i) => (i === index ? s : x)));
  const cp = column.checkpoint;
  return (
    <th data-testid="review.column" data-key={column.key} data-checkpoint={cp?.path ?? ''}>
      <div className="review-column-head">
        <span className="swatch" style={{ background: color }} />
        <select aria-label={`Column ${index + 1}`} data-testid="review.column-subject" value={column.key} onChange={(e) => {
          const pick = choices.find((c) => subjectKey(c.subject) === e.currentTarget.value);
          if (pick) replace(pick.subject);
        }}>
          {choices.map((c) => {
            const k = subjectKey(c.subject);
            return (
              <option key={k} value={k} disabled={k !== column.key && taken.has(k)}>
                {c.label}
              </option>
            );
          })}
        </select>
        {columns.length > 2 && (
          <button type="button" className="link small" aria-label={`Remove ${column.label}`} data-testid="review.column-remove" onClick={() => onChange(subjects.filter((_, i) => i !== index))}>
            ×
          </button>
        )}
      </div>
      {cp && cp.step !== null && (
        <button type="button" className="link small" data-testid="review.show-step" title="Open the curves zoomed around this checkpoint, its step marked" onClick={() => showCheckpointOnCurves(column.run, cp)}>
          step {cp.step} on the curves
        </button>
      )}
    </th>
  );
}

/**
 * Checkpoint / run review (issue 8): 2–4 runs or checkpoints side by side — config (diff only by default, changed
 * values highlighted), checkpoint integrity, eval deltas sorted by the largest change, and per-sample flips.
 */
export function ReviewView({ selectedRuns, colors }: { selectedRuns: readonly RunSummary[]; colors: ReadonlyMap<string, string> }) {
  const selectionKey = selectionKeyOf(selectedRuns);
  const stored = useApp((s) => s.reviewSubjects);
  const subjects = currentSubjects(stored, selectedRuns);
  const columns = useMemo(() => resolveColumns(subjects, selectedRuns), [subjects, selectedRuns]);
  const choices = useMemo(() => subjectChoices(selectedRuns), [selectedRuns]);
  const setSubjects = (next: readonly ReviewSubject[]) => appStore.getState().setReviewSubjects(selectionKey, next);
  const keys = useMemo(() => columns.map((c) => c.key), [columns]);
  const { entries, error } = useColumnConfigs(columns);
  const diffOnly = useApp((s) => s.reviewDiffOnly);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => configDiff(keys, entries ?? []), [keys, entries]);
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const shown = rows.filter((r) => (!diffOnly || r.isDifferent) && words.every((w) => `${r.key} ${r.values.map(configText).join(' ')}`.toLowerCase().includes(w)));
  const evalRuns = columns.filter((c) => c.checkpoint === null && c.run.format === 'lm-eval').map((c) => c.run);
  const evalIds = evalRuns.map((r) => r.id);
  const cmp = useComparison(evalIds.length >= 2 ? evalIds : [], null, true);
  const evalRows = useMemo(() => (cmp.data ? reviewEvalRows(cmp.data) : []), [cmp.data]);
  const reviewedRuns = useMemo(() => [...new Map(columns.map((c) => [c.run.id, c.run])).values()], [columns]);
  const free = choices.filter((c) => !keys.includes(subjectKey(c.subject)));

  if (columns.length < 2) {
    return (
      <p className="empty" data-testid="review.view" data-state="empty">
        Select two to four runs in the runs table, or one run with several checkpoints, to review them side by side.
      </p>
    );
  }
  return (
    <section className="review-view" aria-label="Review" data-testid="review.view" data-state={entries ? 'ready' : 'loading'} data-columns={columns.length}>
      {selectedRuns.length > MAX_REVIEWED && stored === null && <p className="hint">Showing the first {MAX_REVIEWED} of {selectedRuns.length} selected runs.</p>}
      <div className="section-head">
        <strong>Config</strong>
        <label className="small">
          <input type="checkbox" data-testid="review.diff-only" checked={diffOnly} onChange={(e) => appStore.getState().setReviewDiffOnly(e.currentTarget.checked)} /> differences only
        </label>
        <input type="search" aria-label="Filter keys and values" placeholder="Filter keys and values" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
        <span className="muted small" data-testid="review.counts">
          {rows.filter((r) => r.isDifferent).length} of {rows.length} keys differ
        </span>
        {columns.length < MAX_REVIEWED && free.length > 0 && (
          <select aria-label="Add a column" data-testid="review.add-column" value="" onChange={(e) => {
            const pick = free.find((c) => subjectKey(c.subject) === e.currentTarget.value);
            if (pick) setSubjects([...columns.map((c) => c.subject), pick.subject]);
          }}>
            <option value="">Add a run or checkpoint…</option>
            {free.map((c) => (
              <option key={subjectKey(c.subject)} value={subjectKey(c.subject)}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </div>
      {error && <p className="error-text">{error.message}</p>}
      <div className="table-wrap review-table-wrap">
        <table data-testid="review.config-table" aria-label="Config side by side">
          <thead>
            <tr>
              <th>Key</th>
              {columns.map((c, i) => (
                <ColumnHead key={c.key} column={c} index={i} columns={columns} choices={choices} color={colors.get(c.run.id)} onChange={setSubjects} />
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} data-testid="review.config-row" data-key={row.key} data-different={row.isDifferent} className={row.isDifferent ? 'review-changed' : undefined}>
                <td title={`from ${row.origins.join(', ')}`}>{row.key}</td>
                {row.values.map((v, i) => (
                  <td key={keys[i]} className={v === undefined ? 'muted' : row.isDifferent && configText(v) !== configText(row.values[0]) ? 'review-diff' : undefined}>
                    <Value text={configText(v)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CheckpointsPanel runs={reviewedRuns} reviewed={keys} onReview={(s) => setSubjects(columns.length < MAX_REVIEWED ? [...columns.map((c) => c.subject), s] : [...columns.slice(0, -1).map((c) => c.subject), s])} />
      {evalRows.length > 0 && cmp.data && (
        <>
          <div className="section-head">
            <strong>Evals</strong>
            <span className="muted small">vs {cmp.data.columns.find((c) => c.isBaseline)?.name}, largest change first (in standard errors); 95 % intervals as in Compare</span>
          </div>
          <div className="table-wrap">
            <table data-testid="review.eval-table">
              <thead>
                <tr>
                  <th>Task</th>
                  <th>Metric</th>
                  {cmp.data.columns.map((c) => (
                    <th key={c.runId} className="num">
                      {c.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {evalRows.map((row) => (
                  <tr key={`${row.task}|${row.metric}|${row.filter}`} data-testid="review.eval-row" data-task={row.task}>
                    <td>{row.task}</td>
                    <td>{metricLabel(row.metric, row.filter)}</td>
                    {row.cells.map((cell, i) => {
                      const d = row.deltas[i];
                      return (
                        <td key={cmp.data?.columns[i]?.runId ?? i} className={`num ${d ? `verdict-${d.verdict}` : ''}`}>
                          {cell ? formatNumber(cell.value) : '–'}
                          {d && <span className="report-delta"> Δ {formatSigned(d.delta, cell?.value ?? null)}{d.low !== null && d.high !== null ? ` [${formatSigned(d.low, cell?.value ?? null)}, ${formatSigned(d.high, cell?.value ?? null)}]` : ''}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <SamplesPanel runs={evalRuns} colors={colors} />
    </section>
  );
}
