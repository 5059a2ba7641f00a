import { useHost } from '../../data/host';
import { useApp } from '../../state/store';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** Progress of the running import (from `import:progress` events) and a summary of the last one. */
export function ImportProgressBar() {
  const { transport } = useHost();
  const active = useApp((s) => s.activeImport);
  const last = useApp((s) => s.lastImport);
  if (active) {
    const pct = active.bytesTotal > 0 ? Math.min(100, (100 * active.bytesDone) / active.bytesTotal) : 0;
    return (
      <div className="import-progress" data-testid="import.progress" role="status">
        <div className="label">
          {active.phase === 'scanning' ? 'Scanning folder…' : `Importing ${active.filesDone}/${active.filesTotal} files (${formatBytes(active.bytesDone)} of ${formatBytes(active.bytesTotal)})`}
        </div>
        <progress max={100} value={pct} aria-label="Import progress" />
        {active.currentFile && <div className="file" title={active.currentFile}>{active.currentFile}</div>}
        <button type="button" data-testid="import.cancel" onClick={() => void transport.call('import:cancel', { jobId: active.jobId })}>
          Cancel
        </button>
      </div>
    );
  }
  if (!last) return null;
  return (
    <div className="import-summary" role="status">
      {last.error
        ? `Import failed: ${last.error}`
        : `${last.cancelled ? 'Import cancelled' : 'Import done'}: ${last.runsImported} runs imported, ${last.runsSkipped} unchanged${last.warnings ? `, ${last.warnings} warnings` : ''}.`}
    </div>
  );
}
