import type { ImportRecord, WarningRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import { decodeUtf8Range } from '../../../shared/util/protobuf';
import { cleanLine, forDisplay, stripLauncherPrefix } from './clean-line';
import { pointsOfLine } from './metric-lines';
import { leadingWallTime } from './wall-time';

/** Lines per log-lines record: few records for big logs, small enough to stream into the store. */
export const CHUNK_LINES = 5000;

interface Series {
  readonly steps: GrowableF64;
  readonly values: GrowableF64;
  /** NaN where the line had no leading time stamp. */
  readonly walls: GrowableF64;
  timed: boolean;
}

/**
 * One log file: every line, cleaned, as log-lines records (line N is the N-th `\n`-separated piece of the file), then
 * the metrics found on them as scalar batches, each point with the wall time its line starts with when it has one.
 *
 * Lines are split on bytes and decoded one at a time, so warnings carry exact byte offsets and a bad byte spoils only
 * its own line (it shows as U+FFFD). A last line with no `\n` is kept for display but not mined for metrics: the writer
 * was cut off or has not finished it, and its numbers may be cut too (`lm loss: 2.4` of `2.46E+00`). Reading it once
 * it ends is what live follow does; until then a warning says so. That rule also makes the point count of a cut file
 * grow with the cut.
 *
 * Records that a log's author hard-wrapped over several lines are not joined: only the piece holding the step marker
 * (`iteration N/ M |`, `step:N -`, the whole `{…}` dict) is read, so fields on continuation lines are missed. Joining
 * would have to guess where a record ends, and a guess that glues two records gives wrong numbers.
 */
export function* parseLog(file: string, bytes: Uint8Array, signal: AbortSignal, from: LogResume = START): Generator<ImportRecord> {
  const series = new Map<string, Series>();
  let hfStep = from.hfStep;
  let chunk: string[] = [];
  let chunkFirst = from.linesBefore + 1;
  let lineNo = from.linesBefore;
  // Where reading can resume: after the last complete line.
  let resumeAt = 0;
  let linesComplete = from.linesBefore;
  let badUtf8: { line: number; offset: number; count: number } | null = null;
  let start = 0;
  while (start < bytes.length) {
    if (lineNo % CHUNK_LINES === 0 && signal.aborted) return;
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    lineNo++;
    const text = decodeUtf8Range(bytes, start, end);
    if (text.includes('\ufffd')) {
      if (badUtf8) badUtf8.count++;
      else badUtf8 = { line: lineNo, offset: from.base + start, count: 1 };
    }
    const line = cleanLine(text);
    chunk.push(forDisplay(line));
    if (chunk.length === CHUNK_LINES) {
      yield { kind: 'log-lines', file, firstLine: chunkFirst, lines: chunk };
      chunk = [];
      chunkFirst = lineNo + 1;
    }
    if (nl < 0) {
      yield tailWarning(file, from.base + start, lineNo);
      break;
    }
    start = nl + 1;
    resumeAt = start;
    linesComplete = lineNo;
    // The launcher prefix (`[rank3]:`, `(pid=…)`) only hides the shape; the stored line keeps it.
    const body = stripLauncherPrefix(line);
    const p = pointsOfLine(body);
    if (!p) continue;
    const wall = leadingWallTime(body);
    let step: number;
    if (p.stepKind === 'hf-train') step = hfStep = p.step ?? hfStep + 1;
    else step = p.step ?? hfStep;
    for (const [name, value] of p.values) {
      let s = series.get(name);
      if (!s) {
        s = { steps: new GrowableF64(64), values: new GrowableF64(64), walls: new GrowableF64(64), timed: false };
        series.set(name, s);
      }
      s.steps.push(step);
      s.values.push(value);
      s.walls.push(wall ?? Number.NaN);
      if (wall !== null) s.timed = true;
    }
  }
  if (chunk.length > 0) yield { kind: 'log-lines', file, firstLine: chunkFirst, lines: chunk };
  if (badUtf8) {
    const { line, offset, count } = badUtf8;
    yield warning(file, offset, `${count} line(s) hold bytes that are not UTF-8, shown as \ufffd (first: line ${line})`);
  }
  for (const [metric, s] of series) yield { kind: 'scalars', metric, steps: s.steps.view(), values: s.values.view(), wallTimesSec: s.timed ? s.walls.view() : null };
  yield { kind: 'resume-point', file, offset: from.base + resumeAt, linesBefore: linesComplete, state: { hfStep } };
}

/** Where a read of a growing log starts: byte offset, complete lines before it, and the HF step counter so far. */
export interface LogResume {
  readonly base: number;
  readonly linesBefore: number;
  readonly hfStep: number;
}

const START: LogResume = { base: 0, linesBefore: 0, hfStep: 0 };

function tailWarning(file: string, offset: number, line: number): WarningRecord {
  return warning(file, offset, `Line ${line} has no line end: the log was cut or is still being written; metrics on it were not read`);
}

function warning(file: string, offset: number, message: string): WarningRecord {
  return { kind: 'warning', file, offset, message };
}
