import type { Detection, DirNode, Peek } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { splitLines, splitRecord } from '../shared-text';

export const METRICS_FILE = 'metrics.csv';
export const HPARAMS_FILE = 'hparams.yaml';
/** Lightning's logger connector always adds `step` to every row it writes (fabric `_ExperimentWriter.log_metrics`). */
export const STEP_COLUMN = 'step';
const HEADER_PEEK_BYTES = 16 * 1024;

const isVersionDir = (name: string) => /^version_\d+$/.test(name);

/**
 * `metrics.csv` is a common name, so a folder is a CSVLogger run when it has Lightning's layout (`version_N/`, or
 * hparams.yaml beside the CSV) or its header has Lightning's `step` column. A `version_N/` folder with only
 * hparams.yaml is a run that died before its first flush: shown, with its config and no series (confidence 0.6, below
 * TensorBoard, which owns hparams.yaml when event files sit beside it).
 */
export async function detectLightningRun(dir: DirNode, peek: Peek): Promise<Detection | null> {
  const has = (n: string) => dir.files.some((f) => f.name === n);
  const hasEvents = dir.files.some((f) => f.name.includes('tfevents'));
  const metrics = joinRel(dir.relPath, METRICS_FILE);
  const hparams = joinRel(dir.relPath, HPARAMS_FILE);
  if (has(METRICS_FILE)) {
    const layout = isVersionDir(dir.name) || has(HPARAMS_FILE);
    if (!layout && !(await headerHasStep(peek, metrics))) return null;
    // Beside event files the YAML belongs to the TensorBoardLogger run; the CSV is still ours.
    return { confidence: 0.9, files: has(HPARAMS_FILE) && !hasEvents ? [metrics, hparams] : [metrics] };
  }
  if (has(HPARAMS_FILE) && isVersionDir(dir.name) && !hasEvents) return { confidence: 0.6, files: [hparams] };
  return null;
}

async function headerHasStep(peek: Peek, file: string): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = await peek(file, HEADER_PEEK_BYTES);
  } catch {
    return false;
  }
  const { lines, tail } = splitLines(bytes);
  const first = lines[0]?.text ?? tail?.text ?? '';
  // A header longer than the peek is cut: its complete cells still count.
  return (splitRecord(first, ',') ?? first.split(',')).map((c) => c.trim()).includes(STEP_COLUMN);
}
