import type { ScalarBatchRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';

/**
 * `log_history` rows → one series per key, named exactly as the file names them. Every numeric value (NaN/±Inf
 * included) is a point at the row's `step`; `null` (TRL's "no samples this interval") and strings give none.
 */
export function seriesFromLogHistory(rows: readonly unknown[]): ScalarBatchRecord[] {
  const series = new Map<string, { steps: GrowableF64; values: GrowableF64 }>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    const r = row as Record<string, unknown>;
    const step = typeof r.step === 'number' ? r.step : null;
    if (step === null) continue;
    for (const [key, value] of Object.entries(r)) {
      if (key === 'step' || typeof value !== 'number') continue;
      let s = series.get(key);
      if (!s) {
        s = { steps: new GrowableF64(64), values: new GrowableF64(64) };
        series.set(key, s);
      }
      s.steps.push(step);
      s.values.push(value);
    }
  }
  return [...series.entries()].map(([metric, s]) => ({ kind: 'scalars', metric, steps: s.steps.view(), values: s.values.view(), wallTimesSec: null }));
}

/** True when `prefix` rows equal the first rows of `full` (checkpoint histories are prefixes of the final one). */
export function isPrefixHistory(prefix: readonly unknown[], full: readonly unknown[]): boolean {
  if (prefix.length > full.length) return false;
  for (let i = 0; i < prefix.length; i++) if (!sameRow(prefix[i], full[i])) return false;
  return true;
}

function sameRow(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Step and loss identify a row; other keys are written from the same values.
  return ra.step === rb.step && (ra.loss === rb.loss || (Number.isNaN(ra.loss) && Number.isNaN(rb.loss)));
}
