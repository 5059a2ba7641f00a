import type { Detection, DirNode } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { FILES_DIR, isLogFile, parseRunDirName, SIDE_FILES } from './names';

export const CONFIDENCE = 0.95;

/**
 * W&B runs, by names only. A folder holding `run-*` / `offline-run-*` folders (usually `wandb/`) claims them, one
 * Detection per run id: a run resumed in a second folder (same id, later timestamp) is one run whose segments are read
 * in time order, named after its first folder. A folder that itself holds a `.wandb` log is claimed directly when no
 * parent would: it is the scan root, or its name does not follow the `run-<time>-<id>` convention (a copied or
 * renamed run folder).
 */
export function detectWandb(dir: DirNode): Detection[] | null {
  const out: Detection[] = [];
  const byId = new Map<string, { stamp: string; node: DirNode }[]>();
  for (const child of dir.dirs) {
    const parsed = parseRunDirName(child.name);
    if (parsed === null || !hasLog(child)) continue;
    const list = byId.get(parsed.runId) ?? [];
    list.push({ stamp: parsed.stamp, node: child });
    byId.set(parsed.runId, list);
  }
  for (const segments of byId.values()) {
    segments.sort((a, b) => a.stamp.localeCompare(b.stamp) || a.node.name.localeCompare(b.node.name));
    const first = segments[0] as { node: DirNode };
    out.push({ confidence: CONFIDENCE, runPath: first.node.relPath, files: segments.flatMap((s) => runFiles(s.node)) });
  }
  const isOwnRun = hasLog(dir) && (dir.relPath === '' || parseRunDirName(dir.name) === null);
  if (isOwnRun) out.push({ confidence: CONFIDENCE, files: runFiles(dir) });
  out.sort((a, b) => (a.runPath ?? dir.relPath).localeCompare(b.runPath ?? dir.relPath));
  return out.length > 0 ? out : null;
}

function hasLog(node: DirNode): boolean {
  return node.files.some((f) => isLogFile(f.name));
}

/** The folder's `.wandb` log(s), then the `files/` copies that exist, in reading order. */
function runFiles(node: DirNode): string[] {
  const logs = node.files.map((f) => f.name).filter(isLogFile).sort();
  const files = logs.map((n) => joinRel(node.relPath, n));
  const side = node.dirs.find((d) => d.name === FILES_DIR);
  if (side) for (const name of SIDE_FILES) if (side.files.some((f) => f.name === name)) files.push(joinRel(side.relPath, name));
  return files;
}
