import type { DirNode, Importer, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { parseHparamsYaml } from '../common/hparams-yaml';
import { detectDvcliveRun, METRICS_JSON, metricNameOf, PARAMS_YAML } from './detect';
import { parseMetricTsv } from './metric-tsv';
import { parseSummary } from './summary';

/**
 * DVCLive's output folder: `plots/metrics/**.tsv` (one file per metric: the history), `metrics.json` (latest values)
 * and `params.yaml` (logged params). See README.md.
 */
export const dvcliveImporter: Importer = {
  id: 'dvclive',
  version: 1,

  async detect(dir: DirNode) {
    return detectDvcliveRun(dir);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      const base = file.split('/').pop();
      if (file.endsWith('.tsv')) yield* parseMetricTsv(file, metricNameOf(src.relPath, file), bytes, signal);
      else if (base === METRICS_JSON) yield* parseSummary(file, bytes);
      else if (base === PARAMS_YAML) {
        const { entries, problem } = parseHparamsYaml(bytes);
        if (entries) yield { kind: 'config', origin: PARAMS_YAML, entries };
        if (problem) yield { kind: 'warning', file, offset: null, message: problem.replace('hparams.yaml', PARAMS_YAML) };
      }
    }
  },
};
