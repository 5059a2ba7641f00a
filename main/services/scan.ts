import type { Detection, DirNode, Importer, Peek } from '../../shared/importers/importer';

export interface RunClaim {
  readonly importer: Importer;
  /** Run directory relative to the source root ('' = the root). */
  readonly relPath: string;
  readonly files: readonly string[];
  readonly confidence: number;
}

export interface ScanResult {
  readonly claims: readonly RunClaim[];
  /** Directories where two importers claimed the same files with equal confidence (the first in registry order won). */
  readonly ties: readonly { relPath: string; formats: string[] }[];
}

/**
 * Offers every directory to every importer and resolves overlapping claims: the more confident claim wins; at equal
 * confidence the shallower one (an HF output dir over its own checkpoint-N dirs), then registry order.
 */
export async function scanTree(root: DirNode, importers: readonly Importer[], peek: Peek, signal?: AbortSignal): Promise<ScanResult> {
  // `group` numbers detect calls: runs from one call may share a file (an mlflow.db holds many runs).
  const candidates: (RunClaim & { depth: number; order: number; group: number })[] = [];
  let group = 0;
  const stack: { node: DirNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    if (signal?.aborted) break;
    const { node, depth } = stack.pop() as { node: DirNode; depth: number };
    for (const [order, importer] of importers.entries()) {
      const found = await importer.detect(node, peek);
      const list = found === null ? [] : Array.isArray(found) ? found : [found as Detection];
      group++;
      for (const d of list) {
        if (d.files.length > 0) candidates.push({ importer, relPath: d.runPath ?? node.relPath, files: d.files, confidence: d.confidence, depth, order, group });
      }
    }
    for (const child of node.dirs) stack.push({ node: child, depth: depth + 1 });
  }
  candidates.sort((a, b) => b.confidence - a.confidence || a.depth - b.depth || a.order - b.order || a.relPath.localeCompare(b.relPath));
  const owned = new Map<string, RunClaim & { depth: number; order: number; group: number }>();
  const claims: RunClaim[] = [];
  const ties: { relPath: string; formats: string[] }[] = [];
  for (const c of candidates) {
    const clash = c.files.map((f) => owned.get(f)).find((o) => o !== undefined && o.group !== c.group);
    if (clash) {
      if (clash.confidence === c.confidence && clash.depth === c.depth && clash.importer.id !== c.importer.id) {
        ties.push({ relPath: c.relPath, formats: [clash.importer.id, c.importer.id] });
      }
      continue;
    }
    for (const f of c.files) if (!owned.has(f)) owned.set(f, c);
    // Run ids are `source/path`: a second run at the same path (another format in the same folder) gets a suffix.
    const taken = claims.some((x) => x.relPath === c.relPath);
    claims.push({ importer: c.importer, relPath: taken ? `${c.relPath} [${c.importer.id}]` : c.relPath, files: c.files, confidence: c.confidence });
  }
  claims.sort((a, b) => a.relPath.localeCompare(b.relPath) || a.importer.id.localeCompare(b.importer.id));
  return { claims, ties };
}

/** Every file below a node, keyed by relative path, for sizes and fingerprints. */
export function indexFiles(root: DirNode): Map<string, { size: number; mtimeMs: number }> {
  const out = new Map<string, { size: number; mtimeMs: number }>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as DirNode;
    for (const f of node.files) out.set(node.relPath === '' ? f.name : `${node.relPath}/${f.name}`, { size: f.size, mtimeMs: f.mtimeMs });
    stack.push(...node.dirs);
  }
  return out;
}
