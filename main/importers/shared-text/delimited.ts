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

/**
 * Splits one record into cells, RFC 4180 quoting (`"a,b"`, `"x ""y"""`). Returns null while a quote is still open,
 * so the caller can append the next line (a quoted cell may hold a newline).
 */
export function splitRecord(text: string, delimiter: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else inQuotes = false;
    } else if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (inQuotes) return null;
  cells.push(cell);
  return cells;
}

/**
 * Reads a delimited table from split lines. Blank lines are skipped. A last line without its newline is not read:
 * a CSV row cut mid-number still looks like a valid row (`0.12` of `0.1234`), so only a newline proves it complete.
 * `knownHeader`: the lines continue a file whose header was read before (live follow), so every line is a row.
 */
export function readDelimited({ lines, tail }: TextLines, delimiter: string, knownHeader: readonly string[] | null = null): DelimitedTable {
  let header: readonly string[] | null = knownHeader;
  const rows: DelimitedRow[] = [];
  let pending: { text: string; first: TextLine } | null = null;
  for (const line of lines) {
    const text: string = pending ? `${pending.text}\n${line.text}` : line.text;
    const first: TextLine = pending ? pending.first : line;
    const cells = splitRecord(text, delimiter);
    if (cells === null) {
      pending = { text, first };
      continue;
    }
    pending = null;
    if (cells.length === 1 && cells[0]?.trim() === '') continue;
    if (header === null) header = cells;
    else rows.push({ cells, lineNo: first.lineNo, offset: first.offset });
  }
  const open = pending?.first ?? (tail && tail.text.trim() !== '' ? tail : null);
  return { header, rows, incomplete: open ? { lineNo: open.lineNo, offset: open.offset } : null };
}
