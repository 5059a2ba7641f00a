import type { DirNode, Importer, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { checkpointRecords } from './checkpoints';
import type { SideFile } from './config';
import { originOf, readSideFile, sideFileConfigs, stateConfig } from './config';
import { detectTrainerRun } from './detect';
import { historyWarnings, pickNewest } from './history';
import { baseName, STATE_FILE } from './names';
import { runMeta } from './run-meta';
import { seriesFromRows } from './series';
import type { StateFile } from './state-file';
import { readStateFile } from './state-file';

/**
 * Hugging Face Trainer / TRL output folders (trainer_state.json, checkpoint-N/, *_results.json, adapter and model
 * configs). The newest trainer state gives the series; older checkpoint states are checked against it.
 */
export const hfTrainerImporter: Importer = {
  id: 'hf-trainer',
  version: 1,

  async detect(dir: DirNode) {
    return detectTrainerRun(dir);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    try {
      yield* parseRun(src, signal);
    } catch (err) {
      // The contract says parse never throws; this guards against a bug or an exotic input, not expected damage.
      yield { kind: 'warning', file: src.files[0] ?? src.relPath, offset: null, message: `Could not finish reading this run: ${err instanceof Error ? err.message : String(err)}` };
    }
  },
};

async function* parseRun(src: RunSource, signal: AbortSignal): AsyncGenerator<ImportRecord> {
  const states: StateFile[] = [];
  const sides: SideFile[] = [];
  for await (const read of readRunFiles(src, signal)) {
    if (read.warning) {
      yield read.warning;
      continue;
    }
    if (baseName(read.file) === STATE_FILE) {
      const state = readStateFile(read.file, read.bytes);
      states.push(state);
      yield* state.warnings;
      continue;
    }
    const origin = originOf(read.file);
    if (origin === null) continue;
    const { side, warning } = readSideFile(read.file, origin, read.bytes);
    sides.push(side);
    if (warning) yield warning;
  }
  if (signal.aborted) return;

  const newest = pickNewest(states, src.relPath);
  if (newest) {
    yield* historyWarnings(states, newest);
    const { series, skippedRows } = seriesFromRows(newest.rows);
    if (skippedRows > 0) {
      yield { kind: 'warning', file: newest.file, offset: null, message: `${skippedRows} log_history rows are not objects with a numeric step and were skipped.` };
    }
    yield* series;
    const config = stateConfig(newest.fields);
    if (config) yield config;
  }
  yield runMeta(newest);
  yield* checkpointRecords(src.files, src.relPath);
  yield* sideFileConfigs(sides, src.relPath);
}
