import { z } from 'zod';
import { FindingsReq, RunFindings } from '../analysis/findings/types';
import { Annotation, DeleteAnnotationReq, SaveAnnotationReq, UndoResult } from '../domain/annotation';
import { CompareReq, CompareResult, CompareSettings, SetCompareSettingsReq } from '../domain/compare';
import { CheckpointConfigEntry, CheckpointConfigReq, SampleDetail, SampleReq, SamplesPage, SamplesReq } from '../domain/review';
import { AuditReq, AuditResult } from '../domain/audit';
import { DiagnoseReq, LogContext, LogContextReq, RunDiagnosis } from '../domain/diagnosis';
import { RobustnessReq, RobustnessResult } from '../domain/sweep';
import { DataExport, HtmlExport, PdfExport, ReportProvenance, ReportRef, ReportSpec, ReportSummary } from '../domain/report';
import { FolderTie, TableColumnChoice, TableColumns } from '../domain/import-choices';
import { CheckpointCheck, ImportWarning, MetricSummary, RunFormat, RunSummary, Source } from '../domain/run';
import { AggregateBundle, AggregateQuery } from '../domain/aggregate';
import { ListConfigsReq, RunConfigEntry } from '../domain/run-config';
import { SeriesBundle, SeriesQuery } from '../domain/series';

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  /** Whether the host can show a native folder picker (`dialog:pick-folder`). */
  canPickFolder: z.boolean(),
  recentFolders: z.array(z.string()),
  workspaceDir: z.string(),
  /** Problems found while opening the workspace (a damaged settings file…), shown to the user once. */
  notices: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AddSourceReq = z.object({ path: z.string().min(1).max(4096) }).strict();
export const JobRef = z.object({ jobId: z.string() });

/**
 * The single source of truth for requests. Names: `area:verb-noun`. Each adapter validates `req` before the handler
 * runs and wraps the result in `IpcResult`.
 */
export const contract = {
  'app:get-info': { req: Empty, res: AppInfo },
  'library:list-sources': { req: Empty, res: z.array(Source) },
  'library:add-source': { req: AddSourceReq, res: z.object({ sourceId: z.string(), jobId: z.string() }) },
  'library:remove-source': { req: z.object({ sourceId: z.string() }).strict(), res: Empty },
  'library:rescan-source': { req: z.object({ sourceId: z.string() }).strict(), res: JobRef },
  'library:list-runs': { req: z.object({ sourceIds: z.array(z.string()).optional() }).strict(), res: z.array(RunSummary) },
  'library:list-metrics': { req: z.object({ runIds: z.array(z.string()).max(2000) }).strict(), res: z.array(MetricSummary) },
  /** Flattened config entries (hparams, config files) of these runs. */
  'library:list-configs': { req: ListConfigsReq, res: z.array(RunConfigEntry) },
  'library:list-warnings': { req: z.object({ runId: z.string().optional() }).strict(), res: z.array(ImportWarning) },
  'import:cancel': { req: JobRef.strict(), res: z.object({ cancelled: z.boolean() }) },
  /** Folders two formats claim equally, with the user's choice. */
  'library:list-ties': { req: Empty, res: z.array(FolderTie) },
  /** Reads a tied folder as `format` (null: the automatic choice) and re-imports its source. */
  'library:choose-format': { req: z.object({ sourceId: z.string(), folder: z.string().max(4096), format: RunFormat.nullable() }).strict(), res: JobRef },
  'library:get-table-columns': { req: z.object({ runId: z.string() }).strict(), res: TableColumns },
  /** Uses these columns as a table run's step and wall time (null: the detected ones) and re-imports its source. */
  'library:set-table-columns': { req: z.object({ runId: z.string(), choice: TableColumnChoice.nullable() }).strict(), res: JobRef },
  'series:query': { req: SeriesQuery, res: SeriesBundle },
  /** Grouped runs as one line per group with a band (mean ± 95 % CI, or min–max). */
  'series:aggregate': { req: AggregateQuery, res: AggregateBundle },
  /** Findings (spikes, NaN onset, divergence, plateau, overfitting) per run, from every stored point. */
  'analysis:findings': { req: FindingsReq, res: z.array(RunFindings) },
  /** Integrity of a run's checkpoint folders, read from disk now (safetensors headers, shards, sizes; no tensors). */
  'library:check-checkpoints': { req: z.object({ runId: z.string().max(2000) }), res: z.array(CheckpointCheck) },
  /** Failure diagnosis of runs from their logs (rule table, root cause vs cascade) and their goodput. */
  'diagnosis:runs': { req: DiagnoseReq, res: z.array(RunDiagnosis) },
  /** Data and behaviour audit: synthetic share of mixtures, identity drift, template gaps, behavioural panels (issue 10). */
  'audit:runs': { req: AuditReq, res: AuditResult },
  /** A window of a run's stored log around one line. */
  'logs:context': { req: LogContextReq, res: LogContext },
  /** One checkpoint folder's own config (its JSON files, pickles by size) and the run's metrics as of its step. */
  'review:checkpoint-config': { req: CheckpointConfigReq, res: z.array(CheckpointConfigEntry) },
  /** Per-sample review: logged eval documents matched across runs, right/wrong per run, flips and their counts. */
  'review:samples': { req: SamplesReq, res: SamplesPage },
  /** One document in full: prompt, target and every column's response. */
  'review:sample': { req: SampleReq, res: SampleDetail },
  /** Eval matrix, deltas vs a baseline with 95 % intervals, and the safety–reasoning plane (issue 6). */
  'compare:evals': { req: CompareReq, res: CompareResult },
  /** Robustness to weight updates from imported α-sweeps. */
  'compare:robustness': { req: RobustnessReq, res: RobustnessResult },
  /** The workspace's method labels and task → category map. */
  'compare:get-settings': { req: Empty, res: CompareSettings },
  'compare:set-settings': { req: SetCompareSettingsReq, res: CompareSettings },
  /** The workspace's notes on charts, runs, findings and comparison rows (issue 7). */
  'annotations:list': { req: Empty, res: z.array(Annotation) },
  'annotations:save': { req: SaveAnnotationReq, res: Annotation },
  'annotations:delete': { req: DeleteAnnotationReq, res: z.object({}) },
  /** Restores the notes as they were before this session's last change. */
  'annotations:undo': { req: Empty, res: UndoResult },
  /** Saved report specs (issue 7), newest first. */
  'report:list': { req: Empty, res: z.array(ReportSummary) },
  'report:get': { req: ReportRef, res: ReportSpec },
  'report:save': { req: ReportSpec, res: ReportSpec },
  'report:delete': { req: ReportRef, res: z.object({}) },
  /** The saved report printed to PDF by the browser engine (SVG charts, selectable text). */
  'report:export-pdf': { req: ReportRef, res: PdfExport },
  /** The same page as one standalone HTML file: inline SVG charts and styles, no scripts, no network. */
  'report:export-html': { req: ReportRef, res: HtmlExport },
  /** The numbers behind the report: every point of its curves and every eval of its comparisons, CSV or Parquet. */
  'report:export-data': { req: ReportRef.extend({ format: z.enum(['csv', 'parquet']) }), res: DataExport },
  /** Source paths, importer versions and file fingerprints of these runs, for the appendix. */
  'report:provenance': { req: z.object({ runIds: z.array(z.string()).max(2000) }), res: ReportProvenance },
  'dialog:pick-folder': { req: Empty, res: z.object({ path: z.string().nullable() }) },
} as const satisfies Record<string, { req: z.ZodTypeAny; res: z.ZodTypeAny }>;

/**
 * The channels whose answers carry series columns (Float64Array). The serve host sends these as wire bytes
 * (shared/ipc/wire.ts) and every other answer as JSON, in which a typed array would not survive; looking for columns
 * in every answer cost more than writing it (10,000 runs). Electron's structured clone carries either.
 */
export const COLUMN_CHANNELS: ReadonlySet<string> = new Set<keyof typeof contract>(['series:query']);

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Req<C extends Channel> = z.infer<Contract[C]['req']>;
export type Res<C extends Channel> = z.infer<Contract[C]['res']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
