import type { DirNode, Detection } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';

export const STATE = 'trainer_state.json';
const CHECKPOINT_DIR = /^checkpoint-(\d+)$/;
const EXTRAS = ['all_results.json', 'train_results.json', 'eval_results.json', 'adapter_config.json', 'config.json'];

export function checkpointStep(dirName: string): number | null {
  const m = CHECKPOINT_DIR.exec(dirName);
  return m ? Number(m[1]) : null;
}

/**
 * A Trainer output dir: it holds trainer_state.json, or checkpoint-N/ folders that do. Checkpoints fold into the run
 * (ascending N, then the top-level state, which `save_state()` writes last).
 */
export function detectHfRun(dir: DirNode): Detection | null {
  const has = (d: DirNode, name: string) => d.files.some((f) => f.name === name);
  const checkpoints = dir.dirs
    .map((d) => ({ d, step: checkpointStep(d.name) }))
    .filter((c): c is { d: DirNode; step: number } => c.step !== null && has(c.d, STATE))
    .sort((a, b) => a.step - b.step);
  const own = has(dir, STATE);
  if (!own && checkpoints.length === 0) return null;
  const files: string[] = checkpoints.map((c) => joinRel(c.d.relPath, STATE));
  if (own) files.push(joinRel(dir.relPath, STATE));
  for (const extra of EXTRAS) if (has(dir, extra)) files.push(joinRel(dir.relPath, extra));
  for (const c of checkpoints) if (has(c.d, 'adapter_config.json')) files.push(joinRel(c.d.relPath, 'adapter_config.json'));
  return { confidence: 0.95, files };
}
