import type { DirNode, Importer, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { detectWandb } from './detect';
import { fullReadNeeded, resumePoints, resumeRun } from './follow';
import { segmentOf } from './names';
import { RunState } from './run-state';
import type { SegmentEnd, SegmentFiles } from './segment';
import { readSegment } from './segment';

/**
 * Weights & Biases run folders: the binary `run-<id>.wandb` transaction log (LevelDB framing, `Record` protobufs)
 * plus the `files/` copies. One run id resumed in several folders is one run. See README.md.
 */
export const wandbImporter: Importer = {
  id: 'wandb',
  version: 1,

  async detect(dir: DirNode) {
    return detectWandb(dir);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    try {
      yield* parseRun(src, signal);
    } catch (err) {
      // The contract says parse never throws; this guards against a bug or an exotic input, not expected damage.
      yield { kind: 'warning', file: src.files[0] ?? src.relPath, offset: null, message: `Could not finish reading this run: ${err instanceof Error ? err.message : String(err)}` };
    }
  },

  /** Live follow: the last run folder's log from its first unfinished record (follow.ts). */
  async *resume(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    try {
      yield* resumeRun(src, signal);
    } catch (err) {
      // Half a continued read cannot be appended: have the host read the run whole (and report it from there).
      yield fullReadNeeded(`continuing the read failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
};

async function* parseRun(src: RunSource, signal: AbortSignal): AsyncGenerator<ImportRecord> {
  const state = new RunState();
  // Files arrive grouped by run folder (detect lists them so); each folder is read whole, then the next.
  let current: { dir: string; files: SegmentFiles['files'][number][] } | null = null;
  let last: SegmentEnd | null = null;
  for await (const read of readRunFiles(src, signal)) {
    if (read.warning) {
      yield read.warning;
      continue;
    }
    const dir = segmentOf(read.file);
    if (current !== null && current.dir !== dir) {
      yield* readSegment(current, state, signal);
      current = null;
    }
    current ??= { dir, files: [] };
    current.files.push({ file: read.file, bytes: read.bytes });
  }
  if (current !== null) last = yield* readSegment(current, state, signal);
  if (signal.aborted) return;
  yield* state.finish();
  // Only the last folder can still be growing; earlier ones have no resume point, so a change there reads all.
  if (last !== null) yield* resumePoints(last, state);
}
