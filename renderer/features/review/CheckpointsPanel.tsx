import { formatBytes } from '../../../shared/util/bytes';
import type { ReviewSubject } from '../../../shared/domain/review';
import type { RunSummary } from '../../../shared/domain/run';
import { useTransport } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import { subjectKey } from './review-columns';
import { showCheckpointOnCurves } from './show-on-curves';

interface PanelProps {
  readonly runs: readonly RunSummary[];
  /** Column keys already in the review: their checkpoints offer no "review" button. */
  readonly reviewed: readonly string[];
  readonly onReview: (s: ReviewSubject) => void;
}

/** One run's checkpoint folders, checked on disk: size, files, resumable state, and what is wrong with them. */
function RunCheckpoints({ run, reviewed, onReview }: { run: RunSummary } & Omit<PanelProps, 'runs'>) {
  const t = useTransport();
  const q = useQuery(['library:check-checkpoints', run.id], () => t.call('library:check-checkpoints', { runId: run.id }));
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  return (
    <>
      {(q.data ?? []).map((c) => {
        const subject = { runId: run.id, checkpoint: c.path };
        const recorded = run.checkpoints.find((x) => x.path === c.path);
        return (
          <tr key={c.path} data-testid="review.checkpoint" data-path={c.path} data-ok={c.ok === null ? '' : String(c.ok)}>
            <td>{run.name}</td>
            <td>{c.path}</td>
            <td className="num">{c.step ?? '–'}</td>
            <td className="num">{c.ok === null ? '–' : `${c.fileCount} · ${formatBytes(c.totalBytes)}`}</td>
            <td>{c.ok === null ? '' : [c.hasOptimizer ? 'optimizer' : null, c.hasRngState ? 'RNG' : null].filter(Boolean).join(', ') || 'weights only'}</td>
            <td className={c.ok === false ? 'error-text' : undefined}>{c.ok === null ? 'a model reference, not a folder here' : c.ok ? 'ok' : c.problems.join('; ')}</td>
            <td className="review-checkpoint-actions">
              {c.ok !== null && !reviewed.includes(subjectKey(subject)) && (
                <button type="button" className="link small" data-testid="review.checkpoint-review" onClick={() => onReview(subject)}>
                  review
                </button>
              )}
              {recorded && recorded.step !== null && (
                <button type="button" className="link small" data-testid="review.checkpoint-curves" onClick={() => showCheckpointOnCurves(run, recorded)}>
                  curves
                </button>
              )}
            </td>
          </tr>
        );
      })}
    </>
  );
}

/** The reviewed runs' checkpoints (issue 8 §4): a storage fault shows here before anyone tries to load the weights. */
export function CheckpointsPanel({ runs, reviewed, onReview }: PanelProps) {
  const withCheckpoints = runs.filter((r) => r.checkpoints.length > 0);
  if (withCheckpoints.length === 0) return null;
  return (
    <>
      <div className="section-head">
        <strong>Checkpoints</strong>
        <span className="muted small">checked on disk: safetensors headers against file sizes, shards against their index, empty files, step; no tensor or pickle is loaded</span>
      </div>
      <div className="table-wrap">
        <table data-testid="review.checkpoints">
          <thead>
            <tr>
              <th>Run</th>
              <th>Checkpoint</th>
              <th className="num">Step</th>
              <th className="num">Files · size</th>
              <th>Resume state</th>
              <th>Integrity</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {withCheckpoints.map((r) => (
              <RunCheckpoints key={r.id} run={r} reviewed={reviewed} onReview={onReview} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
