import type { ImportWarning, RunSummary } from '../../../shared/domain/run';

export interface WarningGroup {
  /** null: notes about a folder rather than one run. */
  readonly runId: string | null;
  readonly title: string;
  readonly warnings: readonly ImportWarning[];
}

/** Warnings grouped by run, in the runs' order; folder-level notes first. */
export function groupWarnings(warnings: readonly ImportWarning[], runs: readonly RunSummary[]): WarningGroup[] {
  const byRun = new Map<string | null, ImportWarning[]>();
  for (const w of warnings) {
    const list = byRun.get(w.runId);
    if (list) list.push(w);
    else byRun.set(w.runId, [w]);
  }
  const order = new Map(runs.map((r, i) => [r.id, i]));
  const names = new Map(runs.map((r) => [r.id, r.name]));
  return [...byRun.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity)))
    .map(([runId, ws]) => ({ runId, title: runId === null ? 'Folder notes' : (names.get(runId) ?? runId), warnings: ws }));
}

/** Where in the file: "byte 1,234" (the importers report byte offsets), or nothing. */
export function offsetText(offset: number | null): string {
  return offset === null ? '' : `byte ${offset.toLocaleString('en-US')}`;
}
