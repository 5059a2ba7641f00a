import type { RunSummary } from '../../shared/domain/run';

/** W&B's default of runs per panel: enough to compare, few enough to read. */
export const AUTO_SELECT_MAX = 10;

/**
 * Runs that appear while nothing is selected start selected (up to AUTO_SELECT_MAX), so a new library shows curves
 * at once. Only runs not seen before count, so clearing the selection is respected until something new arrives.
 * Runs with points come first: a run with no scalars would draw nothing. Returns null when nothing should change.
 * `known` is null on the first answer (every run is new).
 */
export function autoSelection(known: ReadonlySet<string> | null, runs: readonly RunSummary[], selectedIds: readonly string[]): string[] | null {
  const exists = new Set(runs.map((r) => r.id));
  if (selectedIds.some((id) => exists.has(id))) return null;
  const fresh = runs.filter((r) => known === null || !known.has(r.id));
  const withPoints = fresh.filter((r) => r.pointCount > 0);
  if (withPoints.length === 0) return null;
  return withPoints.slice(0, AUTO_SELECT_MAX).map((r) => r.id);
}

/** The selection without runs that left the library (a removed folder); the same array when nothing left. */
export function pruneSelection(selectedIds: readonly string[], runs: readonly RunSummary[]): readonly string[] {
  const exists = new Set(runs.map((r) => r.id));
  return selectedIds.every((id) => exists.has(id)) ? selectedIds : selectedIds.filter((id) => exists.has(id));
}
