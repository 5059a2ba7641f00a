import type { DirNode, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { parseHparamsYaml } from '../common/hparams-yaml';
import { readDelimited, splitLines, tableToSeries } from '../shared-text';
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
      yield* tableToSeries(file, readDelimited(splitLines(bytes), ','), STEP_COLUMN, signal);
    }
  },
};
