import type { RunFormat } from '../domain/run';
import type { ImportRecord, ResumePointRecord } from './records';

export interface FileEntry {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** A directory as the host's walker saw it. Paths are relative to the source root with posix separators. */
export interface DirNode {
  /** '' for the source root itself. */
  readonly relPath: string;
  readonly name: string;
  readonly files: readonly FileEntry[];
  readonly dirs: readonly DirNode[];
}

/** Reads at most `bytes` bytes from the start of a file (relative to the source root). */
export type Peek = (relPath: string, bytes: number) => Promise<Uint8Array>;

export interface Detection {
  /** 0..1. When two importers claim the same files the more confident one wins. */
  readonly confidence: number;
  /**
   * The run's path relative to the source root; defaults to the directory detect was called on. Set it when one
   * directory holds several runs (MLflow experiments, a W&B folder whose run resumed in a second directory).
   */
  readonly runPath?: string;
  /** Files that make up the run, relative to the source root, in the order they must be read. */
  readonly files: readonly string[];
}

/** What `parse` gets: the claimed files and a way to read them. No fs inside importers. */
export interface RunSource {
  /** The run directory, relative to the source root ('' for the root). */
  readonly relPath: string;
  readonly files: readonly string[];
  readFile(relPath: string): Promise<Uint8Array>;
  /**
   * The user's choices for this run (the table importer's step column…), as the host stored them. Untrusted: the
   * importer that reads them validates them (zod) and ignores what it does not know. Part of the run's fingerprint.
   */
  readonly options?: Readonly<Record<string, string>>;
}

/** A run source for `resume`: `files` are only the files that grew; `readFile` returns the bytes from their resume point. */
export interface ResumeSource extends RunSource {
  /** Where each grown file was left off: `readFile(f)` returns the file's bytes from `from.get(f).offset` on. */
  readonly from: ReadonlyMap<string, Omit<ResumePointRecord, 'kind' | 'file'>>;
}

export interface Importer {
  readonly id: RunFormat;
  /** Bump when output changes: runs imported by an older version are re-imported. */
  readonly version: number;
  /** Called for every directory. Cheap: looks at names and, at most, the first bytes of a file. */
  detect(dir: DirNode, peek: Peek): Promise<Detection | readonly Detection[] | null>;
  /** Must not throw: malformed input becomes a `warning` record and everything valid before it is kept. */
  parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord>;
  /**
   * Append-only formats: continue a run whose files only grew, reading just the new bytes (live follow). Yields
   * records for the new data only, and a fresh `resume-point` per file. `parse` must then yield a `resume-point` for
   * every file it fully handled. Absent: a changed run is read again from the start.
   */
  resume?(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord>;
}

export function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
