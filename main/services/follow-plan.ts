import type { ResumePointRecord } from '../../shared/importers/records';

export type ResumePoint = Omit<ResumePointRecord, 'kind' | 'file'>;
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
}

/** What the host remembers of a run it may continue: the files as last read and where each can be resumed. */
export interface FollowState {
  readonly importer: string;
  readonly version: number;
  readonly files: readonly string[];
  readonly stats: ReadonlyMap<string, FileStat>;
  readonly points: ReadonlyMap<string, ResumePoint>;
}

export interface AppendPlan {
  /** Files that grew, each with where to continue; every other file of the run is untouched. */
  readonly grown: ReadonlyMap<string, ResumePoint>;
  /** Bytes the resume will read. */
  readonly bytes: number;
}

/**
 * Whether a changed run can be continued from where it was left instead of read again: same importer, same files,
 * and every changed file only grew and has a resume point (unchanged files with unread tail bytes are looked at again). Anything else (a file replaced, shrunk, touched, added)
 * means a full read — appending to a file that was rewritten would mix two versions of it.
 */
export function planAppend(prev: FollowState | undefined, importer: { id: string; version: number; canResume: boolean }, files: readonly string[], stat: (rel: string) => FileStat | undefined): AppendPlan | null {
  if (!prev || !importer.canResume || prev.importer !== importer.id || prev.version !== importer.version) return null;
  if (prev.files.length !== files.length || prev.files.some((f, i) => f !== files[i])) return null;
  const grown = new Map<string, ResumePoint>();
  let bytes = 0;
  for (const f of files) {
    const before = prev.stats.get(f);
    const now = stat(f);
    if (!before || !now) return null;
    const point = prev.points.get(f);
    if (now.size === before.size && now.mtimeMs === before.mtimeMs) {
      // Untouched, but with bytes left unread (a cut tail): looking again costs only those bytes.
      if (point && point.offset < now.size) {
        grown.set(f, point);
        bytes += now.size - point.offset;
      }
      continue;
    }
    if (now.size <= before.size || !point || point.offset > now.size) return null;
    grown.set(f, point);
    bytes += now.size - point.offset;
  }
  return grown.size > 0 ? { grown, bytes } : null;
}

/** The follow state after a read: file stats as scanned, resume points from the read (kept from before for files not re-read). */
export function nextFollowState(importer: { id: string; version: number }, files: readonly string[], stat: (rel: string) => FileStat | undefined, points: ReadonlyMap<string, ResumePoint>, previous?: ReadonlyMap<string, ResumePoint>): FollowState {
  const stats = new Map<string, FileStat>();
  for (const f of files) {
    const s = stat(f);
    if (s) stats.set(f, { size: s.size, mtimeMs: s.mtimeMs });
  }
  return { importer: importer.id, version: importer.version, files: [...files], stats, points: new Map([...(previous ?? []), ...points]) };
}

/**
 * A warning that a file ends inside a record, at the very point reading would resume, on a file written moments ago,
 * is most likely a record still being written: live follow waits for it instead of reporting it. Returns the warnings
 * to keep and whether any was held back (then the caller looks again once the file has been quiet long enough).
 */
export function holdBackTailWarnings<W extends { file: string; offset: number | null }>(warnings: readonly W[], points: ReadonlyMap<string, ResumePoint>, stat: (rel: string) => FileStat | undefined, nowMs: number, quietMs: number): { keep: W[]; held: number } {
  const keep: W[] = [];
  let held = 0;
  for (const w of warnings) {
    const point = points.get(w.file);
    const s = stat(w.file);
    const writing = point !== undefined && w.offset === point.offset && s !== undefined && s.size > point.offset && nowMs - s.mtimeMs < quietMs;
    if (writing) held++;
    else keep.push(w);
  }
  return { keep, held };
}
