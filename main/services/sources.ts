import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/ipc/result';
import type { Engine } from '../db/engine';
import type { EventBus } from '../ipc/event-bus';
import { hashId } from './fingerprint';
import type { FolderWatcher } from './folder-watcher';
import type { ImportJobs } from './import-jobs';
import { deleteRuns } from './delete-runs';
import type { WorkspaceStore } from './workspace-store';
import type { ImportDone } from '../../shared/ipc/events';
import { withTransaction } from '../db/transaction';

/** Adding, removing and rescanning run folders. The folder list is user data (workspace.json); the cache follows it. */
export class Sources {
  constructor(
    private readonly engine: Engine,
    private readonly store: WorkspaceStore,
    private readonly jobs: ImportJobs,
    private readonly bus: EventBus,
    /** Live follow of added folders (absent in one-shot hosts such as tests and the CLI). */
    private readonly watcher: FolderWatcher | null = null,
  ) {}

  /** Starts following every folder of the workspace. */
  watchAll(): void {
    for (const s of this.store.snapshot.sources) this.watcher?.watch(s);
  }

  recentFolders(): string[] {
    return this.store.snapshot.recentFolders;
  }

  /** Makes the cache's sources table match workspace.json (after a cache rebuild, or a cache from another build). */
  async syncFromWorkspace(): Promise<void> {
    const conn = this.engine.writer;
    const wanted = this.store.snapshot.sources;
    const ids = wanted.map((s) => s.id);
    const stale = (await conn.runAndReadAll('SELECT id FROM runs')).getRowObjectsJS().map((r) => String(r.id)).filter((id) => !ids.includes(id.split('/')[0] ?? ''));
    await withTransaction(conn, async () => {
      await deleteRuns(conn, stale);
      await conn.run('DELETE FROM sources');
      for (const s of wanted) await conn.run("INSERT INTO sources VALUES ($1, $2, $3, $4, 'ready', NULL)", [s.id, s.path, s.name, s.addedAtMs]);
    });
  }

  async add(rawPath: string): Promise<{ sourceId: string; jobId: string; done: Promise<ImportDone> }> {
    const abs = await resolveFolder(rawPath);
    const id = hashId(abs);
    const existing = this.store.snapshot.sources.find((s) => s.id === id);
    const entry = existing ?? { id, path: abs, name: path.basename(abs) || abs, addedAtMs: Date.now() };
    await this.store.addSource(entry);
    if (!existing) {
      await this.engine.writer.run("INSERT INTO sources VALUES ($1, $2, $3, $4, 'importing', NULL)", [entry.id, entry.path, entry.name, entry.addedAtMs]);
      this.bus.emit('library:changed', { reason: 'source-added' });
    }
    const { jobId, done } = this.jobs.start(id, abs);
    this.watcher?.watch(entry);
    return { sourceId: id, jobId, done };
  }

  async rescan(sourceId: string): Promise<{ jobId: string; done: Promise<ImportDone> }> {
    const src = this.store.snapshot.sources.find((s) => s.id === sourceId);
    if (!src) throw new AppError('not-found', 'That folder is not in the library.');
    return this.jobs.start(src.id, src.path);
  }

  async remove(sourceId: string): Promise<void> {
    this.watcher?.unwatch(sourceId);
    await this.jobs.idle();
    await this.store.removeSource(sourceId);
    const conn = this.engine.writer;
    const runIds = (await conn.runAndReadAll('SELECT id FROM runs WHERE source_id = $1', [sourceId])).getRowObjectsJS().map((r) => String(r.id));
    await withTransaction(conn, async () => {
      await deleteRuns(conn, runIds);
      await conn.run('DELETE FROM warnings WHERE source_id = $1', [sourceId]);
      await conn.run('DELETE FROM sources WHERE id = $1', [sourceId]);
    });
    this.bus.emit('library:changed', { reason: 'source-removed' });
  }

  list(): readonly { id: string; path: string }[] {
    return this.store.snapshot.sources;
  }
}

async function resolveFolder(rawPath: string): Promise<string> {
  const trimmed = rawPath.trim();
  // A folder dropped from a file manager arrives as a file:// URI, percent-encoded.
  const abs = path.resolve(trimmed.startsWith('file://') ? decodeURIComponentSafe(trimmed.slice('file://'.length)) : trimmed);
  let st;
  try {
    st = await stat(abs);
  } catch {
    throw new AppError('not-found', `No folder at ${abs}.`);
  }
  if (!st.isDirectory()) throw new AppError('invalid-request', `${abs} is a file, not a folder. Add the folder that holds your runs.`);
  return abs;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
