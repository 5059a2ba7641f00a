import { useMemo, useState } from 'react';
import { configDiff, configText } from '../../../shared/analysis/review/config-diff';
import type { RunSummary } from '../../../shared/domain/run';
import { useComparison, useConfigs } from '../../data/queries';
import { appStore, useApp } from '../../state/store';
import { formatNumber, formatSigned, metricLabel } from '../compare/compare-model';
import { CheckpointsPanel } from './CheckpointsPanel';
import { SamplesPanel } from './SamplesPanel';

/** Side by side is readable up to four columns (issue 8). */
export const MAX_REVIEWED = 4;
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

/**
 * Checkpoint / run review (issue 8): the selected runs' configs side by side (diff only by default, changed values
 * highlighted), and, for evaluated models, their eval deltas sorted by the largest change.
 */
export function ReviewView({ selectedRuns, colors }: { selectedRuns: readonly RunSummary[]; colors: ReadonlyMap<string, string> }) {
  const runs = selectedRuns.slice(0, MAX_REVIEWED);
  const ids = useMemo(() => runs.map((r) => r.id), [runs]);
  const configs = useConfigs(ids);
  const diffOnly = useApp((s) => s.reviewDiffOnly);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => configDiff(ids, configs.data ?? []), [ids, configs.data]);
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const shown = rows.filter((r) => (!diffOnly || r.isDifferent) && words.every((w) => `${r.key} ${r.values.map(configText).join(' ')}`.toLowerCase().includes(w)));
  const evalIds = runs.filter((r) => r.format === 'lm-eval').map((r) => r.id);
  const cmp = useComparison(evalIds.length >= 2 ? evalIds : [], null, true);
  const evalRows = useMemo(() => {
    const r = cmp.data;
    if (!r) return [];
    // In standard errors where known: raw deltas of accuracies and likelihoods are not on one scale.
    const size = (row: (typeof r.rows)[number]) => Math.max(0, ...row.deltas.map((d) => (d ? Math.abs(d.delta) / (d.se !== null && d.se > 0 ? d.se : 1) : 0)));
    return [...r.rows].filter((row) => !row.isSubtask).sort((a, b) => size(b) - size(a));
  }, [cmp.data]);

  if (runs.length < 2) return <p className="empty" data-testid="review.view" data-state="empty">Select two to four runs or checkpoints in the runs table to review them side by side.</p>;
  return (
    <section className="review-view" aria-label="Review" data-testid="review.view" data-state={configs.data ? 'ready' : 'loading'}>
      {selectedRuns.length > MAX_REVIEWED && <p className="hint">Showing the first {MAX_REVIEWED} of {selectedRuns.length} selected runs.</p>}
      <div className="section-head">
        <strong>Config</strong>
        <label className="small">
          <input type="checkbox" data-testid="review.diff-only" checked={diffOnly} onChange={(e) => appStore.getState().setReviewDiffOnly(e.currentTarget.checked)} /> differences only
        </label>
        <input type="search" aria-label="Filter keys and values" placeholder="Filter keys and values" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
        <span className="muted small" data-testid="review.counts">
          {rows.filter((r) => r.isDifferent).length} of {rows.length} keys differ
        </span>
      </div>
      <div className="table-wrap review-table-wrap">
        <table data-testid="review.config-table" aria-label="Config side by side">
          <thead>
            <tr>
              <th>Key</th>
              {runs.map((r) => (
                <th key={r.id}>
                  <span className="swatch" style={{ background: colors.get(r.id) }} /> {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} data-testid="review.config-row" data-key={row.key} data-different={row.isDifferent} className={row.isDifferent ? 'review-changed' : undefined}>
                <td title={`from ${row.origins.join(', ')}`}>{row.key}</td>
                {row.values.map((v, i) => (
                  <td key={ids[i]} className={v === undefined ? 'muted' : row.isDifferent && configText(v) !== configText(row.values[0]) ? 'review-diff' : undefined}>
                    <Value text={configText(v)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CheckpointsPanel runs={runs} />
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
      <SamplesPanel runs={runs.filter((r) => r.format === 'lm-eval')} colors={colors} />
    </section>
  );
}
