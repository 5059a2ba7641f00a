import type { RunSummary } from '../../../shared/domain/run';

/** Per-sample review of 2–4 evaluated runs (issue 8 §3). SKELETON: the helper session fills this in. */
export function SamplesPanel({ runs, colors }: { runs: readonly RunSummary[]; colors: ReadonlyMap<string, string> }) {
  void colors;
  if (runs.length < 2) return null;
  return null;
}
