import type { TextLine, TextLines } from './lines';

/** One record of a CSV/TSV file. */
export interface DelimitedRow {
  readonly cells: readonly string[];
  readonly lineNo: number;
  readonly offset: number;
}

export interface DelimitedTable {
  /** Header cells, or null when the file has no complete first line. */
  readonly header: readonly string[] | null;
  readonly rows: readonly DelimitedRow[];
  /** Where an unfinished last record starts (no newline after it, or a quote still open); null when there is none. */
  readonly incomplete: { readonly lineNo: number; readonly offset: number } | null;
}

/** A record being split: the cells so far, the open cell, and whether a quote is open (its cell may hold a newline). */
interface SplitState {
  readonly cells: string[];
  cell: string;
  inQuotes: boolean;
}

/** Splits `text` on from `state`; true when the record is complete (no quote left open). */
function feed(state: SplitState, text: string, delimiter: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (state.inQuotes) {
      if (c !== '"') state.cell += c;
      else if (text[i + 1] === '"') {
        state.cell += '"';
        i++;
      } else state.inQuotes = false;
    } else if (c === '"') state.inQuotes = true;
    else if (c === delimiter) {
      state.cells.push(state.cell);
      state.cell = '';
    } else state.cell += c;
  }
  return !state.inQuotes;
}

/**
 * Splits one record into cells, RFC 4180 quoting (`"a,b"`, `"x ""y"""`). Returns null while a quote is still open,
 * so the caller can append the next line (a quoted cell may hold a newline).
 */
export function splitRecord(text: string, delimiter: string): string[] | null {
  const state: SplitState = { cells: [], cell: '', inQuotes: false };
  return feed(state, text, delimiter) ? [...state.cells, state.cell] : null;
}

/**
 * Reads a delimited table from split lines. Blank lines are skipped. A last line without its newline is not read:
 * a CSV row cut mid-number still looks like a valid row (`0.12` of `0.1234`), so only a newline proves it complete.
 * `knownHeader`: the lines continue a file whose header was read before (live follow), so every line is a row.
 */
export function readDelimited({ lines, tail }: TextLines, delimiter: string, knownHeader: readonly string[] | null = null): DelimitedTable {
  let header: readonly string[] | null = knownHeader;
  const rows: DelimitedRow[] = [];
  // A record whose quote is still open carries its split state to the next line: re-splitting the joined lines each
  // time was quadratic (one stray quote early in a 400 KB CSV took two minutes; found by test/unit/fuzz/).
  let pending: { state: SplitState; first: TextLine } | null = null;
  for (const line of lines) {
    const first: TextLine = pending ? pending.first : line;
    const state: SplitState = pending ? pending.state : { cells: [], cell: '', inQuotes: false };
    if (pending) state.cell += '\n';
    if (!feed(state, line.text, delimiter)) {
      pending = { state, first };
      continue;
    }
    const cells = [...state.cells, state.cell];
    pending = null;
    if (cells.length === 1 && cells[0]?.trim() === '') continue;
    if (header === null) header = cells;
    else rows.push({ cells, lineNo: first.lineNo, offset: first.offset });
  }
  const open = pending?.first ?? (tail && tail.text.trim() !== '' ? tail : null);
  return { header, rows, incomplete: open ? { lineNo: open.lineNo, offset: open.offset } : null };
}
