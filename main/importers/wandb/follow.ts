import { z } from 'zod';
import type { ResumeSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord, ResumePointRecord, ResumeState } from '../../../shared/importers/records';
import type { JsonValue } from '../../../shared/util/tolerant-json';
import { logLineRecords, findTracebacks } from './console';
import type { ConsoleCarry } from './console-carry';
import { continueConsole, NO_CONSOLE } from './console-carry';
import { readLogFile } from './log-file';
import { baseName, CONFIG_FILE, isLogFile, OUTPUT_FILE, SUMMARY_FILE } from './names';
import type { RunSnapshot } from './run-state';
import { RunState } from './run-state';
import type { SegmentEnd } from './segment';

/**
 * Live follow (see README.md, "Live follow"). Only the last folder of a run can be continued: its `.wandb` log from
 * the first byte of its first unfinished record, and the `files/` copies the log makes redundant (config.yaml once a
 * log carried config, wandb-summary.json once the log has a summary record, output.log once the log has console
 * output), whose growth then changes nothing. A copy that stands in for the log gets no resume point: when it changes,
 * the host reads the run whole. The host reads the run whole, too, when a continued read yields config records, which
 * is how a change to the config, summary, name or run fields is passed on (nothing else can carry it).
 */

const configValue = z.union([z.string(), z.number(), z.nan(), z.boolean(), z.null()]);
const jsonValue: z.ZodType<JsonValue> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.nan(), z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]));
const carried = z.object({
  run: z.object({
    nextStep: z.number(),
    wallMin: z.number().nullable(),
    wallMax: z.number().nullable(),
    startSec: z.number().nullable(),
    name: z.string().nullable(),
    runFields: z.record(z.string(), configValue),
    config: z.record(z.string(), configValue).nullable(),
    summary: z.record(z.string(), jsonValue).nullable(),
  }),
  isResyncing: z.boolean(),
  hasLog: z.boolean(),
  exit: z.object({ exitCode: z.number(), runtimeSec: z.number() }).nullable(),
  consoleFrom: z.enum(['log', 'output']),
  console: z.object({ lines: z.number(), tail: z.string(), openTraceback: z.array(z.string()), lastException: z.string().nullable() }),
});
type Carried = z.infer<typeof carried>;

/**
 * Resume points after a whole read: the last folder's log and the copies it makes redundant. None when the last
 * folder's log is not a W&B log, or when the folder has several logs.
 */
export function resumePoints(end: SegmentEnd, state: RunState): ResumePointRecord[] {
  const log = end.log;
  if (log === null || end.logCount !== 1 || !log.result.end.isLog) return [];
  const text = log.result.console.join('');
  const consoleStep = continueConsole(NO_CONSOLE, end.consoleFrom === 'log' ? text : '');
  // With output.log standing in, its status stands too, unless the log starts writing console text (a full read).
  const console: ConsoleCarry = end.consoleFrom === 'log' ? consoleStep.next : { ...NO_CONSOLE, lastException: end.outcome.lastException };
  const info: Carried = {
    run: toCarried(state.snapshot(log.result.hasSummary)),
    isResyncing: log.result.end.isResyncing,
    hasLog: end.outcome.hasLog,
    exit: end.outcome.exit,
    consoleFrom: end.consoleFrom,
    console: { ...console, openTraceback: [...console.openTraceback] },
  };
  const points: ResumePointRecord[] = [logPoint(log.file, log.result.end.next, info)];
  const isRedundant: Record<string, boolean> = {
    [CONFIG_FILE]: state.config.hasAny,
    [SUMMARY_FILE]: log.result.hasSummary,
    [OUTPUT_FILE]: end.consoleFrom === 'log' && text !== '',
  };
  for (const side of end.sideFiles) if (isRedundant[baseName(side.file)] === true) points.push({ kind: 'resume-point', file: side.file, offset: side.size });
  return points;
}

/** Continues the files that grew (ResumeSource: the bytes from each one's resume point on). */
export async function* resumeRun(src: ResumeSource, signal: AbortSignal): AsyncGenerator<ImportRecord> {
  for await (const read of readRunFiles(src, signal)) {
    if (read.warning) {
      yield read.warning;
      continue;
    }
    const from = src.from.get(read.file);
    if (from === undefined) continue;
    if (isLogFile(baseName(read.file))) yield* resumeLog(read.file, read.bytes, from.offset, from.state, signal);
    // A copy the log makes redundant: whatever it gained is already known from the log.
    else yield { kind: 'resume-point', file: read.file, offset: from.offset + read.bytes.length };
  }
}

function* resumeLog(file: string, bytes: Uint8Array, offset: number, raw: ResumeState | undefined, signal: AbortSignal): Generator<ImportRecord> {
  const parsed = carried.safeParse(raw);
  if (!parsed.success) {
    yield fullReadNeeded('the saved reading state is unreadable');
    return;
  }
  const info = parsed.data;
  const state = RunState.restore(info.run);
  const before = state.configDigest();
  const result = yield* readLogFile(file, bytes, state, signal, { base: offset, isResyncing: info.isResyncing });
  if (signal.aborted) return;
  yield* state.flush();

  const text = result.console.join('');
  let console: ConsoleCarry = info.console;
  let lastException = info.console.lastException;
  if (info.consoleFrom === 'log') {
    const step = continueConsole(info.console, text);
    // Line numbers go on from the last finished line; the unfinished one the last read showed is replaced.
    for (const rec of logLineRecords(file, step.lines, findTracebacks(step.lines))) yield { ...rec, firstLine: rec.firstLine + info.console.lines };
    console = step.next;
    lastException = step.lastException;
  }

  // Summary updates are the common case here: wandb-core writes a summary record after every history row, so
  // following such a run costs a full read per change (correct, just slower); the legacy writer's single summary at
  // the end costs one.
  const summaryFromLog = info.run.summary !== null || result.hasSummary;
  const isNewSummary = info.run.summary === null && result.hasSummary;
  const isNewConsole = info.consoleFrom === 'output' && text !== '';
  if (isNewConsole) yield fullReadNeeded('the log began to hold console output that output.log stood in for');
  else if (isNewSummary || state.configDigest() !== before) yield* state.configRecords();

  const exit = result.exit ?? info.exit;
  const hasLog = info.hasLog || result.records > 0;
  state.outcome = { hasLog, exit, lastException };
  yield state.runMeta();
  const next: Carried = {
    run: toCarried(state.snapshot(summaryFromLog)),
    isResyncing: result.end.isResyncing,
    hasLog,
    exit,
    consoleFrom: info.consoleFrom,
    console: { ...console, openTraceback: [...console.openTraceback] },
  };
  yield logPoint(file, result.end.next, next);
}

function logPoint(file: string, offset: number, info: Carried): ResumePointRecord {
  return { kind: 'resume-point', file, offset, ...(info.consoleFrom === 'log' ? { linesBefore: info.console.lines } : {}), state: info };
}

function toCarried(s: RunSnapshot): Carried['run'] {
  return { ...s, runFields: { ...s.runFields }, config: s.config === null ? null : { ...s.config }, summary: s.summary === null ? null : { ...s.summary } };
}

/**
 * The host reads a run whole when a continued read yields a config record; this one is never stored (the full
 * read's records replace the continued read's), it only says why.
 */
export function fullReadNeeded(reason: string): ImportRecord {
  return { kind: 'config', origin: 'wandb-resume', entries: { full_read_needed: reason } };
}
