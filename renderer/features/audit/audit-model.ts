import type { AuditFinding, AuditKind, BehaviourPanel, BehaviourRow, Interval } from '../../../shared/domain/audit';

export const KIND_LABELS: Readonly<Record<AuditKind, string>> = {
  'synthetic-share': 'Synthetic share',
  'identity-drift': 'Identity drift',
  'template-gap': 'Template reliance',
  hallucination: 'Hallucination',
  bias: 'Bias',
  'negative-constraint': 'Negative constraints',
};

export const PANEL_LABELS: Readonly<Record<BehaviourPanel, string>> = {
  hallucination: 'Hallucination',
  bias: 'Bias',
  'negative-constraint': 'Negative-constraint instruction following',
  toxicity: 'Toxicity',
};

export const PANELS: readonly BehaviourPanel[] = ['hallucination', 'bias', 'negative-constraint', 'toxicity'];

/** A share or rate as a percentage; one decimal below 10 %, where a point matters. */
export function pct(x: number): string {
  const p = x * 100;
  return `${Math.abs(p) < 10 ? p.toFixed(1) : p.toFixed(0)} %`;
}

export function interval(ci: Interval | null, fmt: (x: number) => string = pct): string {
  return ci === null ? '' : `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

/** A behavioural number as the benchmark reports it (rates as %, gaps and scores as signed decimals). */
export function formatValue(r: Pick<BehaviourRow, 'value' | 'ideal'>): string {
  if (r.ideal === 0) return `${r.value >= 0 ? '+' : ''}${r.value.toFixed(3)}`;
  return r.value >= 0 && r.value <= 1 ? pct(r.value) : r.value.toFixed(3);
}

/** One line per (task, metric, label) with each run's value: the panel's table, runs as columns. */
export interface PanelLine {
  readonly key: string;
  readonly group: string;
  readonly task: string;
  readonly metric: string;
  readonly label: string;
  readonly ideal: number | null;
  readonly note: string | null;
  readonly byRun: ReadonlyMap<string, BehaviourRow>;
}

export function panelLines(rows: readonly BehaviourRow[], panel: BehaviourPanel): PanelLine[] {
  const out = new Map<string, { line: Omit<PanelLine, 'byRun'>; byRun: Map<string, BehaviourRow> }>();
  for (const r of rows) {
    if (r.panel !== panel) continue;
    const key = `${r.task}\u0000${r.metric}\u0000${r.label}`;
    let hit = out.get(key);
    if (!hit) {
      hit = { line: { key, group: r.group, task: r.task, metric: r.metric, label: r.label, ideal: r.ideal, note: r.note }, byRun: new Map() };
      out.set(key, hit);
    }
    hit.byRun.set(r.runId, r);
  }
  return [...out.values()].map((x) => ({ ...x.line, byRun: x.byRun })).sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label));
}

/** Findings of one kind, worst first (the service sorts by severity already; this keeps that order). */
export function findingsOf(findings: readonly AuditFinding[], kind: AuditKind): AuditFinding[] {
  return findings.filter((f) => f.kind === kind);
}
