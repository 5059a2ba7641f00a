import type { ImportDone } from '../../../shared/ipc/events';
import { formatBytes, plural } from '../../components/format';
import type { RunningJob } from '../../state/host-slice';

export interface ImportProgressProps {
  /** The job to show (the one that reported last); null when none runs. */
  readonly job: RunningJob | null;
  /** Other jobs waiting (the host imports one folder at a time). */
  readonly queued: number;
  readonly sourceName: string | null;
  readonly lastImport: ImportDone | null;
  readonly onCancel: (jobId: string) => void;
}

function doneText(d: ImportDone): string {
  if (d.error) return `Import failed: ${d.error}`;
  const parts = [plural(d.runsImported, 'run') + ' imported'];
  if (d.runsAppended > 0) parts.push(`${plural(d.runsAppended, 'live run')} updated`);
  if (d.runsSkipped > 0) parts.push(`${d.runsSkipped.toLocaleString('en-US')} unchanged`);
  if (d.warnings > 0) parts.push(plural(d.warnings, 'warning'));
  return `${d.cancelled ? 'Import cancelled' : 'Import done'}: ${parts.join(', ')}.`;
}

/** The running import (from `import:progress`), with Cancel; the last one's summary (from `import:done`) after. */
export function ImportProgress({ job, queued, sourceName, lastImport, onCancel }: ImportProgressProps) {
  if (job) {
    const p = job.progress;
    const label =
      p === null ? 'Starting import…' : p.phase === 'scanning' ? 'Scanning the folder…' : p.phase === 'finishing' ? 'Finishing…' : `Importing ${p.filesDone.toLocaleString('en-US')} / ${plural(p.filesTotal, 'file')}`;
    const isDeterminate = p !== null && p.phase === 'importing' && p.filesTotal > 0;
    return (
      <div className="import-progress" data-testid="import.progress" role="status" aria-live="polite">
        <div className="row">
          <span className="label">
            {label}
            {sourceName && <span className="muted"> · {sourceName}</span>}
          </span>
          <button type="button" data-testid="import.cancel" onClick={() => onCancel(job.jobId)}>
            Cancel
          </button>
        </div>
        {isDeterminate ? <progress max={p.filesTotal} value={p.filesDone} aria-label="Files imported" /> : <progress aria-label="Import in progress" />}
        {p !== null && p.bytesTotal > 0 && (
          <div className="muted small">
            {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)}
          </div>
        )}
        {p?.currentFile && (
          <div className="file" title={p.currentFile}>
            {p.currentFile}
          </div>
        )}
        {queued > 0 && <div className="muted small">{plural(queued, 'more folder')} waiting</div>}
      </div>
    );
  }
  if (!lastImport) return null;
  return (
    <div className={lastImport.error ? 'import-summary error-text' : 'import-summary'} data-testid="import.summary" role="status">
      {doneText(lastImport)}
    </div>
  );
}
