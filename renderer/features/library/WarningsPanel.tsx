import type { ImportWarning, RunSummary } from '../../../shared/domain/run';
import { useHost } from '../../data/host';
import { useQuery } from '../../data/query-cache';

/** Import warnings (file, offset, message) for the runs that have any. */
export function WarningsPanel({ runs }: { runs: readonly RunSummary[] }) {
  const { transport, cache } = useHost();
  // Keyed on the runs list so a re-import refetches; folder-level notes (run null) are included.
  const q = useQuery<ImportWarning[]>(cache, `warnings:${runs.length}:${runs.reduce((a, r) => a + r.warningCount, 0)}`, () => transport.call('library:list-warnings', {}));
  const count = q.data?.length ?? 0;
  if (count === 0) return null;
  const names = new Map(runs.map((r) => [r.id, r.name]));
  return (
    <details className="warnings" data-testid="warnings.panel">
      <summary>
        {count} import warning{count === 1 ? '' : 's'}
      </summary>
      <ul>
        {(q.data ?? []).map((w, i) => (
          <li key={`${w.runId}:${w.file}:${i}`} data-testid="warnings.row">
            <span className="run">{w.runId ? (names.get(w.runId) ?? w.runId) : 'folder'}</span>
            <span className="file">
              {w.file}
              {w.offset !== null ? ` @ ${w.offset}` : ''}
            </span>
            <span className="msg">{w.message}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
