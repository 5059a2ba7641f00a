import type { FolderTie, TableColumnChoice, TableColumns } from '../../shared/domain/import-choices';
import { RunFormat } from '../../shared/domain/run';
import { AppError } from '../../shared/ipc/result';
import { tableColumnsIn, tableKindOf } from '../importers/table/detect';
import { tableOptionsFor } from '../importers/table/options';
import { makePeek } from '../platform/walk';
import type { ScanChoices } from './import-source';
import type { RunClaim, ScanResult } from './scan';
import type { WorkspaceStore } from './workspace-store';

/** Enough for a wide header line (the table importer's detection peeks as much). */
const HEADER_PEEK_BYTES = 16 * 1024;
const TABLE_EXTENSIONS = ['.csv', '.tsv', '.jsonl'];

/**
 * The user's answers to import questions: which format reads a folder two formats claim equally, and which columns
 * are a table run's step and wall time. The answers are user data (workspace.json); what the last scan found (ties,
 * table files) is kept in memory only, refreshed by every import (the host imports every folder when it starts).
 */
export class ImportChoices {
  private readonly ties = new Map<string, ScanResult['ties']>();
  /** Run id → the table file it was read from, from the last scan of its source. */
  private readonly tableFiles = new Map<string, { sourceId: string; runPath: string; file: string }>();

  constructor(private readonly store: WorkspaceStore) {}

  /** What ImportJobs calls: the choices a scan honours, and what it found. */
  readonly hooks = {
    scanChoices: (sourceId: string): ScanChoices => {
      const c = this.store.choicesOf(sourceId);
      return {
        formats: new Map(Object.entries(c.formats ?? {})),
        optionsFor: (claim: RunClaim) => {
          const choice = claim.importer.id === 'table' ? c.tableColumns?.[claim.relPath] : undefined;
          return choice ? tableOptionsFor(choice) : undefined;
        },
      };
    },
    scanned: (sourceId: string, scan: ScanResult): void => {
      this.ties.set(sourceId, scan.ties);
      for (const [id, t] of this.tableFiles) if (t.sourceId === sourceId) this.tableFiles.delete(id);
      for (const claim of scan.claims) {
        const file = claim.files[0];
        if (claim.importer.id === 'table' && file !== undefined) this.tableFiles.set(`${sourceId}/${claim.relPath}`, { sourceId, runPath: claim.relPath, file });
      }
    },
  };

  /** Ties of every folder still in the library, with the user's choice where there is one. */
  listTies(): FolderTie[] {
    const out: FolderTie[] = [];
    for (const s of this.store.snapshot.sources) {
      for (const t of this.ties.get(s.id) ?? []) {
        const formats = t.formats.map((f) => RunFormat.parse(f));
        const chosen = t.chosen === undefined ? null : RunFormat.parse(t.chosen);
        out.push({ sourceId: s.id, folder: t.relPath, formats, chosen });
      }
    }
    return out;
  }

  /** Reads `folder` as `format` from the next import on (null: back to the automatic choice). */
  async chooseFormat(sourceId: string, folder: string, format: RunFormat | null): Promise<void> {
    this.sourceOf(sourceId);
    if (format !== null) {
      const tie = (this.ties.get(sourceId) ?? []).find((t) => t.relPath === folder);
      if (!tie) throw new AppError('not-found', `No two formats claim "${folder || '.'}" in this folder (rescan it first?).`);
      if (!tie.formats.includes(format)) throw new AppError('invalid-request', `"${folder || '.'}" can be read as ${tie.formats.join(' or ')}, not ${format}.`);
    }
    await this.store.setFormatChoice(sourceId, folder, format);
  }

  /** A table run's columns, the detected step column and the user's choice. */
  async tableColumns(runId: string): Promise<TableColumns> {
    const t = await this.tableRun(runId);
    const columns = await this.readColumns(t.sourceId, t.file);
    return { runId, columns: columns.columns, detectedStep: columns.detectedStep, choice: this.store.choicesOf(t.sourceId).tableColumns?.[t.runPath] ?? null };
  }

  /** Uses these columns for the run from the next import on (null: back to the detected ones). Returns its source. */
  async setTableColumns(runId: string, choice: TableColumnChoice | null): Promise<string> {
    const t = await this.tableRun(runId);
    if (choice !== null) {
      const { columns } = await this.readColumns(t.sourceId, t.file);
      for (const name of [choice.step, choice.wall]) {
        if (name !== null && !columns.includes(name)) throw new AppError('invalid-request', `"${name}" is not a column of ${t.file}.`);
      }
      if (choice.step !== null && choice.step === choice.wall) throw new AppError('invalid-request', 'The step and wall-time columns must differ.');
    }
    await this.store.setTableColumns(t.sourceId, t.runPath, choice);
    return t.sourceId;
  }

  private sourceOf(sourceId: string): { id: string; path: string } {
    const s = this.store.snapshot.sources.find((x) => x.id === sourceId);
    if (!s) throw new AppError('not-found', 'That folder is not in the library.');
    return s;
  }

  private async tableRun(runId: string): Promise<{ sourceId: string; runPath: string; file: string }> {
    const known = this.tableFiles.get(runId);
    if (known) return known;
    // Not scanned yet in this session (the host has just started): a table run's path is its file's without the
    // extension, so look for that file.
    const slash = runId.indexOf('/');
    const sourceId = slash < 0 ? runId : runId.slice(0, slash);
    const runPath = slash < 0 ? '' : runId.slice(slash + 1);
    const peek = makePeek(this.sourceOf(sourceId).path);
    for (const ext of TABLE_EXTENSIONS) {
      const file = `${runPath.replace(/ \[table\]$/, '')}${ext}`;
      const exists = await peek(file, 0).then(() => true, () => false);
      if (exists) return { sourceId, runPath, file };
    }
    throw new AppError('not-found', 'That run is not a table run of the library.');
  }

  private async readColumns(sourceId: string, file: string): Promise<{ columns: string[]; detectedStep: string | null }> {
    const root = this.sourceOf(sourceId).path;
    const kind = tableKindOf(file);
    let head: Uint8Array;
    try {
      head = await makePeek(root)(file, HEADER_PEEK_BYTES);
    } catch (err) {
      throw new AppError('io', `${file} could not be read: ${(err as Error).message}`);
    }
    const found = kind === null ? null : tableColumnsIn(head, kind);
    if (!found) throw new AppError('io', `${file} has no header line to read its columns from.`);
    return found;
  }
}
