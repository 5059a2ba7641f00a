import type { Dirent } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DirNode, FileEntry, Peek, ResumeSource, RunSource } from '../../shared/importers/importer';
import { joinRel } from '../../shared/importers/importer';

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.hg', '.svn', '.ipynb_checkpoints']);

/**
 * Walks a folder into a DirNode tree (names, sizes, mtimes; no contents). Symlinked directories are not followed
 * (they can loop or leave the folder the user chose); unreadable subfolders are skipped, not fatal.
 */
export async function walkDir(rootAbs: string, signal?: AbortSignal): Promise<DirNode> {
  const st = await stat(rootAbs);
  if (!st.isDirectory()) throw new Error(`${rootAbs} is not a folder`);
  return walk(rootAbs, '', path.basename(rootAbs), signal, true);
}

async function walk(abs: string, relPath: string, name: string, signal: AbortSignal | undefined, isRoot: boolean): Promise<DirNode> {
  let entries: Dirent[];
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch (err) {
    if (isRoot) throw err;
    return { relPath, name, files: [], dirs: [] };
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: FileEntry[] = [];
  const dirs: DirNode[] = [];
  for (const e of entries) {
    if (signal?.aborted) break;
    const childAbs = path.join(abs, e.name);
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name)) continue;
      dirs.push(await walk(childAbs, joinRel(relPath, e.name), e.name, signal, false));
    } else if (e.isFile() || e.isSymbolicLink()) {
      try {
        const s = await stat(childAbs);
        // A symlink to a file is read like a file; one to a directory is not followed.
        if (s.isFile()) files.push({ name: e.name, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // dangling link or vanished file: nothing to read
      }
    }
  }
  return { relPath, name, files, dirs };
}

/** Resolves a root-relative posix path, refusing anything that would leave the root. */
export function resolveInside(rootAbs: string, relPath: string): string {
  const full = path.resolve(rootAbs, ...relPath.split('/'));
  const root = path.resolve(rootAbs);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`Path escapes the folder: ${relPath}`);
  return full;
}

export function makePeek(rootAbs: string): Peek {
  return async (relPath, bytes) => {
    const fh = await open(resolveInside(rootAbs, relPath), 'r');
    try {
      const buf = new Uint8Array(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  };
}

export function makeRunSource(rootAbs: string, relPath: string, files: readonly string[]): RunSource {
  return {
    relPath,
    files,
    async readFile(rel) {
      const b = await readFile(resolveInside(rootAbs, rel));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
  };
}

/**
 * A source over what a run's grown files gained since `from`: each file is read from its resume offset to its end at
 * the moment of reading (a writer may have added more since the scan; that is fine, the next resume point says so).
 */
export function makeResumeSource(rootAbs: string, relPath: string, from: ResumeSource['from']): ResumeSource {
  return {
    relPath,
    files: [...from.keys()],
    from,
    async readFile(rel) {
      const offset = from.get(rel)?.offset ?? 0;
      const fh = await open(resolveInside(rootAbs, rel), 'r');
      try {
        const size = (await fh.stat()).size;
        const buf = new Uint8Array(Math.max(0, size - offset));
        let done = 0;
        while (done < buf.length) {
          const { bytesRead } = await fh.read(buf, done, buf.length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buf.subarray(0, done);
      } finally {
        await fh.close();
      }
    },
  };
}
