import { useMemo, useState } from 'react';
import type { DiagnosisEvent, Goodput, RunDiagnosis } from '../../../shared/domain/diagnosis';
import type { RunSummary } from '../../../shared/domain/run';
import { formatDuration, plural } from '../../components/format';
import { useDiagnosis } from '../../data/queries';
import { appStore } from '../../state/store';
import { categoryLabel, categoryTable, eventGroups, formatRatio, whereOf } from './diagnosis-model';

/** The contract's limit on runs per diagnosis request. */
const MAX_RUNS = 200;

function openLog(runId: string, e: DiagnosisEvent): void {
  appStore.getState().openLog({ runId, file: e.file, line: e.line });
}

function showOnCurves(run: RunSummary, e: DiagnosisEvent): void {
  if (e.step === null) return;
  const s = appStore.getState();
  const pad = Math.max(1, Math.round(Math.max(1, run.lastStep ?? e.step) / 10));
  s.focusStep({ step: e.step, label: `${run.name}: ${categoryLabel(e.category)}`, window: { min: Math.max(0, e.step - pad), max: e.step + pad } });
  s.setMainView('curves');
}

function EventRow({ run, e }: { run: RunSummary; e: DiagnosisEvent }) {
  return (
    <tr data-testid="diagnosis.event" data-rule={e.rule} data-category={e.category} data-root={e.root} data-cascade={e.causeId !== null} data-line={e.line}>
      <td className="num">{e.step ?? '–'}</td>
      <td>{e.rank ?? '–'}</td>
      <td>{e.node ?? '–'}</td>
      <td>{categoryLabel(e.category)}</td>
      <td className={`severity-${e.severity}`}>{e.message}</td>
      <td>
        <button type="button" className="link small" data-testid="diagnosis.open-log" onClick={() => openLog(run.id, e)} title={e.text}>
          {e.file.split('/').at(-1)}:{e.line}
        </button>
      </td>
    </tr>
  );
}

function GoodputTable({ g }: { g: Goodput }) {
  const rows: [string, string][] = [
    ['Attempts', `${g.attempts.length} (${plural(g.restarts, 'restart')})`],
    ['Wall time', formatDuration(g.wallSeconds)],
    ['Productive time', formatDuration(g.productiveSeconds)],
    ['Effective training time ratio', formatRatio(g.ettr)],
    ['Steps recomputed after restarts', String(g.recomputedSteps)],
    ['Time lost (down + recompute)', formatDuration(g.lostSeconds)],
    ['Checkpoint interval', g.checkpointIntervalSteps === null ? '–' : `${g.checkpointIntervalSteps} steps${g.checkpointIntervalSeconds === null ? '' : ` · ${formatDuration(g.checkpointIntervalSeconds)}`}`],
  ];
  return (
    <table className="evidence" data-testid="diagnosis.goodput" data-restarts={g.restarts} data-ettr={g.ettr ?? ''}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunCard({ run, d, color }: { run: RunSummary; d: RunDiagnosis; color: string | undefined }) {
  const { root, cascade, others } = eventGroups(d);
  const [showCascade, setShowCascade] = useState(false);
  return (
    <article className="diagnosis-run" data-testid="diagnosis.run" data-run-id={run.id} data-root-category={root?.category ?? ''} data-events={d.events.length}>
      <h3>
        <span className="swatch" style={{ background: color }} /> {run.name}
        <span className="muted small"> · {d.linesRead === 0 ? 'no log lines stored' : `${plural(d.linesRead, 'log line')} read`}</span>
      </h3>
      {root ? (
        <div className={`diagnosis-root severity-${root.severity}`} data-testid="diagnosis.root" data-rule={root.rule} data-line={root.line}>
          <p>
            <strong>Root cause: {categoryLabel(root.category)}</strong> — {root.message}
          </p>
          <p className="muted small">{whereOf(root) || 'where: not in the log'}</p>
          <pre className="diagnosis-evidence">{root.text}</pre>
          <p>{root.explanation}</p>
          <p>
            <strong>What to do:</strong> {root.fix}
          </p>
          <p>
            <button type="button" className="link small" data-testid="diagnosis.root-log" onClick={() => openLog(run.id, root)}>
              Open {root.file} at line {root.line}
            </button>
            {root.step !== null && (
              <button type="button" className="link small" data-testid="diagnosis.root-curves" onClick={() => showOnCurves(run, root)}>
                Step {root.step} on the curves
              </button>
            )}
          </p>
          {cascade.length > 0 && (
            <button type="button" className="link small" data-testid="diagnosis.cascade-toggle" aria-expanded={showCascade} onClick={() => setShowCascade((s) => !s)}>
              {plural(cascade.length, 'event')} followed from it (other ranks, the launcher)
            </button>
          )}
        </div>
      ) : (
        <p className="muted" data-testid="diagnosis.no-root">
          {d.linesRead === 0 ? 'No logs stored for this run: nothing to diagnose from.' : 'No failure found in the logs.'}
        </p>
      )}
      {Object.keys(d.counts).length > 0 && (
        <p className="diagnosis-counts small">
          {Object.entries(d.counts).map(([c, n]) => (
            <span key={c} className="chip" data-testid="diagnosis.count" data-category={c}>
              {categoryLabel(c as DiagnosisEvent['category'])} {n}
            </span>
          ))}
        </p>
      )}
      {(others.length > 0 || (showCascade && cascade.length > 0)) && (
        <div className="table-wrap">
          <table data-testid="diagnosis.events">
            <thead>
              <tr>
                <th className="num">Step</th>
                <th>Rank</th>
                <th>Node</th>
                <th>Category</th>
                <th>Event</th>
                <th>Log</th>
              </tr>
            </thead>
            <tbody>
              {showCascade && cascade.map((e) => <EventRow key={e.id} run={run} e={e} />)}
              {others.map((e) => (
                <EventRow key={e.id} run={run} e={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.goodput && <GoodputTable g={d.goodput} />}
    </article>
  );
}

function LibraryTable({ allRuns }: { allRuns: readonly RunSummary[] }) {
  const ids = useMemo(() => allRuns.slice(0, MAX_RUNS).map((r) => r.id), [allRuns]);
  const q = useDiagnosis(ids);
  const rows = useMemo(() => categoryTable(q.data ?? []), [q.data]);
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  if (!q.data) return <p className="muted small">Reading the library’s logs…</p>;
  return (
    <table data-testid="diagnosis.library-table">
      <thead>
        <tr>
          <th>Category</th>
          <th className="num">Runs where it is the root cause</th>
          <th className="num">Runs with such events</th>
          <th className="num">Events</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              No failure found in {plural(q.data.length, 'run')}.
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.category} data-testid="diagnosis.library-row" data-category={r.category}>
            <td>{categoryLabel(r.category)}</td>
            <td className="num">{r.roots}</td>
            <td className="num">{r.runs}</td>
            <td className="num">{r.events}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Failure diagnosis (issue 9 §5): per selected run, the root cause first with its evidence line and what to do, the
 * other events, counts by category and goodput; across the library, failures by category on demand.
 */
export function DiagnosisView({ selectedRuns, allRuns, colors }: { selectedRuns: readonly RunSummary[]; allRuns: readonly RunSummary[]; colors: ReadonlyMap<string, string> }) {
  const runs = selectedRuns.slice(0, MAX_RUNS);
  const q = useDiagnosis(runs.map((r) => r.id));
  const byId = useMemo(() => new Map((q.data ?? []).map((d) => [d.runId, d])), [q.data]);
  const [library, setLibrary] = useState(false);
  return (
    <section className="diagnosis-view" aria-label="Diagnosis" data-testid="diagnosis.view" data-state={runs.length === 0 ? 'empty' : q.data ? 'ready' : 'loading'}>
      {runs.length === 0 && <p className="empty">Select runs in the runs table to diagnose them from their logs.</p>}
      {q.error && <p className="error-text">{q.error.message}</p>}
      {runs.map((r) => {
        const d = byId.get(r.id);
        return d ? <RunCard key={r.id} run={r} d={d} color={colors.get(r.id)} /> : null;
      })}
      <div className="section-head">
        <strong>Across the library</strong>
        {!library && (
          <button type="button" className="link small" data-testid="diagnosis.library" onClick={() => setLibrary(true)}>
            Diagnose {plural(Math.min(allRuns.length, MAX_RUNS), 'run')}
          </button>
        )}
      </div>
      {library && <LibraryTable allRuns={allRuns} />}
    </section>
  );
}
