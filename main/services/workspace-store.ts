import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/atomic-write';

/**
 * User data of a workspace (not cache): which folders were added and the recent folders list. Lives in
 * `workspace.json`, written atomically; the DuckDB cache can be deleted at any time and is rebuilt from this.
 */
export const WorkspaceFile = z.object({
  version: z.literal(1),
  sources: z.array(z.object({ id: z.string(), path: z.string(), name: z.string(), addedAtMs: z.number() })),
  recentFolders: z.array(z.string()).max(50),
});
export type WorkspaceFile = z.infer<typeof WorkspaceFile>;

const EMPTY: WorkspaceFile = { version: 1, sources: [], recentFolders: [] };
const MAX_RECENT = 10;

export class WorkspaceStore {
  private data: WorkspaceFile = EMPTY;
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(workspaceDir: string): Promise<{ store: WorkspaceStore; problem: string | null }> {
    const store = new WorkspaceStore(path.join(workspaceDir, 'workspace.json'));
    let problem: string | null = null;
    try {
      const parsed = WorkspaceFile.safeParse(JSON.parse(await readFile(store.file, 'utf8')));
      if (parsed.success) store.data = parsed.data;
      else problem = `workspace.json is not valid (${parsed.error.issues[0]?.message ?? 'bad shape'}); starting with an empty library.`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem = `workspace.json could not be read: ${(err as Error).message}`;
    }
    if (problem) {
      // The next save would overwrite it: keep the damaged file so nothing the user had is lost.
      const kept = `${store.file}.damaged-${Date.now()}`;
      await copyFile(store.file, kept).catch(() => undefined);
      problem += ` The damaged file was kept as ${path.basename(kept)}.`;
    }
    return { store, problem };
  }

  get snapshot(): WorkspaceFile {
    return this.data;
  }

  async addSource(src: WorkspaceFile['sources'][number]): Promise<void> {
    const sources = this.data.sources.filter((s) => s.id !== src.id).concat(src);
    const recentFolders = [src.path, ...this.data.recentFolders.filter((p) => p !== src.path)].slice(0, MAX_RECENT);
    await this.save({ ...this.data, sources, recentFolders });
  }

  async removeSource(id: string): Promise<void> {
    await this.save({ ...this.data, sources: this.data.sources.filter((s) => s.id !== id) });
  }

  private async save(next: WorkspaceFile): Promise<void> {
    this.data = next;
    // Serialise writes so an older snapshot never lands after a newer one.
    this.writing = this.writing.then(() => writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`));
    await this.writing;
  }
}
