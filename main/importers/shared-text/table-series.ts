import type { ImportRecord } from '../../../shared/importers/records';
import type { DelimitedTable } from './delimited';
import { parseNumberCell } from './numbers';
import { SeriesCollector } from './series';
import { RowProblems, unfinishedLineWarning } from './warnings';

/** How often (in rows) long loops look at the abort signal. */
export const ABORT_CHECK_ROWS = 4096;

/**
 * A sparse table as series: every numeric cell is a point at its row's step, named by its column's header exactly as
 * written. The step column itself is not a series. A row whose step cell is empty (or when there is no step column)
 * uses the row's 0-based index among data rows, so no logged value is lost. Columns with an empty header name are
 * skipped: that is pandas' unnamed index column (`df.to_csv()`), a row counter rather than a metric. A `wallColumn`
 * (seconds since the epoch) gives every point its row's wall time and is not a series either.
 */
export function* tableToSeries(file: string, table: DelimitedTable, stepColumn: string | null, signal: AbortSignal, wallColumn: string | null = null, rowsBefore = 0): Generator<ImportRecord> {
  const { header, rows, incomplete } = table;
  if (header === null) {
    if (incomplete) yield unfinishedLineWarning(file, incomplete);
    return;
  }
  const stepIdx = stepColumn === null ? -1 : header.indexOf(stepColumn);
  const wallIdx = wallColumn === null ? -1 : header.indexOf(wallColumn);
  const collector = new SeriesCollector(wallIdx >= 0);
  const ragged = new RowProblems(file, 'Rows with a different number of cells than the header, read by position');
  const noStep = new RowProblems(file, `Rows with no number in the "${stepColumn ?? ''}" column, placed at their row index`);
  for (let r = 0; r < rows.length; r++) {
    if (r % ABORT_CHECK_ROWS === 0 && signal.aborted) return;
    const row = rows[r] as (typeof rows)[number];
    if (row.cells.length !== header.length) ragged.add(row);
    let step = rowsBefore + r;
    if (stepIdx >= 0) {
      const s = parseNumberCell(row.cells[stepIdx] ?? '');
      if (s === null) noStep.add(row);
      else step = s;
    }
    const wall = wallIdx >= 0 ? (parseNumberCell(row.cells[wallIdx] ?? '') ?? Number.NaN) : Number.NaN;
    for (let c = 0; c < header.length; c++) {
      const name = header[c] as string;
      if (c === stepIdx || c === wallIdx || name === '') continue;
      const v = parseNumberCell(row.cells[c] ?? '');
      if (v !== null) collector.push(name, step, v, wall);
    }
  }
  yield* collector.records();
  for (const w of [ragged.warning(), noStep.warning()]) if (w) yield w;
  if (incomplete) yield unfinishedLineWarning(file, incomplete);
}
