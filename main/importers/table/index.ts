import type { DirNode, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { readDelimited, splitLines, tableToSeries } from '../shared-text';
import { stepColumnOf } from './columns';
import { detectTables, tableKindOf } from './detect';
import { readTableOptions, resolveStepColumn } from './options';
import { parseJsonlTable } from './parse-jsonl';
import { missingColumnWarning, missingWallWarning } from './warnings';

/**
 * Any CSV/TSV/JSONL table of metrics with a step-like column (`step`, `global_step`, `_step`, `iteration`, `iter`,
 * `epoch`): one run per file, every numeric column a series. The fallback for tools RunLens does not know by name.
 * The user may name another step column (or row numbers) and a wall-time column: `RunSource.options`, see options.ts.
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
      if (warning) {
        yield warning;
        continue;
      }
      const kind = tableKindOf(file);
      if (kind === 'jsonl') yield* withWallSpan(parseJsonlTable(file, bytes, signal, options));
      else {
        const table = readDelimited(splitLines(bytes), kind === 'tsv' ? '\t' : ',');
        const header = table.header ?? [];
        const step = resolveStepColumn(header, options, stepColumnOf);
        if (step.missing !== null) yield missingColumnWarning(file, step.missing, step.column);
        const wall = options.wall !== null && header.includes(options.wall) ? options.wall : null;
        if (options.wall !== null && wall === null && table.header !== null) yield missingWallWarning(file, options.wall);
        yield* withWallSpan(tableToSeries(file, table, step.column, signal, wall));
      }
    }
  },
};

/** Passes records on; when points carry wall times, ends with the run's first and last wall time. */
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
