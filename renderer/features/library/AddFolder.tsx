import type { DragEvent, FormEvent } from 'react';
import { useState } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract';
import { useHost } from '../../data/host';
import { HostError } from '../../data/transport';
import { useApp } from '../../state/store';
import { pathFromDrop } from './drop-path';

/** Adding a folder: typed/pasted path (recent folders offered), the native picker in Electron, or a drop. */
export function AddFolder({ info }: { info: AppInfo | undefined }) {
  const { transport, cache } = useHost();
  const reportError = useApp((s) => s.reportError);
  const [path, setPath] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const [isOver, setOver] = useState(false);

  const add = async (p: string) => {
    const trimmed = p.trim();
    if (trimmed === '') return;
    setHint(null);
    try {
      await transport.call('library:add-source', { path: trimmed });
      setPath('');
      cache.invalidate();
    } catch (err) {
      if (err instanceof HostError && (err.code === 'not-found' || err.code === 'invalid-request')) setHint(err.message);
      else reportError(err instanceof Error ? err.message : String(err));
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
      reportError(err instanceof Error ? err.message : String(err));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    const fromHost = file ? transport.pathForFile(file) : null;
    const p = fromHost ?? pathFromDrop(e.dataTransfer.getData('text/uri-list'), e.dataTransfer.getData('text/plain'));
    if (p) void add(p);
    else setHint('The browser does not reveal where a dropped folder lives. Paste its path in the box instead.');
  };

  return (
    <section className="add-folder" aria-label="Add a folder">
      <form onSubmit={onSubmit}>
        <label htmlFor="add-path">Add a run folder</label>
        <div className="row">
          <input
            id="add-path"
            data-testid="library.add-path-input"
            list="recent-folders"
            placeholder="/path/to/runs"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" data-testid="library.add-button" disabled={path.trim() === ''}>
            Add
          </button>
        </div>
        <datalist id="recent-folders">
          {info?.recentFolders.map((f) => <option key={f} value={f} />)}
        </datalist>
      </form>
      {info?.canPickFolder && (
        <button type="button" data-testid="library.browse-button" onClick={() => void browse()}>
          Browse…
        </button>
      )}
      <div
        data-testid="library.drop-zone"
        className={isOver ? 'drop-zone over' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        or drop a folder here
      </div>
      {hint && (
        <p className="hint" role="status">
          {hint}
        </p>
      )}
    </section>
  );
}
