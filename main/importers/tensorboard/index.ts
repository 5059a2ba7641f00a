import type { DirNode, Importer, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import { stringMapIn } from '../../../shared/importers/resume-state';
import type { ImportRecord, ResumeState } from '../../../shared/importers/records';
import { readEventFile } from './read-file';
import { hparamsYamlRecords } from '../common/hparams-yaml';
import { RunAccumulator } from './run-accumulator';

const isEventFile = (name: string) => name.includes('tfevents') && !name.endsWith('.profile-empty');

/**
 * TensorBoard event files. A run is a directory that directly holds `*tfevents*` files (TensorBoard's own rule);
 * its files are read in name order, which is chronological since the timestamp leads the name.
 */
export const tensorboardImporter: Importer = {
  id: 'tensorboard',
  version: 1,

  async detect(dir: DirNode) {
    const events = dir.files.filter((f) => isEventFile(f.name)).map((f) => f.name).sort();
    if (events.length === 0) return null;
    const files = events.map((n) => joinRel(dir.relPath, n));
    // Lightning writes the same hparams beside the events as YAML.
    if (dir.files.some((f) => f.name === 'hparams.yaml')) files.push(joinRel(dir.relPath, 'hparams.yaml'));
    return { confidence: 0.9, files };
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const acc = new RunAccumulator();
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      if (file.endsWith('hparams.yaml')) {
        yield* hparamsYamlRecords(file, bytes);
        continue;
      }
      yield* readEventFile(file, bytes, acc, signal);
    }
    if (signal.aborted) return;
    yield* acc.finish();
  },

  async *resume(src: ResumeSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const acc = new RunAccumulator();
    // TF2 names a tag's plugin only in its first summary, which lies before the resume point.
    for (const point of src.from.values()) learnPlugins(acc, point.state);
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      const from = src.from.get(file);
      if (from && isEventFile(file)) yield* readEventFile(file, bytes, acc, signal, from.offset);
    }
    if (signal.aborted) return;
    yield* acc.finish();
  },
};

function learnPlugins(acc: RunAccumulator, state: ResumeState | undefined): void {
  for (const [tag, plugin] of stringMapIn(state, 'plugins')) if (!acc.pluginByTag.has(tag)) acc.pluginByTag.set(tag, plugin);
}
