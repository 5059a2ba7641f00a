import type { Source } from '../../../shared/domain/run';
import { useHost } from '../../data/host';
import { useApp } from '../../state/store';

export function SourcesList({ sources }: { sources: readonly Source[] }) {
  const { transport, cache } = useHost();
  const reportError = useApp((s) => s.reportError);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      cache.invalidate();
    } catch (err) {
      reportError(err instanceof Error ? err.message : String(err));
    }
  };
  if (sources.length === 0) return <p className="empty">No folders yet. Add one above.</p>;
  return (
    <ul className="sources">
      {sources.map((s) => (
        <li key={s.id} data-testid="library.source-row" title={s.path}>
          <div className="name">{s.name}</div>
          <div className="meta">
            {s.runCount} runs · {s.state}
            {s.error ? ` · ${s.error}` : ''}
          </div>
          <div className="actions">
            <button type="button" onClick={() => void act(() => transport.call('library:rescan-source', { sourceId: s.id }))}>
              Rescan
            </button>
            <button type="button" onClick={() => void act(() => transport.call('library:remove-source', { sourceId: s.id }))}>
              Remove
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
