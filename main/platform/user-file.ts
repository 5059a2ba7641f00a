import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Reads a workspace user-data file (settings, notes, report specs) through its schema. Missing = null, no problem. A
 * file that cannot be read or does not validate is copied aside as `<name>.damaged-<ms>` before anything can overwrite
 * it, and the problem is returned for the app to show: user data is never lost silently.
 */
export async function readUserFile<S extends z.ZodType>(file: string, schema: S, emptyMeaning: string, nowMs: number = Date.now()): Promise<{ value: z.infer<S> | null; problem: string | null }> {
  const name = path.basename(file);
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return { value: parsed.data, problem: null };
    problem = `${name} is not valid (${parsed.error.issues[0]?.message ?? 'bad shape'}); ${emptyMeaning}.`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { value: null, problem: null };
    problem = `${name} could not be read: ${(err as Error).message}`;
  }
  const kept = `${file}.damaged-${nowMs}`;
  await copyFile(file, kept).catch(() => undefined);
  return { value: null, problem: `${problem} The damaged file was kept as ${path.basename(kept)}.` };
}
