import type { ResumePointRecord, ResumeState } from '../../../shared/importers/records';
import { numberIn, stringListIn } from '../../../shared/importers/resume-state';
import type { DelimitedTable } from './delimited';
import type { TextLines } from './lines';

/** Where a read of a growing text file starts: byte offset and complete lines before it. */
export interface TextFrom {
  readonly base: number;
  readonly linesBefore: number;
}

export const TEXT_START: TextFrom = { base: 0, linesBefore: 0 };

/** Lines fully consumed when reading stops at `stopLineNo` (the first line not taken), or at the end of `text`. */
function linesConsumed(text: TextLines, from: TextFrom, stopLineNo: number | null): number {
  if (stopLineNo !== null) return stopLineNo - 1;
  return from.linesBefore + text.lines.length + (text.tail ? 1 : 0);
}

/** A text file read up to `stop` (the first unfinished record, if any), or to its end. */
export function textResumePoint(file: string, text: TextLines, from: TextFrom, byteLength: number, stop: { lineNo: number; offset: number } | null, state?: ResumeState): ResumePointRecord {
  return {
    kind: 'resume-point',
    file,
    offset: stop ? stop.offset : from.base + byteLength,
    linesBefore: linesConsumed(text, from, stop?.lineNo ?? null),
    ...(state !== undefined ? { state } : {}),
  };
}

/** A CSV/TSV continues with its header and the count of rows read (rows without a step are placed by row index). */
export function delimitedResumePoint(file: string, text: TextLines, table: DelimitedTable, from: DelimitedFrom, byteLength: number): ResumePointRecord {
  return textResumePoint(file, text, from, byteLength, table.incomplete, { header: table.header ? [...table.header] : null, rows: from.rowsBefore + table.rows.length });
}

export interface DelimitedFrom extends TextFrom {
  readonly header: readonly string[] | null;
  readonly rowsBefore: number;
}

export const DELIMITED_START: DelimitedFrom = { ...TEXT_START, header: null, rowsBefore: 0 };

export function delimitedFrom(point: { offset: number; linesBefore?: number; state?: ResumeState }): DelimitedFrom {
  return { base: point.offset, linesBefore: point.linesBefore ?? 0, header: stringListIn(point.state, 'header'), rowsBefore: numberIn(point.state, 'rows') ?? 0 };
}
