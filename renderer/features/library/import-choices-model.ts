import type { FolderTie, TableColumnChoice, TableColumns } from '../../../shared/domain/import-choices';

/** `<select>` values for the step column: the detected one, row numbers, or a named column (prefixed: any name works). */
export const STEP_DETECTED = 'detected';
export const STEP_ROW = 'row';
export const NO_WALL = 'none';
const COLUMN = 'column:';

export const columnValue = (name: string): string => `${COLUMN}${name}`;
const columnOf = (value: string): string | null => (value.startsWith(COLUMN) ? value.slice(COLUMN.length) : null);

/** The format a tied folder is read as now: the user's choice, else the first (registry order decides). */
export function formatInUse(tie: FolderTie): string {
  return tie.chosen ?? tie.formats[0] ?? '';
}

/** The folder as the user knows it: the source's name, then the path inside it. */
export function tieFolderLabel(tie: FolderTie, sourceName: string | undefined): string {
  const base = sourceName ?? tie.sourceId;
  return tie.folder === '' ? base : `${base}/${tie.folder}`;
}

export function stepSelectValue(c: TableColumns): string {
  if (c.choice === null) return STEP_DETECTED;
  return c.choice.step === null ? STEP_ROW : columnValue(c.choice.step);
}

export function wallSelectValue(c: TableColumns): string {
  return c.choice?.wall ? columnValue(c.choice.wall) : NO_WALL;
}

/**
 * The choice to store after one of the two selects changed. Null: everything is back to detection (no choice stored).
 * With only a wall column chosen, the step stays the detected column (or row numbers when none was detected).
 */
export function nextTableChoice(c: TableColumns, stepValue: string, wallValue: string): TableColumnChoice | null {
  const wall = columnOf(wallValue);
  if (stepValue === STEP_DETECTED) return wall === null ? null : { step: c.detectedStep, wall };
  const step = stepValue === STEP_ROW ? null : columnOf(stepValue);
  return { step, wall: wall === step ? null : wall };
}
