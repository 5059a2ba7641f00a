/**
 * W&B run folder names (wandb/wandb:wandb/sdk/wandb_settings.py, wandb/sdk/lib/filenames.py):
 * `run-YYYYMMDD_HHMMSS-<run id>` for online (and synced) runs, `offline-run-…` for WANDB_MODE=offline.
 */
const RUN_DIR = /^(?:offline-)?run-(\d{8}_\d{6})-(.+)$/;

export const FILES_DIR = 'files';
export const CONFIG_FILE = 'config.yaml';
export const SUMMARY_FILE = 'wandb-summary.json';
export const METADATA_FILE = 'wandb-metadata.json';
export const OUTPUT_FILE = 'output.log';
/** The side files a run claims from its `files/` folder, in reading order. */
export const SIDE_FILES = [CONFIG_FILE, SUMMARY_FILE, METADATA_FILE, OUTPUT_FILE] as const;
export type SideFileName = (typeof SIDE_FILES)[number];

export interface RunDirName {
  /** `YYYYMMDD_HHMMSS`: sorts in time order as text. */
  readonly stamp: string;
  readonly runId: string;
}

export function parseRunDirName(name: string): RunDirName | null {
  const m = RUN_DIR.exec(name);
  return m ? { stamp: m[1] as string, runId: m[2] as string } : null;
}

/** The transaction log itself; `run-<id>.wandb.synced` is an empty marker written by `wandb sync`. */
export function isLogFile(name: string): boolean {
  return name.endsWith('.wandb');
}

export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

export function dirName(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/** The run folder a claimed file belongs to: `<seg>/run-x.wandb` and `<seg>/files/<name>` both give `<seg>`. */
export function segmentOf(rel: string): string {
  const dir = dirName(rel);
  return isLogFile(baseName(rel)) ? dir : dirName(dir);
}
