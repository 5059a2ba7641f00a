import type { ConfigRecord, ConfigValue, WarningRecord } from '../../../shared/importers/records';
import { flattenConfig } from '../../../shared/util/flatten';
import type { JsonObject } from '../../../shared/util/tolerant-json';
import { readJsonFile } from './json-file';
import { ADAPTER_CONFIG_FILE, baseName, checkpointOf, isResultsFile, MODEL_CONFIG_FILE } from './names';

/**
 * trainer_state.json fields worth a config diff. The rest is log_history, per-process flags, `epoch` (a position,
 * not a setting) and best_model_checkpoint (run-meta carries it).
 */
export const STATE_CONFIG_FIELDS = [
  'global_step', 'max_steps', 'num_train_epochs', 'logging_steps', 'eval_steps', 'save_steps', 'train_batch_size', 'best_metric',
  'best_global_step', 'total_flos', 'num_input_tokens_seen', 'is_hyper_param_search', 'trial_name',
] as const;
/** Nested fields, flattened to dotted keys: callback state (early stopping counters) and a search trial's hyperparameters. */
const NESTED_STATE_FIELDS = ['stateful_callbacks', 'trial_params'] as const;

export function stateConfig(fields: JsonObject): ConfigRecord | null {
  const entries: Record<string, ConfigValue> = {};
  for (const key of STATE_CONFIG_FIELDS) if (Object.hasOwn(fields, key)) flattenConfig(fields[key], key, entries);
  for (const key of NESTED_STATE_FIELDS) {
    const v = fields[key];
    if (v !== undefined && v !== null) flattenConfig(v, key, entries);
  }
  return Object.keys(entries).length > 0 ? { kind: 'config', origin: 'trainer_state', entries } : null;
}

/** A side file of the run (results, adapter or model config) and what could be read from it. */
export interface SideFile {
  readonly file: string;
  readonly origin: 'results' | 'adapter_config' | 'model_config';
  /** Complete top-level members; empty when the file held nothing usable. */
  readonly members: JsonObject;
}

export function originOf(file: string): SideFile['origin'] | null {
  const name = baseName(file);
  if (name === ADAPTER_CONFIG_FILE) return 'adapter_config';
  if (name === MODEL_CONFIG_FILE) return 'model_config';
  return isResultsFile(name) ? 'results' : null;
}

/** Reads a side file; a damaged one keeps its complete top-level members and says where it broke. */
export function readSideFile(file: string, origin: SideFile['origin'], bytes: Uint8Array): { side: SideFile; warning: WarningRecord | null } {
  const { salvage, damage } = readJsonFile(bytes);
  const root = salvage.value;
  const isObject = root !== undefined && root !== null && typeof root === 'object' && !Array.isArray(root);
  const members: JsonObject = {};
  if (isObject) {
    for (const key of Object.keys(root)) if (!(salvage.cut !== null && salvage.cut[0] === key)) members[key] = root[key] as JsonObject[string];
  }
  let warning: WarningRecord | null = null;
  if (damage) {
    const kept = Object.keys(members).length;
    warning = { kind: 'warning', file, offset: damage.byteOffset, message: `Damaged JSON: ${damage.description}. Kept the ${kept} complete top-level entries before it.` };
  } else if (!isObject) {
    warning = { kind: 'warning', file, offset: null, message: 'Expected a JSON object; the file was skipped.' };
  }
  return { side: { file, origin, members }, warning };
}

/**
 * One config record per origin. Results files merge (all_results first, so the per-split files, rewritten on every
 * save_metrics call, win). Adapter and model configs: the top-level copy, else the highest checkpoint's (one LoRA
 * config per run, not one per checkpoint, so the config diff sees each key once).
 */
export function sideFileConfigs(sides: readonly SideFile[], runDir: string): ConfigRecord[] {
  const out: ConfigRecord[] = [];
  const results: Record<string, ConfigValue> = {};
  for (const s of sides) if (s.origin === 'results') flattenConfig(s.members, '', results);
  if (Object.keys(results).length > 0) out.push({ kind: 'config', origin: 'results', entries: results });
  for (const origin of ['adapter_config', 'model_config'] as const) {
    const chosen = pickCopy(sides.filter((s) => s.origin === origin && Object.keys(s.members).length > 0), runDir);
    if (chosen) out.push({ kind: 'config', origin, entries: flattenConfig(chosen.members) });
  }
  return out;
}

function pickCopy(candidates: readonly SideFile[], runDir: string): SideFile | null {
  let best: { side: SideFile; rank: number } | null = null;
  for (const side of candidates) {
    const rank = checkpointOf(side.file, runDir)?.step ?? Number.POSITIVE_INFINITY;
    if (best === null || rank > best.rank) best = { side, rank };
  }
  return best?.side ?? null;
}
