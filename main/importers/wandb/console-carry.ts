import { consoleLines, findTracebacks } from './console';

/**
 * What live follow keeps of a log's console between reads, so the new text continues it as one read of the whole
 * text would: line numbers, the unterminated last line (shown now, replaced once it ends), and the traceback the
 * console may still be inside (its exception line, which decides the status, may arrive in the next read).
 */
export interface ConsoleCarry {
  /** Lines that ended with `\n`: numbers already final. */
  readonly lines: number;
  /** Raw text after the last `\n` (ANSI and `\r` still in it: the rest of the line may redraw it). */
  readonly tail: string;
  /** The finished lines from the header of a traceback that has not named its exception yet; empty when none. */
  readonly openTraceback: readonly string[];
  /** The exception of the last traceback before `openTraceback` ('' when cut short); null when there was none. */
  readonly lastException: string | null;
}

export const NO_CONSOLE: ConsoleCarry = { lines: 0, tail: '', openTraceback: [], lastException: null };

export interface ConsoleStep {
  /** Lines from number `carry.lines + 1` on, the unterminated last one included. */
  readonly lines: string[];
  /** The last traceback's exception over the whole console so far, as `SegmentOutcome.lastException` wants it. */
  readonly lastException: string | null;
  readonly next: ConsoleCarry;
}

/**
 * Continues a console by `text`. findTracebacks over all lines equals its closed tracebacks followed by
 * findTracebacks over the open one's lines and everything after: a closed traceback never looks at later lines.
 */
export function continueConsole(carry: ConsoleCarry, text: string): ConsoleStep {
  const all = carry.tail + text;
  const cut = all.lastIndexOf('\n') + 1;
  const done = consoleLines(all.slice(0, cut));
  const rest = consoleLines(all.slice(cut));
  const lines = [...done, ...rest];

  const shown = findTracebacks([...carry.openTraceback, ...lines]);
  const lastShown = shown[shown.length - 1];
  const lastException = lastShown === undefined ? carry.lastException : (lastShown.exception ?? '');

  const scanned = [...carry.openTraceback, ...done];
  const found = findTracebacks(scanned);
  const last = found[found.length - 1];
  const isOpen = last !== undefined && last.exception === null && last.end === scanned.length - 1;
  const next: ConsoleCarry = {
    lines: carry.lines + done.length,
    tail: all.slice(cut),
    openTraceback: isOpen ? scanned.slice(last.start) : [],
    lastException: last === undefined ? carry.lastException : isOpen ? lastBefore(found, carry.lastException) : (last.exception ?? ''),
  };
  return { lines, lastException, next };
}

/** The exception of the traceback before the open (last) one. */
function lastBefore(found: readonly { exception: string | null }[], fallback: string | null): string | null {
  const prev = found[found.length - 2];
  return prev === undefined ? fallback : (prev.exception ?? '');
}
