import type { DirNode, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { readDelimited, splitLines, tableToSeries } from '../shared-text';
import { stepColumnOf } from './columns';
import { detectTables, tableKindOf } from './detect';
import { parseJsonlTable } from './parse-jsonl';

/**
 * Any CSV/TSV/JSONL table of metrics with a step-like column (`step`, `global_step`, `_step`, `iteration`, `iter`,
 * `epoch`): one run per file, every numeric column a series. The fallback for tools RunLens does not know by name.
 */
export const tableImporter: Importer = {
  id: 'table',
  version: 1,

  detect(dir: DirNode, peek: Peek) {
    return detectTables(dir, peek);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      const kind = tableKindOf(file);
      if (kind === 'jsonl') yield* parseJsonlTable(file, bytes, signal);
      else {
        const table = readDelimited(splitLines(bytes), kind === 'tsv' ? '\t' : ',');
        yield* tableToSeries(file, table, table.header ? stepColumnOf(table.header) : null, signal);
      }
    }
  },
};
