import type { ReportSection } from '../../../shared/domain/report';
import type { RunSummary } from '../../../shared/domain/run';
import { formatDuration } from '../../components/format';
import { useDiagnosis } from '../../data/queries';
import { categoryLabel, eventGroups, formatRatio, whereOf } from '../diagnosis/diagnosis-model';
import { useSectionReady } from './use-section-ready';

type Spec = Extract<ReportSection, { kind: 'diagnosis' }>;

/** Characters of an evidence line printed. */
const EVIDENCE_CHARS = 300;

/**
 * The incident part of a report (analyses.md §5.4 PDF): per run, the root cause in a sentence with its evidence line
 * (file:line), the other events by category, and goodput. Runs without logs are named, not silently left out.
 */
export function DiagnosisSection({ spec, runs, sectionKey }: { spec: Spec; runs: ReadonlyMap<string, RunSummary>; sectionKey: string }) {
  const q = useDiagnosis(spec.runIds);
  useSectionReady(sectionKey, spec.runIds.length === 0 ? 'ready' : q.error ? 'error' : q.data ? 'ready' : 'loading');
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  const list = q.data ?? [];
  const withLogs = list.filter((d) => d.linesRead > 0);
  const without = list.filter((d) => d.linesRead === 0).map((d) => runs.get(d.runId)?.name ?? d.runId);
  return (
    <div data-testid="report.diagnosis">
      {withLogs.length === 0 && q.data && <p>None of these runs has logs stored; nothing to diagnose from.</p>}
      {withLogs.map((d) => {
        const name = runs.get(d.runId)?.name ?? d.runId;
        const { root, cascade, others } = eventGroups(d);
        const g = d.goodput;
        return (
          <div key={d.runId} className="report-diagnosis-run" data-testid="report.diagnosis-run" data-root-category={root?.category ?? ''}>
            <h3>{name}</h3>
            {root ? (
              <>
                <p>
                  <strong>Root cause: {categoryLabel(root.category)}.</strong> {root.message} ({whereOf(root) || 'where: not in the log'}). {cascade.length > 0 ? `${cascade.length} later event${cascade.length === 1 ? '' : 's'} followed from it.` : ''}
                </p>
                <p className="report-path">
                  {root.file}:{root.line}: {root.text.length > EVIDENCE_CHARS ? `${root.text.slice(0, EVIDENCE_CHARS - 1)}…` : root.text}
                </p>
                <p>
                  {root.explanation} <em>What to do:</em> {root.fix}
                </p>
              </>
            ) : (
              <p>No failure found in {d.linesRead} log lines.</p>
            )}
            {others.length > 0 && (
              <table className="report-table">
                <thead>
                  <tr>
                    <th>Category</th>
                    <th>Step</th>
                    <th>Event</th>
                    <th>Where in the log</th>
                  </tr>
                </thead>
                <tbody>
                  {others.map((e) => (
                    <tr key={e.id}>
                      <td>{categoryLabel(e.category)}</td>
                      <td>{e.step ?? '–'}</td>
                      <td>{e.message}</td>
                      <td className="report-path">
                        {e.file}:{e.line}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {g && (
              <p>
                Goodput: {g.attempts.length} attempt{g.attempts.length === 1 ? '' : 's'}, {g.recomputedSteps} steps recomputed after restarts, wall {formatDuration(g.wallSeconds)}, productive {formatDuration(g.productiveSeconds)}, effective training time ratio {formatRatio(g.ettr)}
                {g.checkpointIntervalSteps === null ? '' : `, a checkpoint every ${g.checkpointIntervalSteps} steps`}.
              </p>
            )}
          </div>
        );
      })}
      {without.length > 0 && <p className="muted">No logs stored for: {without.join(', ')}.</p>}
    </div>
  );
}
