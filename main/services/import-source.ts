import path from 'node:path';
import type { DirNode, Importer, ResumeSource, RunSource } from '../../shared/importers/importer';
import { makePeek, makeResumeSource, makeRunSource, walkDir } from '../platform/walk';
import type { RunData } from './read-run';
import { drainRecords, readRun } from './read-run';
import type { RunClaim, ScanResult } from './scan';
import { indexFiles, scanTree } from './scan';

export interface ScannedSource {
  readonly rootAbs: string;
  readonly tree: DirNode;
  readonly scan: ScanResult;
  readonly files: Map<string, { size: number; mtimeMs: number }>;
}

/** The user's answers that change a scan (see main/services/import-choices.ts): none for the CLI. */
export interface ScanChoices {
  /** Folder → the format it is read as. */
  readonly formats: ReadonlyMap<string, string>;
  /** Options for a claimed run, passed to its importer. */
  optionsFor(claim: RunClaim): Readonly<Record<string, string>> | undefined;
}

/** Walks a folder and decides which runs it holds. Shared by the CLI's inspect and the library import. */
export async function scanSource(rootAbs: string, importers: readonly Importer[], signal?: AbortSignal, choices?: ScanChoices): Promise<ScannedSource> {
  const tree = await walkDir(rootAbs, signal);
  const found = await scanTree(tree, importers, makePeek(rootAbs), signal, choices?.formats);
  const scan = choices ? { ...found, claims: found.claims.map((c) => withOptions(c, choices.optionsFor(c))) } : found;
  return { rootAbs, tree, scan, files: indexFiles(tree) };
}

function withOptions(claim: RunClaim, options: Readonly<Record<string, string>> | undefined): RunClaim {
  return options === undefined || Object.keys(options).length === 0 ? claim : { ...claim, options };
}

export interface ReadProgress {
  /** Called after each file of the run has been read, with its size. */
  onFileRead?(relPath: string, bytes: number): void;
}

/** Reads one claimed run through its importer, reporting bytes as files are read. */
export async function readClaim(scanned: Pick<ScannedSource, 'rootAbs'>, claim: Pick<RunClaim, 'importer' | 'relPath' | 'files' | 'options'>, signal: AbortSignal, progress: ReadProgress = {}): Promise<RunData> {
  const base = makeRunSource(scanned.rootAbs, claim.relPath, claim.files);
  return readRun(claim.importer, reporting(claim.options ? { ...base, options: claim.options } : base, progress), signal);
}

/** Reads only what a live run's grown files gained since their resume points (the importer must implement `resume`). */
export async function readClaimAppend(scanned: ScannedSource, claim: RunClaim, from: ResumeSource['from'], signal: AbortSignal, progress: ReadProgress = {}): Promise<RunData> {
  const { resume } = claim.importer;
  if (!resume) throw new Error(`${claim.importer.id} cannot resume a read`);
  const src = reporting(makeResumeSource(scanned.rootAbs, claim.relPath, from), progress);
  return drainRecords(claim.importer, src, resume.call(claim.importer, src, signal), signal);
}

function reporting<S extends RunSource>(base: S, progress: ReadProgress): S {
  return {
    ...base,
    async readFile(rel: string) {
      const bytes = await base.readFile(rel);
      progress.onFileRead?.(rel, bytes.length);
      return bytes;
    },
  };
}

/** The name shown for a run: its path in the source (TensorBoard's convention), or the folder's name for the root. */
export function runDisplayName(rootAbs: string, relPath: string, fromImporter: string | null): string {
  if (fromImporter) return fromImporter;
  return relPath === '' ? path.basename(rootAbs) : relPath;
}
