/** Line-oriented text shared by the Lightning CSV, LLaMA-Factory, DVCLive and generic table importers. */
export { readDelimited, splitRecord } from './delimited';
export type { DelimitedRow, DelimitedTable } from './delimited';
export { readJsonl } from './jsonl';
export type { JsonlEntry } from './jsonl';
export { splitLines } from './lines';
export type { TextLine, TextLines } from './lines';
export { parseNumberCell } from './numbers';
export { SeriesCollector } from './series';
export { ABORT_CHECK_ROWS, tableToSeries } from './table-series';
export { badLineWarning, jsonlLineWarning, RowProblems, unfinishedLineWarning } from './warnings';
export { DELIMITED_START, delimitedFrom, delimitedResumePoint, TEXT_START, textResumePoint } from './resume';
export type { DelimitedFrom, TextFrom } from './resume';
