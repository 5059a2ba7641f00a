import type { WarningRecord } from '../../../shared/importers/records';

/** The user chose a step column this file does not have (renamed since, or another file of the run). */
export function missingColumnWarning(file: string, chosen: string, used: string | null): WarningRecord {
  const fallback = used === null ? 'row numbers are the steps' : `"${used}" is the step column`;
  return { kind: 'warning', file, offset: null, message: `The chosen step column "${chosen}" is not in this file; ${fallback}.` };
}

/** The user chose a wall-time column this file does not have. */
export function missingWallWarning(file: string, chosen: string): WarningRecord {
  return { kind: 'warning', file, offset: null, message: `The chosen wall-time column "${chosen}" is not in this file; its points have no wall time.` };
}
