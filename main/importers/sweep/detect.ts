import type { Detection, DirNode, Peek } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { alphaOfDir, MANIFEST_NAMES, readManifest } from './manifest';

/** Above lm-eval's 0.9: the results files of a sweep's points belong to the sweep, not to one run each. */
export const CONFIDENCE = 0.95;
/** Manifests are a few KB; one this large is not a manifest worth reading whole at detect time. */
const MANIFEST_PEEK_BYTES = 1024 * 1024;

/** Every file at or below `node`, as paths relative to the source root. */
export function filesBelow(node: DirNode): string[] {
  const out: string[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop() as DirNode;
    for (const f of n.files) out.push(joinRel(n.relPath, f.name));
    stack.push(...n.dirs);
  }
  return out.sort();
}

/** The node or file at `rel` (relative to `dir`). */
function find(dir: DirNode, rel: string): { node: DirNode } | { file: string } | null {
  const parts = rel.split('/');
  let node = dir;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const isLast = i === parts.length - 1;
    const child = node.dirs.find((d) => d.name === part);
    if (child) {
      node = child;
      continue;
    }
    if (isLast && node.files.some((f) => f.name === part)) return { file: joinRel(node.relPath, part) };
    return null;
  }
  return { node };
}

export function manifestName(dir: DirNode): string | null {
  return MANIFEST_NAMES.find((n) => dir.files.some((f) => f.name === n)) ?? null;
}

/** Sub-folders named for their α (alpha_0.1…) that hold a JSON file somewhere below. */
export function alphaDirs(dir: DirNode): { node: DirNode; alpha: number }[] {
  const out: { node: DirNode; alpha: number }[] = [];
  for (const d of dir.dirs) {
    const alpha = alphaOfDir(d.name);
    if (alpha !== null && filesBelow(d).some((f) => f.endsWith('.json'))) out.push({ node: d, alpha });
  }
  return out.sort((a, b) => a.alpha - b.alpha);
}

export async function detectSweep(dir: DirNode, peek: Peek): Promise<Detection | null> {
  const name = manifestName(dir);
  if (name !== null) {
    const manifestRel = joinRel(dir.relPath, name);
    const spec = readManifest(name, await peek(manifestRel, MANIFEST_PEEK_BYTES));
    const files = new Set([manifestRel]);
    for (const d of spec.directions) {
      for (const p of d.points) {
        if (p.results === null) continue;
        const hit = find(dir, p.results);
        if (hit && 'file' in hit) files.add(hit.file);
        else if (hit) for (const f of filesBelow(hit.node)) files.add(f);
      }
    }
    // A manifest that does not validate still makes a run: it carries the warning saying why.
    return { confidence: CONFIDENCE, files: [...files] };
  }
  const alphas = alphaDirs(dir);
  if (alphas.length < 2) return null;
  return { confidence: CONFIDENCE, files: alphas.flatMap((a) => filesBelow(a.node)) };
}
