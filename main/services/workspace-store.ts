import path from 'node:path';
import { z } from 'zod';
import { CompareSettings } from '../../shared/domain/compare';
import { TableColumnChoice } from '../../shared/domain/import-choices';
import { RunFormat } from '../../shared/domain/run';
import { writeFileAtomic } from '../platform/atomic-write';
import { readUserFile } from '../platform/user-file';

/** The user's answers to a source's import questions. */
export const SourceChoices = z.object({
  /** Folder (relative to the source root) → the format it is read as, where two formats claim it equally. */
  formats: z.record(z.string(), RunFormat).optional(),
  /** Table run path (relative to the source root) → which columns are its step and wall time. */
  tableColumns: z.record(z.string(), TableColumnChoice).optional(),
});
export type SourceChoices = z.infer<typeof SourceChoices>;

/**
 * User data of a workspace (not cache): which folders were added, the recent folders list, and the user's import
 * choices per source (optional: files written before choices existed still load). Lives in
 * `workspace.json`, written atomically; the DuckDB cache can be deleted at any time and is rebuilt from this.
 */
export const WorkspaceFile = z.object({
  version: z.literal(1),
  sources: z.array(z.object({ id: z.string(), path: z.string(), name: z.string(), addedAtMs: z.number() })),
  recentFolders: z.array(z.string()).max(50),
  choices: z.record(z.string(), SourceChoices).optional(),
  /** Method labels per run and the task → category map of the method comparison (issue 6). */
  compare: CompareSettings.optional(),
});
export type WorkspaceFile = z.infer<typeof WorkspaceFile>;

const EMPTY: WorkspaceFile = { version: 1, sources: [], recentFolders: [] };
const MAX_RECENT = 10;

export class WorkspaceStore {
  private data: WorkspaceFile = EMPTY;
  /** Changes run one after another, each from the state the previous one left (no lost update, no stale write last). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(workspaceDir: string): Promise<{ store: WorkspaceStore; problem: string | null }> {
    const store = new WorkspaceStore(path.join(workspaceDir, 'workspace.json'));
    const { value, problem } = await readUserFile(store.file, WorkspaceFile, 'starting with an empty library');
    if (value) store.data = value;
    return { store, problem };
  }

  get snapshot(): WorkspaceFile {
    return this.data;
  }

  async addSource(src: WorkspaceFile['sources'][number]): Promise<void> {
    await this.update((d) => {
      const sources = d.sources.filter((s) => s.id !== src.id).concat(src);
      const recentFolders = [src.path, ...d.recentFolders.filter((p) => p !== src.path)].slice(0, MAX_RECENT);
      return { ...d, sources, recentFolders };
    });
  }

  async removeSource(id: string): Promise<void> {
    await this.update((d) => {
      // A folder added again later starts with no choices, like any new folder.
      const { [id]: _dropped, ...choices } = d.choices ?? {};
      return { ...d, sources: d.sources.filter((s) => s.id !== id), choices };
    });
  }

  choicesOf(sourceId: string): SourceChoices {
    return this.data.choices?.[sourceId] ?? {};
  }

  /** Reads `folder` as `format` from now on; null goes back to the automatic choice. */
  async setFormatChoice(sourceId: string, folder: string, format: RunFormat | null): Promise<void> {
    await this.updateChoices(sourceId, (prev) => {
      const { [folder]: _old, ...formats } = prev.formats ?? {};
      return { ...prev, formats: format === null ? formats : { ...formats, [folder]: format } };
    });
  }

  /** Uses these columns for the table run at `runPath`; null goes back to the detected ones. */
  async setTableColumns(sourceId: string, runPath: string, choice: TableColumnChoice | null): Promise<void> {
    await this.updateChoices(sourceId, (prev) => {
      const { [runPath]: _old, ...tableColumns } = prev.tableColumns ?? {};
      return { ...prev, tableColumns: choice === null ? tableColumns : { ...tableColumns, [runPath]: choice } };
    });
  }

  get compareSettings(): CompareSettings {
    return this.data.compare ?? { methods: {}, categories: {} };
  }

  async setCompareSettings(next: CompareSettings): Promise<void> {
    await this.update((d) => ({ ...d, compare: next }));
  }

  private async updateChoices(sourceId: string, change: (prev: SourceChoices) => SourceChoices): Promise<void> {
    await this.update((d) => ({ ...d, choices: { ...d.choices, [sourceId]: change(d.choices?.[sourceId] ?? {}) } }));
  }

  /**
   * Applies a change to the state the previous change left, writes it (atomically, keeping the previous version as
   * the backup the reader falls back to), and only then makes it the state: what the app shows is what is on disk,
   * and a failed write neither changes the state nor blocks the changes after it.
   */
  private update(change: (d: WorkspaceFile) => WorkspaceFile): Promise<void> {
    const run = this.queue.then(async () => {
      const next = change(this.data);
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`, { keepPrevious: true });
      this.data = next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
