import type { ImportRecord } from '../../../shared/importers/records';
import { ABORT_CHECK_ROWS, badLineWarning, readJsonl, RowProblems, SeriesCollector, splitLines, unfinishedLineWarning } from '../shared-text';
import { numericLeaves, stepColumnOf } from './columns';

/**
 * A JSONL metrics table: each object is a row; its numbers (nested objects joined with `/`) are points at the row's
 * step. The step key is chosen on the first row; a row without a numeric step takes its row index.
 */
export function* parseJsonlTable(file: string, bytes: Uint8Array, signal: AbortSignal): Generator<ImportRecord> {
  const series = new SeriesCollector();
  const warnings: ImportRecord[] = [];
  let stepKey: string | null | undefined;
  let noStep: RowProblems | null = null;
  let index = 0;
  for (const entry of readJsonl(splitLines(bytes))) {
    if (index % ABORT_CHECK_ROWS === 0 && signal.aborted) return;
    if (entry.kind === 'bad') {
      warnings.push(entry.isTail ? unfinishedLineWarning(file, entry) : badLineWarning(file, entry, entry.reason));
      continue;
    }
    if (stepKey === undefined) {
      stepKey = stepColumnOf(Object.keys(entry.value));
      noStep = new RowProblems(file, `Rows with no number under "${stepKey ?? ''}", placed at their row index`);
    }
    const raw = stepKey === null ? undefined : entry.value[stepKey];
    let step = index;
    if (typeof raw === 'number') step = raw;
    else if (stepKey !== null) noStep?.add(entry);
    for (const [name, v] of numericLeaves(entry.value)) if (name !== stepKey) series.push(name, step, v);
    index++;
  }
  yield* series.records();
  const w = noStep?.warning();
  if (w) yield w;
  yield* warnings;
}
