import type { DirNode, Importer, Peek, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord, ResumeState } from '../../../shared/importers/records';
import type { DelimitedFrom, TextFrom } from '../shared-text';
import { DELIMITED_START, delimitedFrom, delimitedResumePoint, readDelimited, splitLines, TEXT_START, tableToSeries } from '../shared-text';
import { stepColumnOf } from './columns';
import { detectTables, tableKindOf } from './detect';
import type { TableOptions } from './options';
import { readTableOptions, resolveStepColumn } from './options';
import { parseJsonlTable } from './parse-jsonl';
import { missingColumnWarning, missingWallWarning } from './warnings';

/**
 * Any CSV/TSV/JSONL table of metrics with a step-like column (`step`, `global_step`, `_step`, `iteration`, `iter`,
 * `epoch`): one run per file, every numeric column a series. The fallback for tools RunLens does not know by name.
 * The user may name another step column (or row numbers) and a wall-time column: `RunSource.options`, see options.ts.
 *
 * Live follow: `resume` reads only a table's new bytes. A CSV/TSV carries its header and row count in the resume
 * state, a JSONL its step key and row count, so the new rows are read as one whole read would read them.
 */
export const tableImporter: Importer = {
  id: 'table',
  version: 1,

  detect(dir: DirNode, peek: Peek) {
    return detectTables(dir, peek);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const options = readTableOptions(src.options);
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) yield warning;
      else yield* readTable(file, bytes, signal, options, null);
    }
  },

  async *resume(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    // The host resumes only runs without options; reading them anyway keeps a resumed read's columns the parse's.
    const options = readTableOptions(src.options);
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      const from = src.from.get(file);
      if (warning) yield warning;
      else if (from) yield* readTable(file, bytes, signal, options, from);
    }
  },
};

type ResumeFrom = { offset: number; linesBefore?: number; state?: ResumeState };

function readTable(file: string, bytes: Uint8Array, signal: AbortSignal, options: TableOptions, from: ResumeFrom | null): Generator<ImportRecord> {
  const kind = tableKindOf(file);
  if (kind === 'jsonl') {
    const text: TextFrom = from ? { base: from.offset, linesBefore: from.linesBefore ?? 0 } : TEXT_START;
    return withWallSpan(parseJsonlTable(file, bytes, signal, options, text, from?.state));
  }
  return readDelimitedTable(file, bytes, signal, options, kind === 'tsv' ? '\t' : ',', from ? delimitedFrom(from) : DELIMITED_START);
}

function* readDelimitedTable(file: string, bytes: Uint8Array, signal: AbortSignal, options: TableOptions, delimiter: string, from: DelimitedFrom): Generator<ImportRecord> {
  const text = splitLines(bytes, from);
  const table = readDelimited(text, delimiter, from.header);
  const header = table.header ?? [];
  const step = resolveStepColumn(header, options, stepColumnOf);
  const wall = options.wall !== null && header.includes(options.wall) ? options.wall : null;
  // Column warnings belong to the read that met the header, not to every append after it.
  if (from.header === null) {
    if (step.missing !== null) yield missingColumnWarning(file, step.missing, step.column);
    if (options.wall !== null && wall === null && table.header !== null) yield missingWallWarning(file, options.wall);
  }
  yield* withWallSpan(tableToSeries(file, table, step.column, signal, wall, from.rowsBefore));
  if (!signal.aborted) yield delimitedResumePoint(file, text, table, from, bytes.length);
}

/** Passes records on; when points carry wall times, ends with the span of those (the host merges spans min/max). */
function* withWallSpan(records: Iterable<ImportRecord>): Generator<ImportRecord> {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    if (r.kind === 'scalars' && r.wallTimesSec) {
      for (const w of r.wallTimesSec) {
        if (!Number.isFinite(w)) continue;
        if (w < start) start = w;
        if (w > end) end = w;
      }
    }
    yield r;
  }
  if (start <= end) yield { kind: 'run-meta', wallStartSec: start, wallEndSec: end };
}
