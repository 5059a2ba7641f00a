import { MAX_FLATTEN_DEPTH } from '../../../shared/util/flatten';
import type { JsonValue } from '../../../shared/util/tolerant-json';

/** Step-like column names, most specific first: with both `step` and `epoch`, `epoch` is a series at each step. */
export const STEP_NAMES = ['step', 'global_step', '_step', 'iteration', 'iter', 'epoch'] as const;

/**
 * The step column among header names, compared trimmed and case-insensitively (TensorBoard's CSV export writes
 * `Step`). Returns the header's own spelling, so lookups use the name exactly as the file has it.
 */
export function stepColumnOf(names: readonly string[]): string | null {
  for (const wanted of STEP_NAMES) {
    const found = names.find((n) => n.trim().toLowerCase() === wanted);
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * Numbers in a JSONL row, nested objects joined with `/` (the W&B and DVCLive convention for nested names).
 * Strings, booleans, nulls and arrays are not points.
 */
export function numericLeaves(row: { readonly [k: string]: JsonValue }, prefix = '', out: [string, number][] = [], depth = 0): [string, number][] {
  for (const [k, v] of Object.entries(row)) {
    const name = prefix === '' ? k : `${prefix}/${k}`;
    if (typeof v === 'number') out.push([name, v]);
    // Bounded: a row nested thousands of levels deep overflowed the stack (found by test/unit/fuzz/); no metric name
    // is that deep, so deeper numbers are not points.
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < MAX_FLATTEN_DEPTH) numericLeaves(v, name, out, depth + 1);
  }
  return out;
}
