import type { LogLinesRecord } from '../../../shared/importers/records';

// CSI (colours, cursor moves), OSC (titles, links) and two-byte escapes: colour and cursor codes are display-only.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const TRACEBACK = 'Traceback (most recent call last):';
/** Per-rank prefixes that torchrun / DeepSpeed put before every line of a worker's output. */
const RANK_PREFIX = /^\[(?:rank|default)\d+\]:\s?/;
/** Lines per log-lines record: big enough to keep records few, small enough to stream. */
export const LINES_PER_RECORD = 1000;

/**
 * Console text as the lines a terminal would have shown: ANSI codes dropped, `\r` redraws (tqdm) resolved by
 * overwriting from the line's start, so a progress bar leaves its last state and a line printed after `\r` keeps its
 * text. Lines are split on `\n` only, so line N here is line N of a text file holding the same bytes.
 */
export function consoleLines(text: string): string[] {
  const clean = text.includes('\x1b') ? text.replace(ANSI, '') : text;
  const lines: string[] = [];
  let from = 0;
  while (from <= clean.length) {
    const nl = clean.indexOf('\n', from);
    const end = nl < 0 ? clean.length : nl;
    if (nl < 0 && end === from) break; // text ended with a newline: no extra empty line
    lines.push(resolveRedraws(clean.slice(from, end)));
    if (nl < 0) break;
    from = nl + 1;
  }
  return lines;
}

function resolveRedraws(line: string): string {
  if (!line.includes('\r')) return line;
  let shown = '';
  for (const piece of line.split('\r')) shown = piece + shown.slice(piece.length);
  // Redrawn lines carry the padding the last bar used to wipe the previous one.
  return shown.trimEnd();
}

export interface Traceback {
  /** Index of the `Traceback (most recent call last):` line. */
  readonly start: number;
  /** Index of the exception line (inclusive); the last line when the output stops inside the traceback. */
  readonly end: number;
  /** The exception line without a rank prefix, e.g. `TypeError: …`; null when the output stops first. */
  readonly exception: string | null;
}

/**
 * Python tracebacks in console lines. The header may follow a progress bar on the same line (the bar had no newline
 * when the error was printed); the exception line is the first non-empty line after it that is not indented.
 */
export function findTracebacks(lines: readonly string[]): Traceback[] {
  const out: Traceback[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] as string).includes(TRACEBACK)) continue;
    let end = lines.length - 1;
    let exception: string | null = null;
    for (let j = i + 1; j < lines.length; j++) {
      const content = (lines[j] as string).replace(RANK_PREFIX, '');
      if (content.includes(TRACEBACK)) {
        end = j - 1; // a second traceback began before this one named its exception
        break;
      }
      if (content.trim() === '' || /^\s/.test(content)) continue;
      end = j;
      exception = content.trimEnd();
      break;
    }
    out.push({ start: i, end, exception });
    i = end;
  }
  return out;
}

/**
 * Console lines as log-lines records. Each traceback gets a record of its own (header to exception line), so the
 * diagnosis view can show a crash without searching the whole console.
 */
export function logLineRecords(file: string, lines: readonly string[], tracebacks: readonly Traceback[]): LogLinesRecord[] {
  const cuts = new Set<number>([0, lines.length]);
  for (const t of tracebacks) {
    cuts.add(t.start);
    cuts.add(t.end + 1);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: LogLinesRecord[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const from = sorted[k] as number;
    const to = sorted[k + 1] as number;
    for (let at = from; at < to; at += LINES_PER_RECORD) {
      out.push({ kind: 'log-lines', file, firstLine: at + 1, lines: lines.slice(at, Math.min(to, at + LINES_PER_RECORD)) });
    }
  }
  return out;
}
