export interface CsvReading {
  /** The cell separator. Default ','. */
  readonly sep?: ',' | ';';
  /**
   * How a spreadsheet reads: a quote opens a quoted cell only at the start of a cell, and LF alone ends a record too.
   * Default false: the strict RFC 4180 reading (CRLF records, a quote anywhere opens quoting).
   */
  readonly spreadsheet?: boolean;
}

/** A minimal RFC 4180 reader, independent of the writers under test: quoted cells, doubled quotes, CRLF records. */
export function parseCsv(text: string, opts: CsvReading = {}): string[][] {
  const sep = opts.sep ?? ',';
  const spreadsheet = opts.spreadsheet === true;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && (!spreadsheet || field === '')) quoted = true;
    else if (ch === sep) {
      record.push(field);
      field = '';
    } else if ((ch === '\r' && text[i + 1] === '\n') || (spreadsheet && ch === '\n')) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r') i++;
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
