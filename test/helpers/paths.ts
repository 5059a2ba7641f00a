import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
/** Real run folders beside the checkout (present on developer machines and in CI). */
export const realdataDir = path.resolve(repoRoot, '..', 'shared', 'realdata');
export const hasRealdata = existsSync(realdataDir);

export async function tempDir(prefix = 'runlens-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies a folder (real runs are read-only under shared/; tests that mutate work on a copy). */
export async function copyTree(from: string, to: string): Promise<string> {
  await cp(from, to, { recursive: true });
  return to;
}
