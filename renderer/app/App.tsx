import { useEffect, useMemo, useRef } from 'react';
import type { RunSummary, Source } from '../../shared/domain/run';
import { assignRunColors } from '../charts/palette';
import { useTransport } from '../data/host';
import { isLibraryKey, useAppInfo, useRuns, useSources, useWarnings } from '../data/queries';
import { useQueryCache } from '../data/query-cache';
import { CompareView } from '../features/compare/CompareView';
import { ReportComposer } from '../features/report/ReportComposer';
import { ReviewView } from '../features/review/ReviewView';
import { AuditView } from '../features/audit/AuditView';
import { DiagnosisView } from '../features/diagnosis/DiagnosisView';
import { LogView } from '../features/diagnosis/LogView';
import { CurvesView } from '../features/curves/CurvesView';
import { AddFolder } from '../features/library/AddFolder';
import { ImportChoices } from '../features/library/ImportChoices';
import { ImportProgress } from '../features/library/ImportProgress';
import { RunsTablePanel } from '../features/library/RunsTablePanel';
import { SourcesList } from '../features/library/SourcesList';
import { HostErrors, WarningsPanel } from '../features/library/WarningsPanel';
import type { RunningJob } from '../state/host-slice';
import { appStore, useApp } from '../state/store';
import { appReadiness } from './app-state';
import { ErrorBoundary } from './ErrorBoundary';
import { useIsDark } from './use-dark';
import { useHostEvents } from './use-host-events';
import { useRunSelection } from './use-run-selection';

const NO_RUNS: readonly RunSummary[] = [];
const VIEW_LABELS = { curves: 'Curves', compare: 'Compare methods', review: 'Review', diagnosis: 'Diagnosis', audit: 'Audit', report: 'Report' } as const;
const NO_SOURCES: readonly Source[] = [];

/** The job the progress bar shows: the one that reported last (the host runs one at a time). */
function currentJob(jobs: Readonly<Record<string, RunningJob>>): RunningJob | null {
  const all = Object.values(jobs);
  return all.filter((j) => j.progress !== null).at(-1) ?? all[0] ?? null;
}

/** Reports a failed action in the error panel. */
function reportFailure(err: unknown): void {
  appStore.getState().report(err instanceof Error ? err.message : String(err));
}

export function App() {
  const transport = useTransport();
  const cache = useQueryCache();
  useHostEvents(transport, cache);

  const info = useAppInfo();
  const sources = useSources();
  const runs = useRuns();
  const warnings = useWarnings();
  useRunSelection(runs.data);

  // Workspace notices (a damaged settings file…) are shown once.
  const noticed = useRef(new Set<string>());
  useEffect(() => {
    for (const n of info.data?.notices ?? []) {
      if (noticed.current.has(n)) continue;
      noticed.current.add(n);
      appStore.getState().report(n, 'notice');
    }
  }, [info.data]);

  const selectedIds = useApp((s) => s.selectedRunIds);
  const runningJobs = useApp((s) => s.runningJobs);
  const lastImport = useApp((s) => s.lastImport);
  const notices = useApp((s) => s.notices);
  const connection = useApp((s) => s.connection);
  const runFilter = useApp((s) => s.runFilter);
  const runSort = useApp((s) => s.runSort);
  const theme = useApp((s) => s.theme);
  const mainView = useApp((s) => s.mainView);
  const isDark = useIsDark(theme);

  const runList = runs.data ?? NO_RUNS;
  const sourceList = sources.data ?? NO_SOURCES;
  const sourcesById = useMemo(() => new Map(sourceList.map((s) => [s.id, s])), [sourceList]);
  const selectedRuns = useMemo(() => {
    const byId = new Map(runList.map((r) => [r.id, r]));
    return selectedIds.map((id) => byId.get(id)).filter((r): r is RunSummary => r !== undefined);
  }, [runList, selectedIds]);
  const selectedSet = useMemo(() => new Set(selectedRuns.map((r) => r.id)), [selectedRuns]);
  const colors = useMemo(() => assignRunColors(selectedRuns.map((r) => r.id)), [selectedRuns]);
  const job = currentJob(runningJobs);
  const importingIds = useMemo(() => new Set(Object.values(runningJobs).flatMap((j) => (j.sourceId ? [j.sourceId] : []))), [runningJobs]);
  const readiness = appReadiness({ sources: sources.data, runsLoaded: runs.data !== undefined, runningJobs });

  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  const act = (fn: () => Promise<unknown>) => {
    fn().catch(reportFailure);
  };
  const rescan = (sourceId: string) =>
    act(async () => {
      const r = await transport.call('library:rescan-source', { sourceId });
      appStore.getState().jobStarted(r.jobId, sourceId);
      await cache.invalidate((k) => k[0] === 'library:list-sources');
    });
  const remove = (sourceId: string) =>
    act(async () => {
      await transport.call('library:remove-source', { sourceId });
      await cache.invalidate(isLibraryKey);
    });
  const cancel = (jobId: string) => act(() => transport.call('import:cancel', { jobId }));

  return (
    <div className="app" data-app-state={readiness}>
      <header className="topbar">
        <h1>RunLens</h1>
        {info.data && <span className="muted small">v{info.data.version}</span>}
        <span className="spacer" />
        <span className="muted small" aria-live="polite">
          {readiness === 'loading' ? 'Loading…' : readiness === 'importing' ? 'Importing…' : `${runList.length.toLocaleString('en-US')} runs in ${sourceList.length} folders`}
        </span>
      </header>
      <aside className="sidebar" aria-label="Library">
        <ErrorBoundary area="folder list">
          <AddFolder info={info.data} />
          <ImportProgress job={job} queued={Math.max(0, Object.keys(runningJobs).length - 1)} sourceName={(job?.sourceId && sourcesById.get(job.sourceId)?.name) || null} lastImport={lastImport} onCancel={cancel} />
          <SourcesList sources={sourceList} importingIds={importingIds} onRescan={rescan} onRemove={remove} />
        </ErrorBoundary>
      </aside>
      <main className="content">
        <HostErrors notices={notices} connection={connection} onDismiss={(id) => appStore.getState().dismiss(id)} />
        <ErrorBoundary area="runs table">
          <RunsTablePanel
            runs={runList}
            sources={sourcesById}
            selectedIds={selectedSet}
            colors={colors}
            filter={runFilter}
            sort={runSort}
            onToggle={(id) => appStore.getState().toggleRun(id)}
            onSetSelected={(ids, isSelected) => appStore.getState().setRunsSelected(ids, isSelected)}
            onFilter={(f) => appStore.getState().setRunFilter(f)}
            onSort={(k) => appStore.getState().sortRunsBy(k)}
          />
          <WarningsPanel warnings={warnings.data ?? []} runs={runList} />
          <ImportChoices selectedRuns={selectedRuns} sources={sourcesById} />
        </ErrorBoundary>
        <div className="view-tabs" role="tablist" aria-label="View">
          {(['curves', 'compare', 'review', 'diagnosis', 'audit', 'report'] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={mainView === v} className={mainView === v ? 'tab active' : 'tab'} data-testid="app.tab" data-tab={v} onClick={() => appStore.getState().setMainView(v)}>
              {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
        {mainView === 'curves' && (
          <ErrorBoundary area="curves">
            <CurvesView selectedRuns={selectedRuns} colors={colors} isDark={isDark} />
          </ErrorBoundary>
        )}
        {mainView === 'compare' && (
          <ErrorBoundary area="comparison">
            <CompareView selectedRuns={selectedRuns} allRuns={runList} colors={colors} isDark={isDark} />
          </ErrorBoundary>
        )}
        {mainView === 'review' && (
          <ErrorBoundary area="review">
            <ReviewView selectedRuns={selectedRuns} colors={colors} />
          </ErrorBoundary>
        )}
        {mainView === 'diagnosis' && (
          <ErrorBoundary area="diagnosis">
            <DiagnosisView selectedRuns={selectedRuns} allRuns={runList} colors={colors} />
          </ErrorBoundary>
        )}
        {mainView === 'audit' && (
          <ErrorBoundary area="audit">
            <AuditView selectedRuns={selectedRuns} />
          </ErrorBoundary>
        )}
        {mainView === 'report' && (
          <ErrorBoundary area="report">
            <ReportComposer selectedRuns={selectedRuns} />
          </ErrorBoundary>
        )}
        <LogView />
      </main>
    </div>
  );
}
