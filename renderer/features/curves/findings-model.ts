import type { Finding, RunFindings } from '../../../shared/analysis/findings/types';
import { formatValue } from '../../components/format';

/** One row of the findings panel: a finding with the run it belongs to. */
export interface FindingRow {
  readonly key: string;
  readonly runId: string;
  readonly runName: string;
  readonly finding: Finding;
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/** Rows for the panel in run order (the order runs were picked), then most severe first, then by step. */
export function findingRows(results: readonly RunFindings[], runs: readonly { id: string; name: string }[]): FindingRow[] {
  const byRun = new Map(results.map((r) => [r.runId, r.findings]));
  const rows: FindingRow[] = [];
  for (const run of runs) {
    const list = [...(byRun.get(run.id) ?? [])].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.step - b.step);
    list.forEach((f, i) => rows.push({ key: `${run.id}:${f.kind}:${f.metric}:${f.step}:${i}`, runId: run.id, runName: run.name, finding: f }));
  }
  return rows;
}

/** The evidence and thresholds as label/value pairs, numbers formatted the way the charts format them. */
export function evidenceEntries(f: Finding): { label: string; value: string }[] {
  const show = (v: number | null) => (v === null ? '—' : formatValue(v));
  return [
    ...Object.entries(f.evidence).map(([label, v]) => ({ label, value: show(v) })),
    ...Object.entries(f.thresholds).map(([label, v]) => ({ label: `threshold: ${label}`, value: show(v) })),
  ];
}
