import type { ImportRecord, ResumeState } from '../../../shared/importers/records';
import { numberIn, stateObject } from '../../../shared/importers/resume-state';
import type { TextFrom } from '../shared-text';
import { ABORT_CHECK_ROWS, jsonlLineWarning, readJsonl, RowProblems, SeriesCollector, splitLines, TEXT_START, textResumePoint } from '../shared-text';
import { numericLeaves, stepColumnOf } from './columns';
import type { TableOptions } from './options';
import { DETECTED, resolveStepColumn } from './options';
import { missingColumnWarning, missingWallWarning } from './warnings';

/**
 * A JSONL metrics table: each object is a row; its numbers (nested objects joined with `/`) are points at the row's
 * step. The step key is chosen on the first row (the user's choice when it is there); a row without a numeric step
 * takes its row index. A chosen wall-time key gives each point its row's wall time and is not a series.
 *
 * `from`/`state`: a live file read on from an earlier read's resume point; the state carries the step key the first
 * row decided and the rows counted, so the new rows get the same step key and row indexes as one whole read.
 */
export function* parseJsonlTable(file: string, bytes: Uint8Array, signal: AbortSignal, options: TableOptions = DETECTED, from: TextFrom = TEXT_START, state?: ResumeState): Generator<ImportRecord> {
  const series = new SeriesCollector(options.wall !== null);
  const warnings: ImportRecord[] = [];
  let stepKey = stepKeyIn(state);
  let noStep: RowProblems | null = stepKey === undefined ? null : noStepProblems(file, stepKey);
  const rowsBefore = numberIn(state, 'rows') ?? 0;
  let index = rowsBefore;
  let n = 0;
  let wallSeen = false;
  let unfinished: { lineNo: number; offset: number } | null = null;
  const text = splitLines(bytes, from);
  for (const entry of readJsonl(text)) {
    if (n++ % ABORT_CHECK_ROWS === 0 && signal.aborted) return;
    if (entry.kind === 'bad') {
      if (entry.isTail) unfinished = entry;
      warnings.push(jsonlLineWarning(file, entry));
      continue;
    }
    const leaves = numericLeaves(entry.value);
    if (stepKey === undefined) {
      const names = leaves.map(([name]) => name);
      // Detection looks at top-level keys only (as it always has); a chosen key may be a nested leaf.
      const resolved = resolveStepColumn(names, options, () => stepColumnOf(Object.keys(entry.value)));
      stepKey = resolved.column;
      if (resolved.missing !== null) warnings.push(missingColumnWarning(file, resolved.missing, stepKey));
      noStep = noStepProblems(file, stepKey);
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
  if (options.wall !== null && index > rowsBefore && !wallSeen) yield missingWallWarning(file, options.wall);
  yield* warnings;
  // Before any row the step key is undecided: the state says so by leaving it out.
  const next: { [key: string]: ResumeState } = { rows: index };
  if (stepKey !== undefined) next['stepKey'] = stepKey;
  yield textResumePoint(file, text, from, bytes.length, unfinished, next);
}

function noStepProblems(file: string, stepKey: string | null): RowProblems {
  return new RowProblems(file, `Rows with no number under "${stepKey ?? ''}", placed at their row index`);
}

/** The step key an earlier read decided (null: row indexes), or undefined when it saw no row yet. */
function stepKeyIn(state: ResumeState | undefined): string | null | undefined {
  const obj = stateObject(state);
  if (obj === null || !('stepKey' in obj)) return undefined;
  const v = obj['stepKey'];
  return typeof v === 'string' || v === null ? v : undefined;
}
