import type { FolderTie, TableColumns } from '../../../shared/domain/import-choices';
import type { RunSummary, Source } from '../../../shared/domain/run';
import { useTransport } from '../../data/host';
import { isLibraryKey } from '../../data/queries';
import { useQuery, useQueryCache } from '../../data/query-cache';
import type { QueryState } from '../../data/query-cache';
import { appStore } from '../../state/store';
import { columnValue, formatInUse, nextTableChoice, NO_WALL, STEP_DETECTED, STEP_ROW, stepSelectValue, tieFolderLabel, wallSelectValue } from './import-choices-model';

function useTies(): QueryState<FolderTie[]> {
  const t = useTransport();
  return useQuery(['library:list-ties'], () => t.call('library:list-ties', {}));
}

function useTableColumns(runId: string): QueryState<TableColumns> {
  const t = useTransport();
  return useQuery(['library:get-table-columns', runId], () => t.call('library:get-table-columns', { runId }));
}

/** Runs a choice: the host stores it and re-imports the folder; the job shows in the progress panel. */
function useApplyChoice(): (sourceId: string, call: () => Promise<{ jobId: string }>) => void {
  const cache = useQueryCache();
  return (sourceId, call) => {
    call()
      .then(async ({ jobId }) => {
        appStore.getState().jobStarted(jobId, sourceId);
        await cache.invalidate(isLibraryKey);
      })
      .catch((err: unknown) => appStore.getState().report(err instanceof Error ? err.message : String(err)));
  };
}

/**
 * The user's import choices: folders two formats claim equally ("Read <folder> as: [a] [b]", the choice kept so it
 * can be changed back), and the step / wall-time columns of the plotted table runs.
 */
export function ImportChoices({ selectedRuns, sources }: { selectedRuns: readonly RunSummary[]; sources: ReadonlyMap<string, Source> }) {
  const ties = useTies().data ?? [];
  const tableRuns = selectedRuns.filter((r) => r.format === 'table');
  if (ties.length === 0 && tableRuns.length === 0) return null;
  return (
    <section className="import-choices" aria-labelledby="import-choices-title" data-testid="library.import-choices">
      <h2 id="import-choices-title">Import choices</h2>
      {ties.map((t) => (
        <TieChoice key={`${t.sourceId}/${t.folder}`} tie={t} sourceName={sources.get(t.sourceId)?.name} />
      ))}
      {tableRuns.map((r) => (
        <TableColumnsChoice key={r.id} run={r} />
      ))}
    </section>
  );
}

function TieChoice({ tie, sourceName }: { tie: FolderTie; sourceName: string | undefined }) {
  const transport = useTransport();
  const apply = useApplyChoice();
  const inUse = formatInUse(tie);
  const choose = (format: FolderTie['chosen']) => apply(tie.sourceId, () => transport.call('library:choose-format', { sourceId: tie.sourceId, folder: tie.folder, format }));
  return (
    <div className="choice-row" data-testid="library.tie" data-folder={tie.folder} data-chosen={tie.chosen ?? ''}>
      <span>
        Read <code>{tieFolderLabel(tie, sourceName)}</code> as:
      </span>
      <span className="choice-buttons" role="group" aria-label={`Format for ${tie.folder || 'the folder'}`}>
        {tie.formats.map((f) => (
          <button key={f} type="button" data-testid="library.tie-choice" data-folder={tie.folder} data-format={f} aria-pressed={f === inUse} onClick={() => f !== tie.chosen && choose(f)}>
            {f}
          </button>
        ))}
      </span>
      {tie.chosen === null ? (
        <span className="muted small">both formats fit equally; {inUse} was picked by order</span>
      ) : (
        <span className="muted small">
          your choice ·{' '}
          <button type="button" className="link" data-testid="library.tie-reset" data-folder={tie.folder} onClick={() => choose(null)}>
            decide automatically
          </button>
        </span>
      )}
    </div>
  );
}

function TableColumnsChoice({ run }: { run: RunSummary }) {
  const transport = useTransport();
  const apply = useApplyChoice();
  const q = useTableColumns(run.id);
  const c = q.data;
  if (!c) return q.error ? <p className="muted small">{run.name}: {q.error.message}</p> : null;
  const stepValue = stepSelectValue(c);
  const wallValue = wallSelectValue(c);
  const change = (nextStep: string, nextWall: string) =>
    apply(run.sourceId, () => transport.call('library:set-table-columns', { runId: run.id, choice: nextTableChoice(c, nextStep, nextWall) }));
  return (
    <div className="choice-row" data-testid="table.columns" data-run-id={run.id}>
      <span className="run-name">{run.name}</span>
      <label>
        x axis{' '}
        <select data-testid="table.step-column-select" data-run-id={run.id} value={stepValue} onChange={(e) => change(e.target.value, wallValue)}>
          <option value={STEP_DETECTED}>detected{c.detectedStep === null ? ' (row number)' : ` (${c.detectedStep})`}</option>
          <option value={STEP_ROW}>row number</option>
          {c.columns.map((name) => (
            <option key={name} value={columnValue(name)}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        wall time{' '}
        <select data-testid="table.wall-column-select" data-run-id={run.id} value={wallValue} onChange={(e) => change(stepValue, e.target.value)}>
          <option value={NO_WALL}>none</option>
          {c.columns.map((name) => (
            <option key={name} value={columnValue(name)}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
