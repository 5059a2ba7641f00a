/**
 * File-name conventions of lm-evaluation-harness (lm_eval/loggers/evaluation_tracker.py) and of the GPT-NeoX wrapper.
 * Names carry the only date some old files have, and they pair a samples file with its results file.
 */

/** `date_id` of v0.4.3+: `datetime.now().isoformat().replace(":", "-")`, e.g. `2024-12-23T14-45-44.695233`. */
const ISO_DATE_ID = /(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)$/;
/** GPT-NeoX `eval_results_%m-%d-%Y-%H-%M-%S`, e.g. `01-20-2023-15-13-07`. */
const NEOX_DATE_ID = /(\d{2})-(\d{2})-(\d{4})-(\d{2})-(\d{2})-(\d{2})$/;

const SAMPLES = /^samples_(.+?)(?:_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?))?\.jsonl$/;

export function baseName(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? relPath : relPath.slice(i + 1);
}

export function dirName(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The `date_id` in a file name (`results_<id>.json`, `<stem>_<id>.json`, `samples_<task>_<id>.jsonl`), or null. */
export function dateIdOf(fileName: string): string | null {
  const stem = stemOf(fileName);
  return ISO_DATE_ID.exec(stem)?.[1] ?? NEOX_DATE_ID.exec(stem)?.[0] ?? null;
}

/**
 * Seconds since the epoch encoded in a file name, for ordering only. The harness writes local time without a zone,
 * so this is read as UTC: good for "which file is newer", not for display.
 */
export function nameDateSec(fileName: string): number | null {
  const stem = stemOf(fileName);
  const iso = ISO_DATE_ID.exec(stem)?.[1];
  if (iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(\.\d+)?$/.exec(iso);
    if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000 + (m[7] ? Number(m[7]) : 0);
  }
  const neox = NEOX_DATE_ID.exec(stem);
  if (neox) return Date.UTC(+neox[3]!, +neox[1]! - 1, +neox[2]!, +neox[4]!, +neox[5]!, +neox[6]!) / 1000;
  return null;
}

/** The file's stem without its date suffix: `410m-deduped_step0`, `truthfulqa_gen_neo125`, `results`. */
export function undatedStem(fileName: string): string {
  const stem = stemOf(fileName);
  const id = dateIdOf(fileName);
  if (id === null || id.length === stem.length) return stem;
  return stem.slice(0, stem.length - id.length).replace(/[_-]+$/, '') || stem;
}

export function isSamplesFile(fileName: string): boolean {
  return SAMPLES.test(fileName);
}

/** `samples_<task>_<date_id>.jsonl` → task and date id (the task name may itself hold underscores). */
export function parseSamplesName(fileName: string): { task: string; dateId: string | null } | null {
  const m = SAMPLES.exec(fileName);
  return m ? { task: m[1] as string, dateId: m[2] ?? null } : null;
}

/** The harness's `model_name_sanitized`: `re.sub(r"[\"<>:/|\\?*\[\]]+", "__", name)`. */
export function sanitizeModelName(name: string): string {
  return name.replace(/["<>:/|\\?*[\]]+/g, '__');
}
