import type { Source } from '../../../shared/domain/run';
import { plural } from '../../components/format';

export interface SourcesListProps {
  readonly sources: readonly Source[];
  /** Sources with an import job running (as far as this window knows). */
  readonly importingIds: ReadonlySet<string>;
  readonly onRescan: (sourceId: string) => void;
  readonly onRemove: (sourceId: string) => void;
}

const STATE_TEXT: Record<Source['state'], string> = { importing: 'importing…', ready: 'ready', error: 'import failed', missing: 'folder missing' };

/** The folders in the library. Removing one forgets its runs here; nothing on disk is touched. */
export function SourcesList({ sources, importingIds, onRescan, onRemove }: SourcesListProps) {
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Folders</h2>
      {sources.length === 0 && <p className="empty">No folders yet.</p>}
      <ul>
        {sources.map((s) => {
          const state = importingIds.has(s.id) ? 'importing' : s.state;
          return (
            <li key={s.id} data-testid="library.source-row" data-source-state={state}>
              <div className="name" title={s.path}>
                {s.name}
              </div>
              <div className="meta">
                {plural(s.runCount, 'run')} · <span className={`state state-${state}`}>{STATE_TEXT[state]}</span>
              </div>
              {s.error && <div className="error-text">{s.error}</div>}
              <div className="actions">
                <button type="button" onClick={() => onRescan(s.id)} disabled={state === 'importing'} aria-label={`Rescan ${s.name}`}>
                  Rescan
                </button>
                <button type="button" onClick={() => onRemove(s.id)} aria-label={`Remove ${s.name} from the library`} title="Forget this folder's runs here. Nothing on disk is deleted.">
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
