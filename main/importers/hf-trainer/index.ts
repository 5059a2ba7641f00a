import type { DirNode, Importer, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { flattenConfig } from '../../../shared/util/flatten';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseTolerantJson } from '../../../shared/util/tolerant-json';
import { checkpointStep, detectHfRun, STATE } from './detect';
import { isPrefixHistory, seriesFromLogHistory } from './log-history';
import type { StateFile } from './state-file';
import { readStateFile } from './state-file';

/** trainer_state.json fields worth comparing across runs (the rest is log_history). */
const STATE_FIELDS = [
  'global_step', 'max_steps', 'num_train_epochs', 'epoch', 'logging_steps', 'eval_steps', 'save_steps', 'train_batch_size',
  'best_metric', 'best_global_step', 'best_model_checkpoint', 'total_flos', 'num_input_tokens_seen', 'is_hyper_param_search', 'trial_name',
];

const ORIGIN_BY_FILE: Record<string, string> = {
  'adapter_config.json': 'adapter_config',
  'config.json': 'model_config',
  'all_results.json': 'results',
  'train_results.json': 'results',
  'eval_results.json': 'results',
};

/**
 * Hugging Face Trainer / TRL output folders. The newest trainer_state.json (highest global_step; the top-level file
 * wins ties) gives the series; older checkpoint states are checked to be prefixes of it.
 */
export const hfTrainerImporter: Importer = {
  id: 'hf-trainer',
  version: 1,

  async detect(dir: DirNode) {
    return detectHfRun(dir);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const states: StateFile[] = [];
    const extras: { file: string; origin: string; bytes: Uint8Array }[] = [];
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      const base = file.split('/').pop() ?? file;
      if (base === STATE) states.push(readStateFile(file, bytes));
      else extras.push({ file, origin: ORIGIN_BY_FILE[base] ?? 'other', bytes });
    }
    if (signal.aborted) return;

    for (const s of states) if (s.problem) yield { kind: 'warning', file: s.file, offset: s.problem.offset, message: s.problem.message };
    // Later files win ties: the top-level state is listed after the checkpoints.
    const newest = states.reduce<StateFile | null>((best, s) => (best === null || s.globalStep >= best.globalStep ? s : best), null);
    if (newest) {
      for (const s of states) {
        if (s !== newest && !isPrefixHistory(s.logHistory, newest.logHistory)) {
          yield { kind: 'warning', file: s.file, offset: null, message: `This checkpoint's log history is not a prefix of ${newest.file}: the run was resumed or diverged. Showing the newest state.` };
        }
      }
      yield* seriesFromLogHistory(newest.logHistory);
      const state = newest.state;
      const entries: Record<string, ConfigValue> = {};
      for (const k of STATE_FIELDS) if (k in state) Object.assign(entries, flattenConfig(state[k], k));
      if (state.stateful_callbacks !== undefined) Object.assign(entries, flattenConfig(state.stateful_callbacks, 'stateful_callbacks'));
      if (Object.keys(entries).length > 0) yield { kind: 'config', origin: 'trainer_state', entries };
      const maxSteps = typeof state.max_steps === 'number' ? state.max_steps : 0;
      const finished = (maxSteps > 0 && newest.globalStep >= maxSteps) || newest.logHistory.some((r) => r !== null && typeof r === 'object' && 'train_runtime' in r);
      yield {
        kind: 'run-meta',
        status: finished ? 'finished' : 'unknown',
        bestModelCheckpoint: typeof state.best_model_checkpoint === 'string' ? state.best_model_checkpoint : null,
      };
    }

    const seen = new Set<string>();
    for (const s of states) {
      const parts = s.file.split('/');
      const step = parts.length >= 2 ? checkpointStep(parts[parts.length - 2] as string) : null;
      const path = parts.slice(0, -1).join('/');
      if (step !== null && !seen.has(path)) {
        seen.add(path);
        yield { kind: 'checkpoint', path, step };
      }
    }

    for (const e of extras) {
      try {
        const v = parseTolerantJson(decodeUtf8(e.bytes));
        if (v !== null && typeof v === 'object') yield { kind: 'config', origin: e.origin, entries: flattenConfig(v) };
      } catch (err) {
        yield { kind: 'warning', file: e.file, offset: null, message: `Not valid JSON, skipped: ${(err as Error).message}` };
      }
    }
  },
};
