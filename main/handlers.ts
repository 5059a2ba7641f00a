import { AppError } from '../shared/ipc/result';
import { requireInside } from './platform/allowed-path';
import type { Handlers } from './ipc/handler-types';
import type { Sources } from './services/sources';
import type { LibraryService } from './services/library';
import type { SeriesService } from './services/series';
import type { AggregateService } from './services/aggregate';
import type { FindingsService } from './services/findings';
import type { CompareService } from './services/compare';
import type { AnnotationsService } from './services/annotations';
import type { ReportsService } from './services/reports';
import type { ImportJobs } from './services/import-jobs';
import type { ImportChoices } from './services/import-choices';
import type { SamplesService } from './services/review-samples';
import type { AuditService } from './services/audit';
import type { DiagnosisService } from './services/diagnosis';

export interface HandlerDeps {
  readonly mode: 'electron' | 'web' | 'cli';
  readonly appVersion: string;
  readonly workspaceDir: string;
  readonly notices: readonly string[];
  readonly sources: Sources;
  readonly library: LibraryService;
  readonly series: SeriesService;
  readonly aggregate: AggregateService;
  readonly findings: FindingsService;
  readonly compare: CompareService;
  readonly annotations: AnnotationsService;
  readonly reports: ReportsService;
  readonly samples: SamplesService;
  readonly diagnosis: DiagnosisService;
  readonly audit: AuditService;
  readonly jobs: ImportJobs;
  readonly choices: ImportChoices;
  readonly pickFolder?: () => Promise<string | null>;
}

/** One handler per contract entry. Handlers orchestrate services; they hold no state of their own. */
export function createHandlers(d: HandlerDeps): Handlers {
  /**
   * The one check for paths that arrive in a request (Electron and serve both come through here): relative to a
   * source the user added, and still inside it once symlinks are resolved. Run ids are `<source id>/<run path>`.
   */
  const sourceRoot = (sourceId: string): string => {
    const src = d.sources.list().find((s) => s.id === sourceId);
    if (!src) throw new AppError('not-found', 'That folder is not in the library.');
    return src.path;
  };
  const insideSource = (sourceId: string, rel: string, what: string) => requireInside(sourceRoot(sourceId), rel, what);
  const insideRunSource = (runId: string, rel: string, what: string) => {
    const slash = runId.indexOf('/');
    if (slash <= 0) throw new AppError('not-found', 'No such run in the library.');
    return insideSource(runId.slice(0, slash), rel, what);
  };

  return {
    'app:get-info': async () => ({
      version: d.appVersion,
      mode: d.mode === 'electron' ? 'electron' : 'web',
      canPickFolder: d.pickFolder !== undefined,
      recentFolders: d.sources.recentFolders(),
      workspaceDir: d.workspaceDir,
      notices: [...d.notices],
    }),
    'library:list-sources': async () => d.library.listSources(),
    'library:add-source': async (req) => {
      const { sourceId, jobId } = await d.sources.add(req.path);
      return { sourceId, jobId };
    },
    'library:remove-source': async (req) => {
      await d.sources.remove(req.sourceId);
      return {};
    },
    'library:rescan-source': async (req) => ({ jobId: (await d.sources.rescan(req.sourceId)).jobId }),
    'library:list-runs': async (req) => d.library.listRuns(req.sourceIds),
    'library:list-metrics': async (req) => d.library.listMetrics(req.runIds),
    'library:list-warnings': async (req) => d.library.listWarnings(req.runId),
    'library:list-configs': async (req) => d.library.listConfigs(req.runIds),
    'import:cancel': async (req) => ({ cancelled: d.jobs.cancel(req.jobId) }),
    'library:list-ties': async () => d.choices.listTies(),
    'library:choose-format': async (req) => {
      await insideSource(req.sourceId, req.folder, 'folder');
      await d.choices.chooseFormat(req.sourceId, req.folder, req.format);
      return { jobId: (await d.sources.rescan(req.sourceId)).jobId };
    },
    'library:get-table-columns': async (req) => d.choices.tableColumns(req.runId),
    'library:set-table-columns': async (req) => {
      const sourceId = await d.choices.setTableColumns(req.runId, req.choice);
      return { jobId: (await d.sources.rescan(sourceId)).jobId };
    },
    'series:query': async (req) => d.series.query(req),
    'series:aggregate': async (req) => d.aggregate.query(req),
    'analysis:findings': async (req) => d.findings.forRuns(req.runIds),
    'library:check-checkpoints': async (req) => d.library.checkCheckpoints(req.runId),
    'diagnosis:runs': async (req) => d.diagnosis.forRuns(req.runIds),
    'logs:context': async (req) => d.diagnosis.logContext(req),
    'audit:runs': async (req) => d.audit.forRuns(req),
    'review:checkpoint-config': async (req) => {
      await insideRunSource(req.runId, req.path, 'checkpoint');
      return d.library.checkpointConfig(req.runId, req.path);
    },
    'review:samples': async (req) => d.samples.page(req),
    'review:sample': async (req) => d.samples.detail(req),
    'compare:evals': async (req) => d.compare.compare(req),
    'compare:robustness': async (req) => d.compare.robustness(req),
    'compare:get-settings': async () => d.compare.settings(),
    'compare:set-settings': async (req) => d.compare.setSettings(req),
    'annotations:list': async () => d.annotations.list(),
    'annotations:save': async (req) => d.annotations.save(req),
    'annotations:delete': async (req) => {
      await d.annotations.delete(req.id);
      return {};
    },
    'annotations:undo': async () => d.annotations.undo(),
    'report:list': async () => d.reports.list(),
    'report:get': async (req) => d.reports.get(req.id),
    'report:save': async (req) => d.reports.save(req),
    'report:delete': async (req) => {
      await d.reports.delete(req.id);
      return {};
    },
    'report:export-pdf': async (req) => d.reports.exportPdf(req.id),
    'report:export-html': async (req) => d.reports.exportHtml(req.id),
    'report:export-data': async (req) => d.reports.exportData(req.id, req.format),
    'report:provenance': async (req) => d.reports.provenance(req.runIds),
    'dialog:pick-folder': async () => {
      if (!d.pickFolder) throw new AppError('unsupported', 'This host has no folder picker: type or paste the folder path instead.');
      return { path: await d.pickFolder() };
    },
  };
}
