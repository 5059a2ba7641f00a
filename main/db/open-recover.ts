import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { removeLeftoverTemps, writeFileAtomic } from '../platform/atomic-write';
import { Engine } from './engine';

/** The workspace's cache is held by another process (another RunLens window, a `runlens serve`). */
export class CacheInUseError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`This workspace is already open in another RunLens process (${detail}). Close that one first, or use another workspace.`);
    this.name = 'CacheInUseError';
  }
}

export interface OpenedCache {
  readonly engine: Engine;
  /** Shown to the user once when the cache had to be set aside and rebuilt; null when it opened as it was. */
  readonly problem: string | null;
  /** Closes the engine and records a clean close: the next open can then trust the file without reading all of it. */
  close(): Promise<void>;
}

/**
 * Opens the workspace's DuckDB cache so that whatever a crash or a damaged disk left, the library opens:
 * - a cache held by another live process is never touched (CacheInUseError);
 * - a WAL left by a kill -9 is replayed by DuckDB itself (each run is stored in one transaction, so it holds whole
 *   runs only);
 * - a cache that cannot be opened, or that was not closed cleanly by us or has changed since (size, mtime or a WAL
 *   differ from the clean-close record) and fails a full read of every table, is moved aside as
 *   `<file>.corrupt-<ms>` (the newest such copy only: caches are large) and a fresh one is created. The caller's
 *   refresh of every folder then rebuilds it: it holds nothing that is not in the run folders.
 * A full read costs a scan of the whole cache, so a cache closed cleanly and unchanged is trusted as it is.
 */
export async function openCache(file: string, now: () => number = Date.now): Promise<OpenedCache> {
  await mkdir(path.dirname(file), { recursive: true });
  const wal = `${file}.wal`;
  const db = await stat(file).catch(() => null);
  const walExists = (await stat(wal).catch(() => null)) !== null;
  // A log without its database has nothing to be replayed into (the database was deleted by hand).
  if (db === null && walExists) await rm(wal, { force: true });
  await removeLeftoverTemps(sessionStampPath(file)).catch(() => undefined);
  const stamp = db === null ? null : await readStamp(file);
  const trusted = stamp !== null && stamp.state === 'closed' && db !== null && stamp.size === db.size && stamp.mtimeMs === db.mtimeMs && !walExists;

  let engine: Engine | null = null;
  let failure: unknown = null;
  try {
    engine = await Engine.open(file);
    if (db !== null && !trusted) await verifyCache(engine);
  } catch (err) {
    await engine?.close().catch(() => undefined);
    engine = null;
    const lock = lockConflict(err);
    if (lock !== null) throw new CacheInUseError(file, lock);
    failure = err;
  }
  let problem: string | null = null;
  if (engine === null) {
    const aside = await setAside(file, now());
    // A fresh file that cannot be created is not about the old one's content (permissions, a full disk): let it show.
    engine = await Engine.open(file);
    problem =
      `The library cache could not be used (${firstLine(failure)}); it was moved aside as ${path.basename(aside)} and is ` +
      'being rebuilt from your folders. Your notes, reports and settings are not affected.';
  }
  await writeStamp(file, { state: 'open' });
  const opened = engine;
  let closed = false;
  return {
    engine: opened,
    problem,
    async close() {
      if (closed) return;
      closed = true;
      await opened.close();
      const st = await stat(file).catch(() => null);
      if (st !== null) await writeStamp(file, { state: 'closed', size: st.size, mtimeMs: st.mtimeMs });
    },
  };
}

/**
 * Reads every column of every table of the cache, so DuckDB checks the checksum of every data block in use: a
 * damaged block throws here rather than in the middle of a chart query later. Opening alone reads only the headers
 * and the catalog.
 */
export async function verifyCache(engine: Engine): Promise<void> {
  const tables = await engine.writer.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary");
  for (const row of tables.getRowObjectsJS()) {
    const name = String(row.table_name).replaceAll('"', '""');
    // hash() of the whole row makes DuckDB read every column; bit_xor keeps the result one value.
    await engine.writer.runAndReadAll(`SELECT bit_xor(hash(t)) FROM "${name}" t`);
  }
}

/** Where the clean-close record of a cache file lives. */
export const sessionStampPath = (file: string): string => `${file}.session.json`;

const Stamp = z.discriminatedUnion('state', [
  z.object({ state: z.literal('open') }),
  z.object({ state: z.literal('closed'), size: z.number(), mtimeMs: z.number() }),
]);
type Stamp = z.infer<typeof Stamp>;

async function readStamp(file: string): Promise<Stamp | null> {
  try {
    const parsed = Stamp.safeParse(JSON.parse(await readFile(sessionStampPath(file), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function writeStamp(file: string, stamp: Stamp): Promise<void> {
  await writeFileAtomic(sessionStampPath(file), `${JSON.stringify(stamp)}\n`);
}

/** Moves the cache and its WAL aside, removing older set-aside copies first. Returns the new path of the cache. */
async function setAside(file: string, nowMs: number): Promise<string> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.corrupt-`;
  for (const name of await readdir(dir)) if (name.startsWith(prefix)) await rm(path.join(dir, name), { force: true, recursive: true });
  const aside = `${file}.corrupt-${nowMs}`;
  await renameIfExists(file, aside);
  await renameIfExists(`${file}.wal`, `${aside}.wal`);
  await rm(sessionStampPath(file), { force: true });
  return aside;
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** DuckDB's message when another process holds the file's lock, reduced to what names that process; else null. */
function lockConflict(err: unknown): string | null {
  const message = err instanceof Error ? err.message : String(err);
  if (!/Could not set lock on file/i.test(message)) return null;
  return /Conflicting lock is held in ([^.]*?\(PID \d+\))/.exec(message)?.[1] ?? 'its lock on the cache is held';
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'unknown error';
}
