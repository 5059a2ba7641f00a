import type { ImportRecord } from '../../../shared/importers/records';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { consoleLines, findTracebacks, logLineRecords } from './console';
import type { LogFileResult } from './log-file';
import { readLogFile } from './log-file';
import { baseName, CONFIG_FILE, isLogFile, METADATA_FILE, OUTPUT_FILE, SUMMARY_FILE } from './names';
import type { RunState } from './run-state';
import { readConfigYaml, readJsonObject } from './side-files';

/** One run folder's files, in the order detect listed them (`.wandb` first, then `files/…`). */
export interface SegmentFiles {
  readonly dir: string;
  readonly files: readonly { readonly file: string; readonly bytes: Uint8Array }[];
}

/**
 * Reads one run folder. The `.wandb` log is the source of truth; the `files/` copies fill in what it lacks: the
 * summary when the log has no summary record, config.yaml when no log carried config, and output.log when the log
 * holds no console output (wandb-core's output.log can also drop lines: one real traceback lost its header there).
 */
export function* readSegment(seg: SegmentFiles, state: RunState, signal: AbortSignal): Generator<ImportRecord> {
  let log: { file: string; result: LogFileResult } | null = null;
  let outputLog: { file: string; bytes: Uint8Array } | null = null;
  for (const { file, bytes } of seg.files) {
    if (signal.aborted) return;
    const name = baseName(file);
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
  if (signal.aborted) return;

  const fromLog = log !== null ? log.result.console.join('') : '';
  const consoleFile = fromLog !== '' || outputLog === null ? (log?.file ?? null) : outputLog.file;
  const lines = fromLog !== '' ? consoleLines(fromLog) : outputLog !== null ? consoleLines(decodeUtf8(outputLog.bytes)) : [];
  const tracebacks = findTracebacks(lines);
  if (consoleFile !== null) yield* logLineRecords(consoleFile, lines, tracebacks);
  const last = tracebacks[tracebacks.length - 1];
  state.outcome = {
    hasLog: log !== null && log.result.records > 0,
    exit: log?.result.exit ?? null,
    lastException: last === undefined ? null : (last.exception ?? ''),
  };
  yield* state.flush();
}
