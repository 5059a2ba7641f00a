import type { ReportSection } from '../../../shared/domain/report';
import type { RunSummary } from '../../../shared/domain/run';
import { useAudit } from '../../data/queries';
import { BehaviourPanels, FindingList, IdentityPanel, MixturePanel, TemplatePanel } from '../audit/AuditView';
import { useSectionReady } from './use-section-ready';

type Spec = Extract<ReportSection, { kind: 'audit' }>;

/**
 * The one-page audit of analyses.md §1.4/§3.4 in a report: findings with their evidence and thresholds first, then the
 * panels that have data, drawn by the same components as the Audit tab (HTML tables and bars: vector in the PDF).
 */
export function AuditSection({ spec, runs, sectionKey }: { spec: Spec; runs: ReadonlyMap<string, RunSummary>; sectionKey: string }) {
  const q = useAudit(spec.runIds, spec.cap);
  useSectionReady(sectionKey, spec.runIds.length === 0 ? 'ready' : q.error ? 'error' : q.data ? 'ready' : 'loading');
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  const r = q.data;
  if (!r) return null;
  const names = new Map(spec.runIds.map((id) => [id, runs.get(id)?.name ?? id]));
  return (
    <div className="audit-tables" data-testid="report.audit">
      <FindingList findings={r.findings} names={names} />
      {r.mixtures.map((m) => (
        <MixturePanel key={`${m.runId}:${m.file}`} m={m} name={names.get(m.runId) ?? m.runId} />
      ))}
      {r.identity && <IdentityPanel drift={r.identity} names={names} />}
      {r.templates.length > 0 && <TemplatePanel gaps={r.templates} names={names} />}
      {r.behaviour.length > 0 && <BehaviourPanels result={r} runIds={spec.runIds} names={names} />}
      <p className="muted small">Synthetic-share cap {Math.round(spec.cap * 100)} % (policy). Intervals are 95 %: Wilson for rates, stderr-based (unpaired) for benchmark deltas, paired bootstrap for template gaps.</p>
    </div>
  );
}
