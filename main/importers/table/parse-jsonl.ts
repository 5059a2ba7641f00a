import type { ImportRecord } from '../../../shared/importers/records';
import { ABORT_CHECK_ROWS, badLineWarning, readJsonl, RowProblems, SeriesCollector, splitLines, unfinishedLineWarning } from '../shared-text';
import { numericLeaves, stepColumnOf } from './columns';
import type { TableOptions } from './options';
import { DETECTED, resolveStepColumn } from './options';
import { missingColumnWarning, missingWallWarning } from './warnings';

/**
 * A JSONL metrics table: each object is a row; its numbers (nested objects joined with `/`) are points at the row's
 * step. The step key is chosen on the first row (the user's choice when it is there); a row without a numeric step
 * takes its row index. A chosen wall-time key gives each point its row's wall time and is not a series.
 */
export function* parseJsonlTable(file: string, bytes: Uint8Array, signal: AbortSignal, options: TableOptions = DETECTED): Generator<ImportRecord> {
  const series = new SeriesCollector(options.wall !== null);
  const warnings: ImportRecord[] = [];
  let stepKey: string | null | undefined;
  let noStep: RowProblems | null = null;
  let index = 0;
  let wallSeen = false;
  for (const entry of readJsonl(splitLines(bytes))) {
    if (index % ABORT_CHECK_ROWS === 0 && signal.aborted) return;
    if (entry.kind === 'bad') {
      warnings.push(entry.isTail ? unfinishedLineWarning(file, entry) : badLineWarning(file, entry, entry.reason));
      continue;
    }
    const leaves = numericLeaves(entry.value);
    if (stepKey === undefined) {
      const names = leaves.map(([name]) => name);
      // Detection looks at top-level keys only (as it always has); a chosen key may be a nested leaf.
      const resolved = resolveStepColumn(names, options, () => stepColumnOf(Object.keys(entry.value)));
      stepKey = resolved.column;
      if (resolved.missing !== null) warnings.push(missingColumnWarning(file, resolved.missing, stepKey));
      noStep = new RowProblems(file, `Rows with no number under "${stepKey ?? ''}", placed at their row index`);
    }
    const raw = stepKey === null ? undefined : leaves.find(([name]) => name === stepKey)?.[1];
    let step = index;
    if (raw !== undefined) step = raw;
    else if (stepKey !== null) noStep?.add(entry);
    const wallLeaf = options.wall === null ? undefined : leaves.find(([name]) => name === options.wall);
    if (wallLeaf) wallSeen = true;
    const wall = wallLeaf?.[1] ?? Number.NaN;
    for (const [name, v] of leaves) if (name !== stepKey && name !== options.wall) series.push(name, step, v, wall);
    index++;
  }
  yield* series.records();
  const w = noStep?.warning();
  if (w) yield w;
  if (options.wall !== null && index > 0 && !wallSeen) yield missingWallWarning(file, options.wall);
  yield* warnings;
}
