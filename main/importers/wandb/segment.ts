import type { ImportRecord } from '../../../shared/importers/records';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { consoleLines, findTracebacks, logLineRecords } from './console';
import type { LogFileResult } from './log-file';
import { readLogFile } from './log-file';
import { baseName, CONFIG_FILE, isLogFile, METADATA_FILE, OUTPUT_FILE, SUMMARY_FILE } from './names';
import type { RunState, SegmentOutcome } from './run-state';
import { readConfigYaml, readJsonObject } from './side-files';

/** One run folder's files, in the order detect listed them (`.wandb` first, then `files/…`). */
export interface SegmentFiles {
  readonly dir: string;
  readonly files: readonly { readonly file: string; readonly bytes: Uint8Array }[];
}

/** How a folder's read ended: what live follow needs to continue it (see follow.ts). */
export interface SegmentEnd {
  /** The log the folder's console and status came from, and how reading it ended; null without a log. */
  readonly log: { readonly file: string; readonly result: LogFileResult } | null;
  /** `.wandb` files in the folder (more than one cannot be continued: which one the console comes from may change). */
  readonly logCount: number;
  /** Where the console lines came from: the log, or files/output.log standing in for a log without console output. */
  readonly consoleFrom: 'log' | 'output';
  readonly outcome: SegmentOutcome;
  /** The `files/` copies read, with their sizes. */
  readonly sideFiles: readonly { readonly file: string; readonly size: number }[];
}

/**
 * Reads one run folder. The `.wandb` log is the source of truth; the `files/` copies fill in what it lacks: the
 * summary when the log has no summary record, config.yaml when no log carried config, and output.log when the log
 * holds no console output (wandb-core's output.log can also drop lines: one real traceback lost its header there).
 */
export function* readSegment(seg: SegmentFiles, state: RunState, signal: AbortSignal): Generator<ImportRecord, SegmentEnd | null> {
  let log: { file: string; result: LogFileResult } | null = null;
  let outputLog: { file: string; bytes: Uint8Array } | null = null;
  let logCount = 0;
  const sideFiles: { file: string; size: number }[] = [];
  for (const { file, bytes } of seg.files) {
    if (signal.aborted) return null;
    const name = baseName(file);
    if (isLogFile(name)) logCount++;
    else sideFiles.push({ file, size: bytes.length });
    if (isLogFile(name)) {
      const result = yield* readLogFile(file, bytes, state, signal);
      if (log === null || result.records > 0) log = { file, result };
    } else if (name === CONFIG_FILE) {
      const { value, warning } = readConfigYaml(file, bytes);
      if (warning) yield warning;
      if (value) state.yamlConfig = { ...(state.yamlConfig ?? {}), ...value };
    } else if (name === SUMMARY_FILE) {
      const { value, warning } = readJsonObject(file, bytes);
      if (warning) yield warning;
      if (value && !(log?.result.hasSummary ?? false)) state.summary.setAll(value);
    } else if (name === METADATA_FILE) {
      const { value, warning } = readJsonObject(file, bytes);
      if (warning) yield warning;
      if (value) state.setMetadata(value);
    } else if (name === OUTPUT_FILE) {
      outputLog = { file, bytes };
    }
  }
  if (signal.aborted) return null;

  const fromLog = log !== null ? log.result.console.join('') : '';
  const consoleFile = fromLog !== '' || outputLog === null ? (log?.file ?? null) : outputLog.file;
  const lines = fromLog !== '' ? consoleLines(fromLog) : outputLog !== null ? consoleLines(decodeUtf8(outputLog.bytes)) : [];
  const tracebacks = findTracebacks(lines);
  if (consoleFile !== null) yield* logLineRecords(consoleFile, lines, tracebacks);
  const last = tracebacks[tracebacks.length - 1];
  const outcome: SegmentOutcome = {
    hasLog: log !== null && log.result.records > 0,
    exit: log?.result.exit ?? null,
    lastException: last === undefined ? null : (last.exception ?? ''),
  };
  state.outcome = outcome;
  yield* state.flush();
  return { log, logCount, consoleFrom: fromLog !== '' || outputLog === null ? 'log' : 'output', outcome, sideFiles };
}
