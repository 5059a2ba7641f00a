import { useEffect, useMemo, useRef } from 'react';
import type { RunSummary, Source } from '../../shared/domain/run';
import type { AppInfo } from '../../shared/ipc/contract';
import { useHost } from '../data/host';
import { assignRunColors } from '../charts/palette';
import { useQuery } from '../data/query-cache';
import { CurvesView } from '../features/curves/CurvesView';
import { AddFolder } from '../features/library/AddFolder';
import { ImportProgressBar } from '../features/library/ImportProgress';
import { RunsTable } from '../features/library/RunsTable';
import { SourcesList } from '../features/library/SourcesList';
import { WarningsPanel } from '../features/library/WarningsPanel';
import { useApp } from '../state/store';
import { useDark } from './use-dark';

const AUTO_SELECT_MAX = 10;

export function App() {
  const { transport, cache } = useHost();
  const dark = useDark();
  const info = useQuery<AppInfo>(cache, 'app:info', () => transport.call('app:get-info', {}));
  const sources = useQuery<Source[]>(cache, 'library:sources', () => transport.call('library:list-sources', {}));
  const runs = useQuery<RunSummary[]>(cache, 'library:runs', () => transport.call('library:list-runs', {}));
  const activeImport = useApp((s) => s.activeImport);
  const errors = useApp((s) => s.errors);
  const dismissError = useApp((s) => s.dismissError);

  useEffect(() => {
    const { importProgressed, importDone } = useApp.getState();
    const offs = [
      transport.on('import:progress', importProgressed),
      transport.on('import:done', (d) => {
        importDone(d);
        cache.invalidate();
      }),
      transport.on('library:changed', () => cache.invalidate()),
    ];
    return () => offs.forEach((off) => off());
  }, [transport, cache]);

  // The first runs to appear are plotted (up to ten), so a new library shows curves at once.
  const autoSelected = useRef(false);
  useEffect(() => {
    const list = runs.data ?? [];
    if (autoSelected.current || list.length === 0) return;
    autoSelected.current = true;
    if (useApp.getState().selectedRunIds.length === 0) useApp.getState().setSelectedRuns(list.slice(0, AUTO_SELECT_MAX).map((r) => r.id));
  }, [runs.data]);

  useEffect(() => {
    for (const n of info.data?.notices ?? []) useApp.getState().reportError(n);
  }, [info.data]);

  useEffect(() => {
    for (const q of [info, sources, runs]) if (q.error) useApp.getState().reportError(q.error.message);
  }, [info.error, sources.error, runs.error]);

  const colors = useMemo(() => assignRunColors((runs.data ?? []).map((r) => r.id)), [runs.data]);

  const isLoaded = sources.data !== undefined && runs.data !== undefined;
  const isImporting = activeImport !== null || (sources.data ?? []).some((s) => s.state === 'importing');
  const appState = !isLoaded ? 'loading' : isImporting ? 'importing' : 'ready';

  return (
    <div className="app" data-app-state={appState}>
      <header className="topbar">
        <h1>RunLens</h1>
        <span className="version">{info.data ? `v${info.data.version}` : ''}</span>
      </header>
      <aside className="sidebar">
        <AddFolder info={info.data} />
        <ImportProgressBar />
        <SourcesList sources={sources.data ?? []} />
      </aside>
      <main className="content">
        {errors.length > 0 && (
          <div className="errors" data-testid="app.error" role="alert">
            {errors.map((e) => (
              <div key={e.id} className="error">
                <span>{e.message}</span>
                <button type="button" onClick={() => dismissError(e.id)} aria-label="Dismiss">
                  ×
                </button>
              </div>
            ))}
          </div>
        )}
        <RunsTable runs={runs.data ?? []} colors={colors} />
        <WarningsPanel runs={runs.data ?? []} />
        <CurvesView runs={runs.data ?? []} colors={colors} dark={dark} />
      </main>
    </div>
  );
}
