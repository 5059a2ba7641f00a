/**
 * Splits CSV text into rows of cells (RFC 4180 quoting). Reports where the valid prefix ends: a last line without
 * its newline is a row still being written (a live run) or cut by a crash, so it is not returned.
 */
export interface CsvRows {
  readonly rows: string[][];
  /** 1-based line number of each row (for warnings). */
  readonly lines: number[];
  /** Byte-ish offset (characters) where an unterminated last row starts; null when the text ends with a newline. */
  readonly partialAt: number | null;
}

export function splitCsv(text: string, delimiter = ','): CsvRows {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let rowStart = 0;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
      rows.push(row);
      lines.push(rowLine);
      row = [];
      cell = '';
      line++;
      rowStart = i + 1;
      rowLine = line;
    } else cell += c;
  }
  const partial = rowStart < text.length;
  return { rows, lines, partialAt: partial ? rowStart : null };
}
