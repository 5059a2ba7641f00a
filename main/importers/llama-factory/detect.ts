import type { Detection, DirNode } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';

export const LOG_FILE = 'trainer_log.jsonl';
/** LLaMA-Factory's own copy of its arguments, written beside the log by the web UI and CLI. */
export const ARGS_FILE = 'training_args.yaml';
const HF_STATE_FILE = 'trainer_state.json';

/**
 * A LLaMA-Factory output folder: `trainer_log.jsonl`. When the HF `trainer_state.json` is beside it, the HF Trainer
 * importer (0.95) owns that folder's run and this one claims only its own files as a second run. That run gets its
 * own path, `<dir>/trainer_log`, so its id is the same whichever importers are installed (rather than depending on
 * the scanner's suffix for a second run in one folder).
 */
export function detectLlamaFactoryRun(dir: DirNode): Detection | null {
  const has = (n: string) => dir.files.some((f) => f.name === n);
  if (!has(LOG_FILE)) return null;
  const files = [joinRel(dir.relPath, LOG_FILE)];
  if (has(ARGS_FILE)) files.push(joinRel(dir.relPath, ARGS_FILE));
  if (has(HF_STATE_FILE)) return { confidence: 0.9, runPath: joinRel(dir.relPath, 'trainer_log'), files };
  return { confidence: 0.9, files };
}
