import type { DirNode, Importer, Peek, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { parseHparamsYaml } from '../common/hparams-yaml';
import type { DelimitedFrom } from '../shared-text';
import { DELIMITED_START, delimitedFrom, delimitedResumePoint, readDelimited, splitLines, tableToSeries } from '../shared-text';
import { detectLightningRun, HPARAMS_FILE, STEP_COLUMN } from './detect';

/**
 * PyTorch Lightning's CSVLogger: `metrics.csv` (sparse: each row logs only some columns) and `hparams.yaml`.
 * Every non-empty cell is a point at its row's `step`; `epoch` and every other column are series under their own
 * names. See README.md.
 */
export const lightningCsvImporter: Importer = {
  id: 'lightning-csv',
  version: 1,

  detect(dir: DirNode, peek: Peek) {
    return detectLightningRun(dir, peek);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      if (file.endsWith(HPARAMS_FILE)) {
        const { entries, problem } = parseHparamsYaml(bytes);
        if (entries) yield { kind: 'config', origin: HPARAMS_FILE, entries };
        if (problem) yield { kind: 'warning', file, offset: null, message: problem };
        continue;
      }
      yield* readMetrics(file, bytes, signal, DELIMITED_START);
    }
  },

  async *resume(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      const from = src.from.get(file);
      if (warning) yield warning;
      else if (from && !file.endsWith(HPARAMS_FILE)) yield* readMetrics(file, bytes, signal, delimitedFrom(from));
    }
  },
};

function* readMetrics(file: string, bytes: Uint8Array, signal: AbortSignal, from: DelimitedFrom): Generator<ImportRecord> {
  const text = splitLines(bytes, from);
  const table = readDelimited(text, ',', from.header);
  yield* tableToSeries(file, table, STEP_COLUMN, signal, null, from.rowsBefore);
  if (!signal.aborted) yield delimitedResumePoint(file, text, table, from, bytes.length);
}
