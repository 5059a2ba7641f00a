import type { Detection, DirNode, Importer, Peek } from '../../shared/importers/importer';

export interface RunClaim {
  readonly importer: Importer;
  /** Run directory relative to the source root ('' = the root). */
  readonly relPath: string;
  readonly files: readonly string[];
  readonly confidence: number;
  /** The user's choices for this run, handed to the importer (see `RunSource.options`). */
  readonly options?: Readonly<Record<string, string>>;
}

export interface FolderTieFound {
  /** The directory both importers were offered ('' = the root). */
  relPath: string;
  /** In registry order; without a choice the first one was used. */
  formats: string[];
  /** The format the user chose for this folder; absent while the registry order decides. */
  chosen?: string;
}

export interface ScanResult {
  readonly claims: readonly RunClaim[];
  /** Directories where importers claimed the same files with equal confidence, or where the user chose between them. */
  readonly ties: readonly FolderTieFound[];
}

/**
 * Offers every directory to every importer and resolves overlapping claims: the user's choice for a folder first
 * (`formatChoices`: folder → format), then the more confident claim; at equal confidence the shallower one (an HF
 * output dir over its own checkpoint-N dirs), then registry order.
 */
export async function scanTree(
  root: DirNode,
  importers: readonly Importer[],
  peek: Peek,
  signal?: AbortSignal,
  formatChoices: ReadonlyMap<string, string> = new Map(),
): Promise<ScanResult> {
  // `group` numbers detect calls: runs from one call may share a file (an mlflow.db holds many runs).
  const candidates: Candidate[] = [];
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
        if (d.files.length > 0) {
          const chosen = formatChoices.get(node.relPath) === importer.id;
          candidates.push({ importer, relPath: d.runPath ?? node.relPath, files: d.files, confidence: d.confidence, dir: node.relPath, chosen, depth, order, group });
        }
      }
    }
    for (const child of node.dirs) stack.push({ node: child, depth: depth + 1 });
  }
  candidates.sort((a, b) => Number(b.chosen) - Number(a.chosen) || b.confidence - a.confidence || a.depth - b.depth || a.order - b.order || a.relPath.localeCompare(b.relPath));
  const owned = new Map<string, Candidate>();
  const claims: RunClaim[] = [];
  const ties = new Map<string, { formats: Map<string, number>; chosen?: string }>();
  for (const c of candidates) {
    const clash = c.files.map((f) => owned.get(f)).find((o) => o !== undefined && o.group !== c.group);
    if (clash) {
      const isTie = clash.confidence === c.confidence && clash.depth === c.depth;
      // A folder the user decided stays listed, so the choice can be changed back.
      const isDecided = clash.chosen && clash.dir === c.dir;
      if ((isTie || isDecided) && clash.importer.id !== c.importer.id) {
        const t = ties.get(c.dir) ?? { formats: new Map<string, number>() };
        t.formats.set(clash.importer.id, clash.order).set(c.importer.id, c.order);
        if (clash.chosen && clash.dir === c.dir) t.chosen = clash.importer.id;
        ties.set(c.dir, t);
      }
      continue;
    }
    for (const f of c.files) if (!owned.has(f)) owned.set(f, c);
    // Run ids are `source/path`: a second run at the same path (another format in the same folder) gets a suffix.
    const taken = claims.some((x) => x.relPath === c.relPath);
    claims.push({ importer: c.importer, relPath: taken ? `${c.relPath} [${c.importer.id}]` : c.relPath, files: c.files, confidence: c.confidence });
  }
  claims.sort((a, b) => a.relPath.localeCompare(b.relPath) || a.importer.id.localeCompare(b.importer.id));
  const tieList = [...ties].map(([relPath, t]) => ({
    relPath,
    formats: [...t.formats].sort((a, b) => a[1] - b[1]).map(([id]) => id),
    ...(t.chosen === undefined ? {} : { chosen: t.chosen }),
  }));
  return { claims, ties: tieList };
}

type Candidate = RunClaim & {
  /** The directory detect was called on: the folder a format choice applies to. */
  dir: string;
  /** The user chose this importer for `dir`. */
  chosen: boolean;
  depth: number;
  order: number;
  group: number;
};

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
