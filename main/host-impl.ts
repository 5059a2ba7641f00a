import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CACHE_SCHEMA_VERSION } from './db/engine';
import { openCache } from './db/open-recover';
import { createHandlers } from './handlers';
import type { Host, HostOptions } from './host';
import { importers } from './importers/registry';
import { EventBus } from './ipc/event-bus';
import { FolderWatcher } from './services/folder-watcher';
import { ImportChoices } from './services/import-choices';
import { ImportJobs } from './services/import-jobs';
import { LibraryService } from './services/library';
import { SeriesService } from './services/series';
import { AggregateService } from './services/aggregate';
import { FindingsService } from './services/findings';
import { CompareService } from './services/compare';
import { AnnotationsService } from './services/annotations';
import { ReportsService } from './services/reports';
import { Sources } from './services/sources';
import { WorkspaceStore } from './services/workspace-store';
import { APP_VERSION } from './platform/app-version';
import { SamplesService } from './services/review-samples';
import { AuditService } from './services/audit';
import { DiagnosisService } from './services/diagnosis';

/**
 * Builds the host every adapter shares: workspace user data, the DuckDB cache, services and handlers.
 * A cache that cannot be used (corrupt, from an incompatible build) is moved aside and rebuilt from the run folders
 * (main/db/open-recover.ts). The cache is opened first: its lock keeps a second process off this workspace's files.
 */
export async function createHost(opts: HostOptions): Promise<Host> {
  const workspaceDir = path.resolve(opts.workspaceDir);
  await mkdir(workspaceDir, { recursive: true });
  const dbFile = path.join(workspaceDir, 'cache', `library-v${CACHE_SCHEMA_VERSION}.duckdb`);
  const cache = await openCache(dbFile);
  const engine = cache.engine;
  const [{ store, problem }, opened] = await Promise.all([WorkspaceStore.open(workspaceDir), AnnotationsService.open(workspaceDir)]).catch(async (err: unknown) => {
    await cache.close();
    throw err;
  });
  const notices = [problem, opened.problem, cache.problem].filter((p): p is string => p !== null);
  const bus = new EventBus();
  const choices = new ImportChoices(store);
  const jobs = new ImportJobs(engine, bus, opts.importers ?? importers, { follow: opts.watch === true, choices: choices.hooks, ...(opts.importBatch ? { batch: opts.importBatch } : {}), ...(opts.parseWorkers !== undefined ? { parseWorkers: opts.parseWorkers } : {}) });
  const library = new LibraryService(engine);
  const series = new SeriesService(engine, library);
  const aggregate = new AggregateService(engine, library);
  const watcher = opts.watch
    ? new FolderWatcher((sourceId) => {
        const s = sources.list().find((x) => x.id === sourceId);
        if (s) jobs.startUnlessQueued(s.id, s.path);
      })
    : null;
  const sources = new Sources(engine, store, jobs, bus, watcher);
  await sources.syncFromWorkspace();
  // Refresh every known folder: unchanged runs are skipped by fingerprint, so this costs a directory walk.
  for (const s of sources.list()) jobs.start(s.id, s.path);
  sources.watchAll();

  const appVersion = opts.appVersion ?? APP_VERSION;
  const diagnosis = new DiagnosisService(engine);
  const audit = new AuditService(engine);
  const reports = new ReportsService(workspaceDir, engine, library, appVersion);
  const handlers = createHandlers({
    mode: opts.mode,
    appVersion,
    workspaceDir,
    notices,
    sources,
    library,
    series,
    aggregate,
    findings: new FindingsService(engine, undefined, library, diagnosis),
    compare: new CompareService(engine, library, store),
    annotations: opened.service,
    reports,
    samples: new SamplesService(engine),
    diagnosis,
    audit,
    jobs,
    choices,
    ...(opts.pickFolder ? { pickFolder: opts.pickFolder } : {}),
  });

  let closed = false;
  return {
    handlers,
    bus,
    workspaceDir,
    setReportPrinter(printer) {
      reports.setPrinter(printer);
    },
    async addFolders(paths) {
      for (const p of paths) {
        const { done } = await sources.add(p);
        await done;
      }
      await jobs.idle();
    },
    async close() {
      if (closed) return;
      closed = true;
      watcher?.close();
      jobs.cancelAll();
      await jobs.idle();
      await cache.close();
    },
  };
}
