/** File and folder names the Trainer writes (transformers trainer.py / trainer_utils.py constants). */
export const STATE_FILE = 'trainer_state.json';
export const ADAPTER_CONFIG_FILE = 'adapter_config.json';
export const MODEL_CONFIG_FILE = 'config.json';

const CHECKPOINT_DIR = /^checkpoint-(\d+)$/;
/** `trainer.save_metrics(split, …)` writes `<split>_results.json`; `all_results.json` merges every split. */
const RESULTS_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*_results\.json$/;
/** Read first so the per-split files, rewritten on every call, override the merged (and possibly older) values. */
const RESULTS_ORDER = ['all_results.json', 'train_results.json', 'eval_results.json'];

/** N of a `checkpoint-N` folder name (N = global_step when it was saved), else null. */
export function checkpointStep(dirName: string): number | null {
  const m = CHECKPOINT_DIR.exec(dirName);
  return m ? Number(m[1]) : null;
}

export function isResultsFile(name: string): boolean {
  return RESULTS_FILE.test(name);
}

/** all, train, eval first, then any other split (predict, test…) by name. */
export function compareResultsFiles(a: string, b: string): number {
  const rank = (n: string) => {
    const i = RESULTS_ORDER.indexOf(n);
    return i < 0 ? RESULTS_ORDER.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function baseName(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? relPath : relPath.slice(i + 1);
}

/** The folder part of a root-relative path ('' at the root). */
export function parentOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

/** N when `relPath` sits directly in `<runDir>/checkpoint-N/`, else null. */
export function checkpointOf(relPath: string, runDir: string): { dir: string; step: number } | null {
  const dir = parentOf(relPath);
  if (parentOf(dir) !== runDir || dir === runDir) return null;
  const step = checkpointStep(baseName(dir));
  return step === null ? null : { dir, step };
}
