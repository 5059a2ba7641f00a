import type { DragEvent, FormEvent } from 'react';
import { useId, useState } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract';
import { useTransport } from '../../data/host';
import { useQueryCache } from '../../data/query-cache';
import { HostError } from '../../data/transport';
import { appStore } from '../../state/store';
import { pathFromDrop } from './drop-path';

export const NO_PATH_IN_DROP = 'This drop does not say where the folder is (browsers keep that private). Paste the folder’s absolute path into the box above instead.';

/** Adding a run folder: a typed or pasted path (recent folders offered), the native picker where there is one, or a drop. */
export function AddFolder({ info }: { info: AppInfo | undefined }) {
  const transport = useTransport();
  const cache = useQueryCache();
  const [path, setPath] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isOver, setOver] = useState(false);
  const inputId = useId();
  const hintId = useId();

  const add = async (raw: string) => {
    const p = raw.trim();
    if (p === '' || isBusy) return;
    setHint(null);
    setBusy(true);
    try {
      const r = await transport.call('library:add-source', { path: p });
      appStore.getState().jobStarted(r.jobId, r.sourceId);
      setPath('');
      void cache.invalidate((k) => k[0] === 'library:list-sources' || k[0] === 'app:get-info');
    } catch (err) {
      // A wrong path is the user's to fix, next to the box; anything else goes to the error panel.
      if (err instanceof HostError && (err.code === 'not-found' || err.code === 'invalid-request')) {
        setPath(p);
        setHint(err.message);
      } else appStore.getState().report(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void add(path);
  };

  const browse = async () => {
    try {
      const r = await transport.call('dialog:pick-folder', {});
      if (r.path) await add(r.path);
    } catch (err) {
      appStore.getState().report(err instanceof Error ? err.message : String(err));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    const fromHost = file ? transport.pathForFile(file) : null;
    const p = fromHost ?? pathFromDrop(e.dataTransfer.getData('text/uri-list'), e.dataTransfer.getData('text/plain'));
    if (p) {
      setPath(p);
      void add(p);
    } else setHint(NO_PATH_IN_DROP);
  };

  return (
    <section className="add-folder" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Add a run folder</h2>
      <form onSubmit={onSubmit}>
        <label htmlFor={inputId} className="sr-only">
          Absolute path of a folder of runs
        </label>
        <div className="row">
          <input
            id={inputId}
            data-testid="library.add-path-input"
            list={`${inputId}-recent`}
            placeholder="/path/to/runs"
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              setHint(null);
            }}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={hint ? hintId : undefined}
            aria-invalid={hint !== null && hint !== NO_PATH_IN_DROP}
          />
          <button type="submit" data-testid="library.add-button" disabled={path.trim() === '' || isBusy}>
            {isBusy ? 'Adding…' : 'Add'}
          </button>
        </div>
        <datalist id={`${inputId}-recent`}>
          {(info?.recentFolders ?? []).map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </form>
      {info?.canPickFolder && (
        <button type="button" className="browse" data-testid="library.browse-button" onClick={() => void browse()} disabled={isBusy}>
          Browse…
        </button>
      )}
      <div
        data-testid="library.drop-zone"
        className={isOver ? 'drop-zone over' : 'drop-zone'}
        onDragEnter={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          if (!isOver) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        or drop a folder here
      </div>
      {hint && (
        <p id={hintId} className="hint" role="alert">
          {hint}
        </p>
      )}
    </section>
  );
}
