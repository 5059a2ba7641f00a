import { useMemo } from 'react';
import type { SetCompareSettingsReq } from '../../../shared/domain/compare';
import type { RunSummary } from '../../../shared/domain/run';
import { compareTableCsv, compareTableLatex } from '../../../shared/export/compare-table';
import type { ChartColors } from '../../charts/options/curves';
import { DARK_COLORS, LIGHT_COLORS } from '../../charts/options/curves';
import type { RobustnessRun } from '../../charts/options/robustness';
import { useTransport } from '../../data/host';
import { useComparison, useRobustness } from '../../data/queries';
import { useQueryCache } from '../../data/query-cache';
import { appStore, useApp } from '../../state/store';
import { downloadBlob } from '../curves/download';
import { visibleGroups } from './compare-model';
import { EvalMatrix } from './EvalMatrix';
import { PlanePanel } from './PlanePanel';
import { RobustnessPanel } from './RobustnessPanel';

export interface CompareViewProps {
  readonly selectedRuns: readonly RunSummary[];
  readonly allRuns: readonly RunSummary[];
  readonly colors: ReadonlyMap<string, string>;
  readonly isDark: boolean;
}

/** Evaluated models (lm-eval) and weight-update sweeps: what the comparison is mainly for. */
const isEvalRun = (r: RunSummary) => r.format === 'lm-eval';
const isSweepRun = (r: RunSummary) => r.format === 'sweep';

/** Selects exactly the eval and sweep runs (training runs drop out of the selection; their eval series stay comparable). */
function selectEvalRuns(selected: readonly RunSummary[], candidates: readonly RunSummary[]): void {
  const s = appStore.getState();
  s.setRunsSelected(selected.filter((r) => !isEvalRun(r) && !isSweepRun(r)).map((r) => r.id), false);
  s.setRunsSelected(candidates.map((r) => r.id), true);
}

/**
 * Method comparison (issue 6): the eval matrix with deltas vs a baseline, the safety–reasoning plane and, for selected
 * sweeps, robustness to weight updates. Everything is computed by the host (`compare:*`), the same code as the CLI.
 */
export function CompareView({ selectedRuns, allRuns, colors, isDark }: CompareViewProps) {
  const transport = useTransport();
  const cache = useQueryCache();
  const baseline = useApp((s) => s.compareBaseline);
  const paired = useApp((s) => s.comparePaired);
  const filter = useApp((s) => s.compareFilter);
  const hideSubtasks = useApp((s) => s.hideSubtasks);
  const chartColors: ChartColors = isDark ? DARK_COLORS : LIGHT_COLORS;

  // Training runs take part through their held-out series (eval_loss, eval/accuracy…).
  const evalIds = useMemo(() => selectedRuns.filter((r) => !isSweepRun(r)).map((r) => r.id), [selectedRuns]);
  const sweepIds = useMemo(() => selectedRuns.filter(isSweepRun).map((r) => r.id), [selectedRuns]);
  const baselineId = baseline !== null && evalIds.includes(baseline) ? baseline : null;
  const comparison = useComparison(evalIds, baselineId, paired);
  const robustness = useRobustness(sweepIds);
  const result = comparison.data;
  const groups = useMemo(() => (result ? visibleGroups(result, filter, hideSubtasks) : []), [result, filter, hideSubtasks]);
  const sweepRuns = useMemo(() => new Map<string, RobustnessRun>(selectedRuns.filter(isSweepRun).map((r) => [r.id, { name: r.name, color: colors.get(r.id) ?? '#888' }])), [selectedRuns, colors]);

  const candidates = allRuns.filter((r) => isEvalRun(r) || isSweepRun(r));
  const hasEvalSelected = selectedRuns.some((r) => isEvalRun(r) || isSweepRun(r));
  // Offered while no evaluated model is selected: the runs picked for their curves are usually training runs.
  const offer =
    !hasEvalSelected && candidates.length > 0 ? (
      <p className="hint compare-offer">
        {selectedRuns.length > 0 ? 'The selected runs are training runs: only their held-out series (eval loss…) can be compared. ' : ''}
        <button type="button" data-testid="compare.select-all" onClick={() => selectEvalRuns(selectedRuns, candidates)}>
          Compare the {candidates.length} eval and sweep runs
        </button>
      </p>
    ) : null;
  if (evalIds.length === 0 && sweepIds.length === 0) {
    return (
      <section className="compare-view" aria-label="Compare" data-testid="compare.view" data-state="empty">
        <p className="empty">Select evaluated models (lm-eval results) in the runs table to compare them, and weight-update sweeps (docs/sweep-format.md) to see their robustness.</p>
        {offer}
      </section>
    );
  }

  const saveSettings = async (req: SetCompareSettingsReq) => {
    try {
      await transport.call('compare:set-settings', req);
      await cache.invalidate((k) => typeof k[0] === 'string' && k[0].startsWith('compare:'));
    } catch (err) {
      appStore.getState().report(err instanceof Error ? err.message : String(err));
    }
  };
  const download = (kind: 'csv' | 'latex') => {
    if (!result) return;
    const text = kind === 'csv' ? compareTableCsv(result) : compareTableLatex(result);
    downloadBlob(kind === 'csv' ? 'eval-comparison.csv' : 'eval-comparison.tex', new Blob([text], { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-tex;charset=utf-8' }));
  };

  const state = comparison.error ? 'error' : result ? (comparison.isFetching ? 'updating' : 'ready') : 'loading';
  return (
    <section className="compare-view" aria-label="Compare" data-testid="compare.view" data-state={state} data-baseline={result?.baselineRunId ?? ''}>
      {offer}
      {evalIds.length > 0 && (
        <>
          <div className="section-head compare-toolbar">
            <label>
              Baseline{' '}
              <select data-testid="compare.baseline" value={result?.baselineRunId ?? ''} onChange={(e) => appStore.getState().setCompareBaseline(e.currentTarget.value)}>
                {(result?.columns ?? []).map((c) => (
                  <option key={c.runId} value={c.runId}>
                    {c.name}
                    {c.method ? ` (${c.method})` : ''}
                  </option>
                ))}
              </select>
            </label>
            <label title="Pair documents by doc_id when both runs logged samples (paired bootstrap, McNemar); otherwise intervals come from the reported stderr.">
              <input type="checkbox" data-testid="compare.paired" checked={paired} onChange={(e) => appStore.getState().setComparePaired(e.currentTarget.checked)} /> paired
            </label>
            <input className="compare-filter" type="search" placeholder="Filter tasks and metrics" aria-label="Filter tasks and metrics" data-testid="compare.filter" value={filter} onChange={(e) => appStore.getState().setCompareFilter(e.currentTarget.value)} />
            <label>
              <input type="checkbox" checked={hideSubtasks} onChange={(e) => appStore.getState().setHideSubtasks(e.currentTarget.checked)} /> hide subtasks
            </label>
            <span className="spacer" />
            <button type="button" className="link small" data-testid="compare.export-csv" disabled={!result} onClick={() => download('csv')}>
              CSV
            </button>
            <button type="button" className="link small" data-testid="compare.export-latex" disabled={!result} onClick={() => download('latex')}>
              LaTeX
            </button>
          </div>
          {comparison.error && <p className="error-text" data-testid="compare.error">{comparison.error.message}</p>}
          {result && (
            <>
              <EvalMatrix result={result} groups={groups} colors={colors} onMethod={(runId, method) => void saveSettings({ methods: { [runId]: method } })} onCategory={(task, category) => void saveSettings({ categories: { [task]: category } })} />
              {result.plane.length > 0 && <PlanePanel result={result} colors={colors} chartColors={chartColors} />}
              <ul className="muted small compare-notes">
                {result.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {sweepIds.length > 0 && robustness.data && <RobustnessPanel result={robustness.data} runs={sweepRuns} chartColors={chartColors} />}
      {robustness.error && <p className="error-text">{robustness.error.message}</p>}
    </section>
  );
}
