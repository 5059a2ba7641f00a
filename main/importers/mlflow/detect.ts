import type { Detection, DirNode } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';

const RUN_PARTS = ['metrics', 'params', 'tags'];

/** Every file below a node, relative paths, in name order (metric names with `/` are nested folders). */
function filesBelow(node: DirNode): string[] {
  return [...node.files.map((f) => joinRel(node.relPath, f.name)), ...node.dirs.flatMap(filesBelow)];
}

/**
 * An MLflow file-store run folder: `meta.yaml` beside `metrics/`, `params/` or `tags/`. (An experiment folder has a
 * meta.yaml too, but holds run folders instead.) Recognised by structure, so `mlruns/` may have any name or place.
 */
export function detectMlflowRun(dir: DirNode): Detection | null {
  if (!dir.files.some((f) => f.name === 'meta.yaml')) return null;
  const parts = dir.dirs.filter((d) => RUN_PARTS.includes(d.name));
  if (parts.length === 0) return null;
  const files = [joinRel(dir.relPath, 'meta.yaml'), ...parts.sort((a, b) => a.name.localeCompare(b.name)).flatMap(filesBelow)];
  return { confidence: 0.95, files };
}
