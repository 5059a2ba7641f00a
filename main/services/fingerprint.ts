import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';

const HEAD_BYTES = 4096;

/**
 * What makes a run "unchanged": importer id + version, the user's options for it (a new step column re-imports it)
 * and, per file, its path, size, mtime and a hash of its first bytes. Reopening an unchanged folder compares this and
 * parses nothing.
 */
export async function fingerprintRun(
  rootAbs: string,
  importerId: string,
  importerVersion: number,
  files: readonly string[],
  stat: (rel: string) => { size: number; mtimeMs: number } | undefined,
  options?: Readonly<Record<string, string>>,
): Promise<string> {
  const h = createHash('sha256');
  h.update(`${importerId}@${importerVersion}\n`);
  // Only when there are options, so runs without any keep the fingerprints older builds stored.
  const entries = Object.entries(options ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length > 0) h.update(`options ${JSON.stringify(entries)}\n`);
  for (const rel of files) {
    const s = stat(rel);
    h.update(`${rel}\0${s?.size ?? -1}\0${Math.trunc(s?.mtimeMs ?? -1)}\0`);
    h.update(await readHead(path.join(rootAbs, ...rel.split('/'))));
  }
  return h.digest('hex');
}

async function readHead(file: string): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(file, 'r');
    const buf = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return new Uint8Array(0);
  } finally {
    await fh?.close();
  }
}

export function hashId(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
