import type { WarningRecord } from '../../../shared/importers/records';
import type { JsonValue } from '../../../shared/util/tolerant-json';
import { parentOf } from './names';
import type { StateFile } from './state-file';

/**
 * The state whose log_history the run shows: the highest global_step. Ties go to an intact file over a damaged one
 * (same step, more rows), then to the top-level file (`save_state()` runs after the last checkpoint).
 */
export function pickNewest(states: readonly StateFile[], runDir: string): StateFile | null {
  let best: StateFile | null = null;
  for (const s of states) if (best === null || outranks(s, best, runDir)) best = s;
  return best;
}

function outranks(a: StateFile, b: StateFile, runDir: string): boolean {
  const stepA = a.globalStep ?? Number.NEGATIVE_INFINITY;
  const stepB = b.globalStep ?? Number.NEGATIVE_INFINITY;
  if (stepA !== stepB) return stepA > stepB;
  if (a.isDamaged !== b.isDamaged) return !a.isDamaged;
  return parentOf(a.file) === runDir && parentOf(b.file) !== runDir;
}

/**
 * Each older state should be a prefix of the newest (a checkpoint saves the history so far). One that is not means
 * the run was resumed from an earlier checkpoint or diverged; the newest still wins, and the user is told.
 */
export function historyWarnings(states: readonly StateFile[], newest: StateFile): WarningRecord[] {
  const out: WarningRecord[] = [];
  for (const s of states) {
    if (s === newest) continue;
    const at = firstDifference(s.rows, newest.rows);
    if (at === null) continue;
    const where = `row ${at + 1}${stepText(s.rows[at])}`;
    out.push({
      kind: 'warning',
      file: s.file,
      offset: null,
      message: `This log_history is not a prefix of ${newest.file}'s (they differ from ${where}): the run was resumed from an earlier checkpoint or diverged. The series come from ${newest.file}.`,
    });
  }
  return out;
}

function stepText(row: JsonValue | undefined): string {
  return row !== null && typeof row === 'object' && !Array.isArray(row) && typeof row.step === 'number' ? `, step ${row.step}` : '';
}

/** Index of the first row of `prefix` that `full` does not repeat, or null when `prefix` is a prefix of `full`. */
export function firstDifference(prefix: readonly JsonValue[], full: readonly JsonValue[]): number | null {
  for (let i = 0; i < prefix.length; i++) {
    if (i >= full.length || !sameJson(prefix[i] as JsonValue, full[i] as JsonValue)) return i;
  }
  return null;
}

/** Deep equality with NaN equal to NaN; iterative, so a hostile nesting depth cannot overflow the stack. */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  const pending: [JsonValue, JsonValue][] = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop() as [JsonValue, JsonValue];
    if (x === y || (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y))) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object' || Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pending.push([x[i] as JsonValue, y[i] as JsonValue]);
      continue;
    }
    const ox = x as Record<string, JsonValue>;
    const oy = y as Record<string, JsonValue>;
    const keys = Object.keys(ox);
    if (keys.length !== Object.keys(oy).length) return false;
    for (const k of keys) {
      if (!Object.hasOwn(oy, k)) return false;
      pending.push([ox[k] as JsonValue, oy[k] as JsonValue]);
    }
  }
  return true;
}
