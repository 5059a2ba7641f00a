import type { Detection, DirNode } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { ADAPTER_CONFIG_FILE, checkpointStep, compareResultsFiles, isResultsFile, MODEL_CONFIG_FILE, STATE_FILE } from './names';

export const CONFIDENCE = 0.95;

/**
 * A Trainer output folder: it holds trainer_state.json, or checkpoint-N/ folders that do. Names only, no reads: a
 * file that turns out not to be JSON becomes a warning at parse time, which tells the user more than silence.
 *
 * Order matters to parse only for readability of warnings; it is checkpoint states by ascending N, then the top-level
 * state (`save_state()` writes it last), then results, adapter configs and the model config.
 */
export function detectTrainerRun(dir: DirNode): Detection | null {
  const has = (d: DirNode, name: string) => d.files.some((f) => f.name === name);
  const checkpoints = dir.dirs
    .map((d) => ({ d, step: checkpointStep(d.name) }))
    .filter((c): c is { d: DirNode; step: number } => c.step !== null && has(c.d, STATE_FILE))
    .sort((a, b) => a.step - b.step || (a.d.name < b.d.name ? -1 : 1));
  const hasOwnState = has(dir, STATE_FILE);
  if (!hasOwnState && checkpoints.length === 0) return null;

  const files = checkpoints.map((c) => joinRel(c.d.relPath, STATE_FILE));
  if (hasOwnState) files.push(joinRel(dir.relPath, STATE_FILE));
  const results = dir.files.map((f) => f.name).filter(isResultsFile).sort(compareResultsFiles);
  for (const name of results) files.push(joinRel(dir.relPath, name));
  if (has(dir, ADAPTER_CONFIG_FILE)) files.push(joinRel(dir.relPath, ADAPTER_CONFIG_FILE));
  for (const c of checkpoints) if (has(c.d, ADAPTER_CONFIG_FILE)) files.push(joinRel(c.d.relPath, ADAPTER_CONFIG_FILE));
  if (has(dir, MODEL_CONFIG_FILE)) {
    files.push(joinRel(dir.relPath, MODEL_CONFIG_FILE));
  } else {
    // Without save_model() there is no top-level config.json; the newest checkpoint's copy is the same model config.
    const newest = [...checkpoints].reverse().find((c) => has(c.d, MODEL_CONFIG_FILE));
    if (newest) files.push(joinRel(newest.d.relPath, MODEL_CONFIG_FILE));
  }
  return { confidence: CONFIDENCE, files };
}
