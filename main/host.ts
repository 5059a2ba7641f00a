import type { BatchLimits } from './services/run-batch';
import type { Importer } from '../shared/importers/importer';
import type { EventBus } from './ipc/event-bus';
import type { Handlers } from './ipc/handler-types';
import type { ReportPrinter } from './services/reports';

export interface HostOptions {
  /** Where the cache database, settings and user data live. */
  readonly workspaceDir: string;
  readonly mode: 'electron' | 'web' | 'cli';
  /** Native folder picker (Electron only). Absent → `dialog:pick-folder` answers `unsupported`. */
  readonly pickFolder?: () => Promise<string | null>;
  readonly appVersion?: string;
  /** Follow added folders and re-import runs whose files change (the app; not one-shot tools and most tests). */
  readonly watch?: boolean;
  /** The importers to use (tests pin or replace them); the registry's by default. */
  readonly importers?: readonly Importer[];
  /** When a cold import commits (main/services/run-batch.ts IMPORT_BATCH by default; crash tests use small batches). */
  readonly importBatch?: BatchLimits;
  /** Worker threads that parse a cold import of many runs (0: on the main thread); by default one per spare core. */
  readonly parseWorkers?: number;
}

export interface Host {
  readonly handlers: Handlers;
  readonly bus: EventBus;
  readonly workspaceDir: string;
  /** Adds folders as sources (imports them unless unchanged). Resolves when every import has finished. */
  addFolders(paths: readonly string[]): Promise<void>;
  /** How `report:export-pdf` prints: set by the adapter once it knows where the report page is served. */
  setReportPrinter(printer: ReportPrinter | null): void;
  close(): Promise<void>;
}

export { createHost } from './host-impl';
