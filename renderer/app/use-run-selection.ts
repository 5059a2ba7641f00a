import { useEffect, useRef } from 'react';
import type { RunSummary } from '../../shared/domain/run';
import { autoSelection, pruneSelection } from '../state/auto-select';
import { appStore } from '../state/store';

/** Keeps the selection in step with the library: new runs start selected when nothing is; gone runs leave it. */
export function useRunSelection(runs: readonly RunSummary[] | undefined): void {
  const known = useRef<ReadonlySet<string> | null>(null);
  useEffect(() => {
    if (runs === undefined) return;
    const s = appStore.getState();
    const pruned = pruneSelection(s.selectedRunIds, runs);
    const auto = autoSelection(known.current, runs, pruned);
    if (auto) s.setSelectedRuns(auto);
    else if (pruned !== s.selectedRunIds) s.setSelectedRuns(pruned);
    known.current = new Set(runs.map((r) => r.id));
  }, [runs]);
}
