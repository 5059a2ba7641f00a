import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { previousVersionPath, removeLeftoverTemps, writeFileAtomic } from './atomic-write';

export interface UserFileRead<T> {
  readonly value: T | null;
  /** What went wrong, for the app to show once; null when the file was fine or absent. */
  readonly problem: string | null;
}

/**
 * Reads a workspace user-data file (settings, notes, report specs) through its schema. Missing = null, no problem. A
 * file that cannot be read or does not validate (empty, cut short, hand-edited) is copied aside as
 * `<name>.damaged-<ms>` before anything can overwrite it, and the problem is returned for the app to show: user data
 * is never lost silently. When the writer kept the previous version (`writeFileAtomic` with `keepPrevious`) and it
 * validates, it is put back in place and returned: the last good version, at most one save old. A missing file is not
 * replaced by its backup: a save never leaves the file missing, so missing means deleted (or never written).
 *
 * Temp files of writes killed mid-way are never read; old ones are removed here.
 */
export async function readUserFile<S extends z.ZodType>(file: string, schema: S, emptyMeaning: string, nowMs: number = Date.now()): Promise<UserFileRead<z.infer<S>>> {
  // Real time, not the caller's clock (which only names the damaged copy): it is compared with file times.
  await removeLeftoverTemps(file).catch(() => undefined);
  const name = path.basename(file);
  const first = await readValidated(file, schema);
  if (first.ok) return { value: first.value, problem: null };
  if (first.missing) return { value: null, problem: null };
  const kept = await keepDamaged(file, nowMs);
  const keptNote = kept ? ` The damaged file was kept as ${path.basename(kept)}.` : '';
  const previous = await readValidated(previousVersionPath(file), schema);
  if (previous.ok) {
    // Put the good version back now: the next save sets the current file aside as the backup, and that must not be
    // the damaged one. Never over a damaged file that could not be copied aside first.
    if (kept) await writeFileAtomic(file, previous.text).catch(() => undefined);
    return { value: previous.value, problem: `${describe(name, first.reason)}.${keptNote} The previous saved version was restored; the last change before the damage may be missing.` };
  }
  return { value: null, problem: `${describe(name, first.reason)}; ${emptyMeaning}.${keptNote}` };
}

type Validated<T> = { ok: true; value: T; text: string } | { ok: false; missing: boolean; reason: Reason };
type Reason = { kind: 'unreadable'; message: string } | { kind: 'invalid'; message: string };

async function readValidated<S extends z.ZodType>(file: string, schema: S): Promise<Validated<z.infer<S>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, reason: { kind: 'unreadable', message: (err as Error).message } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // An empty file is the usual shape of a write the file system lost (no fsync before a power cut).
    return { ok: false, missing: false, reason: { kind: 'unreadable', message: text.length === 0 ? 'the file is empty' : (err as Error).message } };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data, text };
  return { ok: false, missing: false, reason: { kind: 'invalid', message: parsed.error.issues[0]?.message ?? 'bad shape' } };
}

function describe(name: string, reason: Reason): string {
  return reason.kind === 'invalid' ? `${name} is not valid (${reason.message})` : `${name} could not be read: ${reason.message}`;
}

/**
 * Copies the damaged file aside, unless the newest copy already holds the same bytes (a damaged file read again and
 * again, as a report listed on every visit, must not fill the folder). Returns the copy's path, or null when the
 * file could not be copied at all.
 */
async function keepDamaged(file: string, nowMs: number): Promise<string | null> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.damaged-`;
  const bytes = await readFile(file).catch(() => null);
  if (bytes !== null) {
    const copies = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)));
    const newest = copies.sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)))[0];
    if (newest !== undefined) {
      const same = await readFile(path.join(dir, newest)).then((b) => b.equals(bytes)).catch(() => false);
      if (same) return path.join(dir, newest);
    }
  }
  const kept = path.join(dir, `${prefix}${nowMs}`);
  try {
    await copyFile(file, kept);
    return kept;
  } catch {
    return null;
  }
}
