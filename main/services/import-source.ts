import path from 'node:path';
import type { DirNode, Importer, RunSource } from '../../shared/importers/importer';
import { makePeek, makeRunSource, walkDir } from '../platform/walk';
import type { RunData } from './read-run';
import { readRun } from './read-run';
import type { RunClaim, ScanResult } from './scan';
import { indexFiles, scanTree } from './scan';

export interface ScannedSource {
  readonly rootAbs: string;
  readonly tree: DirNode;
  readonly scan: ScanResult;
  readonly files: Map<string, { size: number; mtimeMs: number }>;
}

/** Walks a folder and decides which runs it holds. Shared by the CLI's inspect and the library import. */
export async function scanSource(rootAbs: string, importers: readonly Importer[], signal?: AbortSignal): Promise<ScannedSource> {
  const tree = await walkDir(rootAbs, signal);
  const scan = await scanTree(tree, importers, makePeek(rootAbs), signal);
  return { rootAbs, tree, scan, files: indexFiles(tree) };
}

export interface ReadProgress {
  /** Called after each file of the run has been read, with its size. */
  onFileRead?(relPath: string, bytes: number): void;
}

/** Reads one claimed run through its importer, reporting bytes as files are read. */
export async function readClaim(scanned: ScannedSource, claim: RunClaim, signal: AbortSignal, progress: ReadProgress = {}): Promise<RunData> {
  const base = makeRunSource(scanned.rootAbs, claim.relPath, claim.files);
  const src: RunSource = {
    relPath: base.relPath,
    files: base.files,
    async readFile(rel) {
      const bytes = await base.readFile(rel);
      progress.onFileRead?.(rel, bytes.length);
      return bytes;
    },
  };
  return readRun(claim.importer, src, signal);
}

/** The name shown for a run: its path in the source (TensorBoard's convention), or the folder's name for the root. */
export function runDisplayName(rootAbs: string, relPath: string, fromImporter: string | null): string {
  if (fromImporter) return fromImporter;
  return relPath === '' ? path.basename(rootAbs) : relPath;
}
