import type { ImportRecord } from '../../../shared/importers/records';
import { ProtoError } from '../../../shared/util/protobuf';
import type { LogEnd, LogFrom } from './leveldb-log';
import { LOG_START, readLog } from './leveldb-log';
import type { WandbRecord } from './record';
import { decodeRecord } from './record';
import type { RunState } from './run-state';

const ABORT_CHECK_EVERY = 1024;
/** Undecodable records reported one by one before the rest are summed up in a single warning. */
const MAX_RECORD_WARNINGS = 10;

export interface LogFileResult {
  /** Records decoded; 0 when the file was empty, not a W&B log, or damaged from the start. */
  readonly records: number;
  readonly exit: { readonly exitCode: number; readonly runtimeSec: number } | null;
  readonly hasSummary: boolean;
  /** Console text (stdout and stderr interleaved as logged), in order. */
  readonly console: readonly string[];
  /** Where a later read of the grown file continues. */
  readonly end: LogEnd;
}

/**
 * Reads one `.wandb` transaction log into the run state: history rows become points, config and summary records
 * update their state, console chunks are kept for the log view, and the exit record says how the process ended.
 * Damage becomes a warning with its byte offset; a record that fails to decode is skipped (its CRC was fine, so the
 * framing is intact and the records after it are still good). `bytes` may be the file from `from.base` on (live follow).
 */
export function* readLogFile(file: string, bytes: Uint8Array, state: RunState, signal: AbortSignal, from: LogFrom = LOG_START): Generator<ImportRecord, LogFileResult> {
  const console: string[] = [];
  let exit: LogFileResult['exit'] = null;
  let hasSummary = false;
  let records = 0;
  let undecodable = 0;
  let n = 0;
  const reader = readLog(bytes, from);
  let end: LogEnd = { next: from.base, isResyncing: from.isResyncing, isLog: true };
  for (;;) {
    const step = reader.next();
    if (step.done === true) {
      end = step.value;
      break;
    }
    const item = step.value;
    if (item.kind === 'problem') {
      yield { kind: 'warning', file, offset: item.offset, message: item.message };
      continue;
    }
    if (++n % ABORT_CHECK_EVERY === 0 && signal.aborted) break;
    let rec: WandbRecord;
    try {
      rec = decodeRecord(item.bytes);
    } catch (err) {
      if (!(err instanceof ProtoError)) throw err;
      if (++undecodable <= MAX_RECORD_WARNINGS) {
        yield { kind: 'warning', file, offset: item.offset, message: `Undecodable record at byte ${item.offset} (${err.message}); it was skipped.` };
      }
      continue;
    }
    records++;
    switch (rec.kind) {
      case 'history':
        yield* state.addHistory(rec.items, rec.stepNum);
        break;
      case 'summary':
        state.summary.apply(rec);
        hasSummary = true;
        break;
      case 'config':
        state.config.apply(rec);
        break;
      case 'output':
        console.push(rec.text);
        state.noteWall(rec.wallSec);
        break;
      case 'stats':
        state.noteWall(rec.wallSec);
        break;
      case 'run':
        state.noteRun(rec);
        if (rec.config) state.config.apply(rec.config);
        if (rec.summary && rec.summary.update.length > 0) {
          state.summary.apply(rec.summary);
          hasSummary = true;
        }
        break;
      case 'exit':
        exit = { exitCode: rec.exitCode, runtimeSec: rec.runtimeSec };
        break;
      case 'header':
        if (rec.producer !== '') state.runFields.sdk_version = rec.producer;
        break;
      case 'other':
        break;
      default: {
        const never: never = rec;
        throw new Error(`unhandled record ${String(never)}`);
      }
    }
  }
  if (undecodable > MAX_RECORD_WARNINGS) {
    yield { kind: 'warning', file, offset: null, message: `${undecodable - MAX_RECORD_WARNINGS} more undecodable records were skipped.` };
  }
  return { records, exit, hasSummary, console, end };
}
