/**
 * RFC 4180 CSV writing with a spreadsheet formula-injection guard. Exports are opened in Excel / LibreOffice /
 * Sheets, which evaluate a cell starting with `=`, `+`, `-` or `@` (and, in some, tab / CR) as a formula — a task or
 * run name from an untrusted folder must not become one (OWASP "CSV injection").
 */

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * RFC 4180 quotes `,`, `"` and line breaks. `;` and tab are quoted too: Excel and LibreOffice split a CSV on the
 * locale's list separator (`;` wherever the decimal mark is a comma) and some readers sniff tabs, so an unquoted
 * `a;=cmd|' /C calc'!A0` would become a second cell that starts a formula.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** A text field: guarded against formula evaluation, then quoted when RFC 4180 or another separator requires it. */
export function csvText(s: string): string {
  const guarded = FORMULA_START.test(s) ? `'${s}` : s;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * A numeric field at full precision (`String(x)` round-trips every double). Never guarded: a negative number must
 * stay a number for the spreadsheet, and `String` of a number cannot contain a separator or quote.
 */
export function csvNumber(x: number | null): string {
  return x === null ? '' : String(x);
}

/** One record; strings are text fields, numbers numeric fields, null an empty field. */
export function csvRecord(fields: readonly CsvValue[]): string {
  return fields.map((f) => (f === null ? '' : typeof f === 'number' ? csvNumber(f) : csvText(f))).join(',');
}

/** Records joined with CRLF (RFC 4180 §2.1), the last one terminated too. */
export function csvDocument(records: readonly (readonly CsvValue[])[]): string {
  return records.map((r) => `${csvRecord(r)}\r\n`).join('');
}
