import type { Importer, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import { numberIn } from '../../../shared/importers/resume-state';
import type { ImportRecord } from '../../../shared/importers/records';
import { detectRawLogs } from './detect';
import { parseLog } from './parse-log';

/**
 * Plain-text training logs (`*.log`, `*.out`, `*.txt`): kept as cleaned, searchable lines for the diagnosis view, with
 * metrics taken from the common line shapes (see README.md). One run per log file.
 */
export const rawLogImporter: Importer = {
  id: 'raw-log',
  version: 2,

  detect: detectRawLogs,

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const read of readRunFiles(src, signal)) {
      if (read.warning) yield read.warning;
      else yield* parseLog(read.file, read.bytes, signal);
    }
  },

  async *resume(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const read of readRunFiles(src, signal)) {
      const from = src.from.get(read.file);
      if (read.warning) yield read.warning;
      else if (from) yield* parseLog(read.file, read.bytes, signal, { base: from.offset, linesBefore: from.linesBefore ?? 0, hfStep: numberIn(from.state, 'hfStep') ?? 0 });
    }
  },
};
