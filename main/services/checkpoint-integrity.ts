import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveInsideRoots } from '../platform/allowed-path';
import type { CheckpointFacts, CheckpointFile, CheckpointIntegrity } from '../../shared/analysis/checkpoints/folder';
import type { CheckpointCheck } from '../../shared/domain/run';
import { checkCheckpoint } from '../../shared/analysis/checkpoints/folder';
import type { SafetensorsCheck } from '../../shared/analysis/checkpoints/safetensors';
import { checkSafetensors, headerLength, MAX_HEADER_BYTES } from '../../shared/analysis/checkpoints/safetensors';

/** A checkpoint folder is walked this deep (DeepSpeed nests `global_stepN/`) and at most this many files are listed. */
const MAX_DEPTH = 3;
const MAX_FILES = 20_000;
/** Index and trainer_state files larger than this are not read (they are kilobytes when healthy). */
const MAX_SMALL_FILE = 64 * 1024 * 1024;

async function listFiles(dir: string): Promise<CheckpointFile[]> {
  const out: CheckpointFile[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_FILES) return;
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(r, depth + 1);
      } else if (e.isFile()) {
        out.push({ name: r, size: (await stat(path.join(dir, r))).size });
      }
    }
  };
  await walk('', 0);
  return out;
}

/** Reads the 8-byte length and the header of a safetensors file: never the tensors. */
async function safetensorsHead(file: string, size: number): Promise<SafetensorsCheck> {
  const fh = await open(file, 'r');
  try {
    const first = Buffer.alloc(Math.min(8, size));
    await fh.read(first, 0, first.length, 0);
    const n = headerLength(first);
    const want = n === null ? first.length : Math.min(size, 8 + Math.min(n, MAX_HEADER_BYTES));
    const head = Buffer.alloc(want);
    await fh.read(head, 0, want, 0);
    return checkSafetensors(new Uint8Array(head.buffer, head.byteOffset, head.length), size);
  } finally {
    await fh.close();
  }
}

/**
 * Checks one checkpoint folder on disk (issue 8 §4): lists it, reads safetensors headers, shard indexes and
 * trainer_state.json's step, never a pickle or a tensor. `dir` is absolute.
 */
export async function checkCheckpointFolder(dir: string): Promise<CheckpointIntegrity> {
  let files: CheckpointFile[];
  try {
    files = await listFiles(dir);
  } catch (err) {
    return { step: null, ok: false, problems: [`cannot be read: ${(err as Error).message}`], totalBytes: 0, fileCount: 0, hasOptimizer: false, hasRngState: false, pickles: [] };
  }
  const indexes: Record<string, string> = {};
  const safetensors: Record<string, SafetensorsCheck> = {};
  let trainerStateStep: number | null = null;
  for (const f of files) {
    const abs = path.join(dir, f.name);
    if (f.name.endsWith('.safetensors') && f.size > 0) safetensors[f.name] = await safetensorsHead(abs, f.size).catch((err: unknown) => ({ ok: false, problems: [`cannot be read: ${(err as Error).message}`], tensors: 0, dataBytes: 0, expectedFileBytes: null }));
    else if (f.name.endsWith('.index.json') && f.size <= MAX_SMALL_FILE) indexes[f.name] = await readFile(abs, 'utf8').catch(() => '');
    else if (f.name === 'trainer_state.json' && f.size <= MAX_SMALL_FILE) {
      try {
        const s = (JSON.parse(await readFile(abs, 'utf8')) as { global_step?: unknown }).global_step;
        trainerStateStep = typeof s === 'number' && Number.isFinite(s) ? s : null;
      } catch {
        // A damaged trainer_state.json is the importer's warning; here it only cannot confirm the step.
      }
    }
  }
  const facts: CheckpointFacts = { folder: path.basename(dir), files, indexes, safetensors, trainerStateStep };
  return checkCheckpoint(facts);
}

/** A checkpoint path that names a folder inside the source (not a hub id like `org/model@step100`, not `../x`). */
export async function isLocalCheckpointFolder(rootAbs: string, rel: string): Promise<boolean> {
  if (path.isAbsolute(rel) || rel.includes('@') || rel.split('/').includes('..')) return false;
  // A folder symlinked out of the source is not one the user added: like the import's walk, do not follow it out.
  if ((await resolveInsideRoots([rootAbs], path.join(rootAbs, rel))) === null) return false;
  return stat(path.join(rootAbs, rel)).then((s) => s.isDirectory(), () => false);
}

/**
 * One recorded checkpoint of a run, checked: the folder on disk when it is inside the source, else a reference
 * (`ok` null). `root` is the source folder, absolute; `c.path` is relative to it.
 */
export async function checkRunCheckpoint(root: string, c: { readonly path: string; readonly step: number | null }): Promise<CheckpointCheck> {
  if (!(await isLocalCheckpointFolder(root, c.path))) return { path: c.path, step: c.step, ok: null, problems: [], totalBytes: 0, fileCount: 0, hasOptimizer: false, hasRngState: false };
  const r = await checkCheckpointFolder(path.join(root, c.path));
  return { path: c.path, step: c.step ?? r.step, ok: r.ok, problems: [...r.problems], totalBytes: r.totalBytes, fileCount: r.fileCount, hasOptimizer: r.hasOptimizer, hasRngState: r.hasRngState };
}
