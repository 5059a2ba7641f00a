import type { DirNode, Importer, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { parseHparamsYaml } from '../common/hparams-yaml';
import { ARGS_FILE, detectLlamaFactoryRun } from './detect';
import { parseTrainerLog } from './trainer-log';

/**
 * LLaMA-Factory's `trainer_log.jsonl` (one JSON object per logging step; step = `current_steps`), plus its
 * `training_args.yaml` when present. See README.md for the naming of duration series.
 */
export const llamaFactoryImporter: Importer = {
  id: 'llama-factory',
  version: 1,

  async detect(dir: DirNode) {
    return detectLlamaFactoryRun(dir);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      if (file.endsWith(ARGS_FILE)) {
        const { entries, problem } = parseHparamsYaml(bytes);
        if (entries) yield { kind: 'config', origin: ARGS_FILE, entries };
        if (problem) yield { kind: 'warning', file, offset: null, message: problem.replace('hparams.yaml', ARGS_FILE) };
        continue;
      }
      yield* parseTrainerLog(file, bytes, signal);
    }
  },

  async *resume(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      const from = src.from.get(file);
      if (warning) yield warning;
      else if (from && !file.endsWith(ARGS_FILE)) yield* parseTrainerLog(file, bytes, signal, { base: from.offset, linesBefore: from.linesBefore ?? 0 }, from.state);
    }
  },
};
