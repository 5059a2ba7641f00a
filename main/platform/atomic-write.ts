import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where the version a save replaced is kept (when asked to): the reader's fallback for a damaged file. */
export const previousVersionPath = (file: string): string => `${file}.bak`;

export interface AtomicWriteOptions {
  /**
   * Keep the content being replaced as `<file>.bak` (a hard link, so no copy of the data), for a reader to fall back
   * to when the file is found damaged later (a disk fault, a sync client, a hand edit). Off by default.
   */
  readonly keepPrevious?: boolean;
}

/**
 * Writes a file so that a crash at any moment leaves either the old or the new content: write a temp file beside it,
 * fsync it, then rename over the target (atomic on POSIX and on NTFS for same-volume renames), then fsync the folder
 * so the rename itself survives a power cut. The target never goes missing, not even while the previous version is
 * set aside.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = tempName(file);
  try {
    await writeSynced(tmp, data);
    if (opts.keepPrevious) await keepPrevious(file);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/**
 * Removes temp files that `writeFileAtomic` left for `file` when its process was killed mid-write. Only ones older
 * than `minAgeMs`: a younger one may belong to a save still in flight (in this process or another). Returns the names
 * removed. Leftovers are harmless (no reader looks at them); this only keeps the folder tidy.
 */
export async function removeLeftoverTemps(file: string, minAgeMs = 60_000, nowMs: number = Date.now()): Promise<string[]> {
  const dir = path.dirname(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => isTempOf(n, path.basename(file)))) {
    const full = path.join(dir, name);
    const st = await stat(full).catch(() => null);
    if (!st || nowMs - st.mtimeMs < minAgeMs) continue;
    await rm(full, { force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether `name` is a temp file of a write to `target` (a base name), or of the set-aside copy of its previous version. */
export function isTempOf(name: string, target: string): boolean {
  for (const base of [target, path.basename(previousVersionPath(target))]) {
    if (name.length === base.length + TEMP_SUFFIX_LENGTH && name.startsWith(`${base}.`) && TEMP_SUFFIX.test(name.slice(base.length))) return true;
  }
  return false;
}

const TEMP_SUFFIX = /^\.[0-9a-f]{12}\.tmp$/;
const TEMP_SUFFIX_LENGTH = '.0123456789ab.tmp'.length;

function tempName(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.tmp`;
}

async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  // 'wx': a temp name is never reused, so never write into a file someone else is writing.
  const fh = await open(file, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Points `<file>.bak` at the current content of `file`, if there is one; `file` itself is not touched. Best effort: a
 * backup that cannot be made leaves the older one in place and must not cost the user the save itself.
 */
async function keepPrevious(file: string): Promise<void> {
  const bak = previousVersionPath(file);
  const tmp = tempName(bak);
  try {
    try {
      await link(file, tmp);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // the first save: nothing to keep
      // File systems without hard links (FAT, some network shares): a synced copy does the same job.
      await copyFile(file, tmp);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    await rename(tmp, bak);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * fsync of the folder makes a rename durable on POSIX. Windows cannot open a folder for it (and NTFS journals the
 * rename). Errors are swallowed: the rename has already happened, so the save succeeded; failing it now would make the
 * caller believe the old content is still there.
 */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems refuse fsync on a folder (EINVAL); nothing more can be done there.
  }
}
