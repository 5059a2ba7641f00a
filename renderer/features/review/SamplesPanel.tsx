import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FlipFilter, SamplesPage, SamplesReq } from '../../../shared/domain/review';
import type { RunSummary } from '../../../shared/domain/run';
import { useTransport } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import type { SampleColumn } from './SampleList';
import { SampleList } from './SampleList';
import { SampleDetailView } from './SampleDetailView';
import { chipCount, FLIP_CHIPS, FLIP_LABEL, taskOption } from './samples-model';

/** Typing settles for this long before the host is asked again. */
const SEARCH_DEBOUNCE_MS = 250;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/**
 * The review proper for one set of columns (2–4): the first is the baseline, flips are counted against the candidate.
 * Remounted when the columns change, so a filter never outlives the runs it was chosen for.
 */
function SamplesReview({ columns, dropped, onWithoutSamples }: { columns: readonly SampleColumn[]; dropped: readonly string[]; onWithoutSamples: (ids: readonly string[]) => void }) {
  const t = useTransport();
  const runIds = columns.map((c) => c.id);
  const [candidate, setCandidate] = useState(columns.length - 1);
  const [task, setTask] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [flip, setFlip] = useState<FlipFilter>('all');
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [openKey, setOpenKey] = useState<string | null>(null);

  const req: SamplesReq = { runIds: [...runIds], candidate, task, category, flip, ...(search !== '' ? { search } : {}) };
  const q = useQuery<SamplesPage>(['review:samples', runIds, candidate, task, category, flip, search], () => t.call('review:samples', req), { keepPrevious: true });
  const page = q.data;

  const without = page?.withoutSamples;
  useEffect(() => {
    if (without && without.length > 0) onWithoutSamples(without);
  }, [without, onWithoutSamples]);

  const rows = page?.rows ?? [];
  const openRow = useMemo(() => (openKey === null ? undefined : rows.find((r) => r.key === openKey)), [rows, openKey]);
  const names = (ids: readonly string[]) => ids.map((id) => columns.find((c) => c.id === id)?.name ?? id).join(', ');
  const droppedHint = dropped.length > 0 && (
    <p className="hint" data-testid="review.samples-without">
      {dropped.join(', ')} logged no per-sample outputs (lm-eval <code>--log_samples</code>), so {dropped.length === 1 ? 'it is' : 'they are'} left out here.
    </p>
  );

  if (!page) {
    return (
      <div className="samples-panel" data-testid="review.samples" data-state={q.error ? 'error' : 'loading'}>
        <PanelHead />
        {droppedHint}
        {q.error ? <p className="error-text">{q.error.message}</p> : <p className="muted small">Matching the runs’ logged samples…</p>}
      </div>
    );
  }
  if (page.tasks.length === 0) {
    return (
      <div className="samples-panel" data-testid="review.samples" data-state="empty">
        <PanelHead />
        {droppedHint}
        {page.withoutSamples.length > 0 && dropped.length === 0 && <p className="hint">{names(page.withoutSamples)} logged no per-sample outputs.</p>}
        <p className="empty">No document was logged by every one of these runs. Per-sample review needs lm-eval run with <code>--log_samples</code> on the same tasks.</p>
      </div>
    );
  }

  const selectedTask = page.tasks.find((x) => x.key === task);
  const passed = rows.length + page.truncated;
  return (
    <div className="samples-panel" data-testid="review.samples" data-state="ready" aria-busy={q.isFetching}>
      <PanelHead />
      {droppedHint}
      {q.error && <p className="error-text">{q.error.message}</p>}
      <div className="section-head samples-head">
        <div className="flip-chips" role="group" aria-label="Filter by flip">
          {FLIP_CHIPS.map((f) => {
            const n = chipCount(page.counts, f);
            return (
              <button key={f} type="button" className={`flip-chip flip-${f}${flip === f ? ' on' : ''}`} aria-pressed={flip === f} data-testid="review.flip-count" data-flip={f} data-count={n} onClick={() => setFlip(f)}>
                {FLIP_LABEL[f]} <span className="num">{n.toLocaleString('en-US')}</span>
              </button>
            );
          })}
        </div>
        <select aria-label="Task" data-testid="review.sample-task" value={task ?? ''} onChange={(e) => setTask(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
          <option value="">All tasks ({page.tasks.reduce((s, x) => s + x.matched, 0).toLocaleString('en-US')} docs)</option>
          {page.tasks.map((x) => (
            <option key={x.key} value={x.key}>
              {taskOption(x)}
            </option>
          ))}
        </select>
        {page.categories.length > 0 && (
          <select aria-label="Category" data-testid="review.sample-category" value={category ?? ''} onChange={(e) => setCategory(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
            <option value="">All categories</option>
            {page.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
        <input type="search" aria-label="Search prompts, targets and responses" placeholder="Search prompts, targets, responses" data-testid="review.sample-search" value={searchText} onChange={(e) => setSearchText(e.currentTarget.value)} />
        {columns.length > 2 && (
          <label className="small">
            flips vs{' '}
            <select aria-label="Flips against" data-testid="review.sample-candidate" value={candidate} onChange={(e) => setCandidate(Number(e.currentTarget.value))}>
              {columns.slice(1).map((c, i) => (
                <option key={c.id} value={i + 1}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="muted small samples-scope">
        Flips: <strong>{columns[0]?.name}</strong> (baseline) → <strong>{columns[candidate]?.name}</strong>
        {selectedTask && selectedTask.metric === null ? ' · this task has no 0/1 per-sample metric, so its documents are not scored' : selectedTask ? ` · right/wrong by ${selectedTask.metric}` : ''}
        {' · '}
        {passed.toLocaleString('en-US')} shown
        {page.truncated > 0 && ` (the first ${rows.length.toLocaleString('en-US')} listed; narrow by task, category or search for the rest)`}
      </p>
      {page.withoutSamples.length > 0 && <p className="hint">{names(page.withoutSamples)} logged no per-sample outputs.</p>}
      {/* A new filter starts the list at its top (keyed), not at the old scroll position. */}
      {rows.length === 0 ? (
        <p className="empty" data-testid="review.samples-none">No document matches these filters.</p>
      ) : (
        <SampleList key={JSON.stringify([candidate, task, category, flip, search])} rows={rows} total={passed} columns={columns} activeKey={activeKey} openKey={openKey} onActive={setActiveKey} onOpen={setOpenKey} />
      )}
      {openKey !== null && <SampleDetailView key={openKey} runIds={runIds} sampleKey={openKey} row={openRow} columns={columns} onClose={() => setOpenKey(null)} />}
    </div>
  );
}

function PanelHead() {
  return (
    <div className="section-head">
      <strong>Samples</strong>
      <span className="muted small">each logged eval document matched across the runs: what the candidate gets wrong that the baseline got right, and back</span>
    </div>
  );
}

/** Per-sample review of 2–4 evaluated runs (issue 8 §3). */
export function SamplesPanel({ runs, colors }: { runs: readonly RunSummary[]; colors: ReadonlyMap<string, string> }) {
  // Runs the host reports as having logged no samples leave the columns, so the others can still be compared. Kept
  // per set of runs: choosing other runs starts afresh.
  const runKey = runs.map((r) => r.id).join('\n');
  const [droppedFor, setDroppedFor] = useState<{ runKey: string; ids: readonly string[] }>({ runKey, ids: [] });
  const dropped = droppedFor.runKey === runKey ? droppedFor.ids : [];
  const onWithoutSamples = useCallback(
    (ids: readonly string[]) =>
      setDroppedFor((prev) => {
        const before = prev.runKey === runKey ? prev.ids : [];
        return ids.every((id) => before.includes(id)) && prev.runKey === runKey ? prev : { runKey, ids: [...new Set([...before, ...ids])] };
      }),
    [runKey],
  );
  const columns = runs.filter((r) => !dropped.includes(r.id)).map((r): SampleColumn => ({ id: r.id, name: r.name, color: colors.get(r.id) }));
  if (runs.length < 2) return null;
  const droppedNames = dropped.map((id) => runs.find((r) => r.id === id)?.name ?? id);
  if (columns.length < 2) {
    return (
      <div className="samples-panel" data-testid="review.samples" data-state="empty">
        <PanelHead />
        <p className="empty">{droppedNames.join(', ')} logged no per-sample outputs (lm-eval --log_samples); at least two runs with logged samples are needed.</p>
      </div>
    );
  }
  return <SamplesReview key={columns.map((c) => c.id).join('\n')} columns={columns} dropped={droppedNames} onWithoutSamples={onWithoutSamples} />;
}
