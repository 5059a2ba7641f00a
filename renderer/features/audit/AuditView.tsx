import { useMemo, useState } from 'react';
import type { AuditFinding, AuditResult, IdentityDrift, MixtureAudit, TemplateGap } from '../../../shared/domain/audit';
import { DEFAULT_SYNTHETIC_CAP } from '../../../shared/domain/audit';
import type { RunSummary } from '../../../shared/domain/run';
import { useAudit } from '../../data/queries';
import { formatValue, interval, KIND_LABELS, PANEL_LABELS, PANELS, panelLines, pct } from './audit-model';

/** The contract's limit on runs per audit request. */
const MAX_RUNS = 200;

/** Finding text marks names with backticks (`math`): shown as code, never as markup. */
function Ticks({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

export function FindingList({ findings, names }: { findings: readonly AuditFinding[]; names: ReadonlyMap<string, string> }) {
  if (findings.length === 0) return <p className="muted" data-testid="audit.no-findings">No audit finding: nothing crossed its threshold.</p>;
  return (
    <ul className="audit-findings">
      {findings.map((f) => (
        <li key={f.id} className={`audit-finding severity-${f.severity}`} data-testid="audit.finding" data-kind={f.kind} data-severity={f.severity} data-run-id={f.runId} data-subject={f.subject}>
          <div>
            <span className={`chip severity-${f.severity}`}>{f.severity}</span> <span className="muted small">{KIND_LABELS[f.kind]}</span> <strong>
              <Ticks text={f.title} />
            </strong>{' '}
            <span className="muted small">({names.get(f.runId) ?? f.runId})</span>
          </div>
          <p className="small">
            <Ticks text={f.evidence} />
          </p>
          <p className="small muted">
            Value {f.value.toFixed(3)}
            {f.ci ? ` ${interval(f.ci, (x) => x.toFixed(3))}` : ''} against threshold {f.threshold.toFixed(3)}. Fix: <Ticks text={f.fix} /> <em>{f.source}</em>
          </p>
        </li>
      ))}
    </ul>
  );
}

export function MixturePanel({ m, name }: { m: MixtureAudit; name: string }) {
  const unit = m.unit === 'tokens' ? 'tokens' : 'rows';
  return (
    <div className="audit-mixture" data-testid="audit.mixture" data-file={m.file}>
      <p className="small">
        <strong>{m.file}</strong> <span className="muted">({name}; {m.format}; sizes in {unit}, exposure = size × epochs)</span>
      </p>
      <table className="evidence">
        <thead>
          <tr>
            <th>Domain</th>
            <th>Real vs synthetic exposure (cap as a tick)</th>
            <th>Synthetic share</th>
            <th>Cap</th>
            <th>To drop</th>
            <th>Top generator</th>
          </tr>
        </thead>
        <tbody>
          {m.domains.map((d) => (
            <tr key={d.domain} data-testid="audit.domain" data-domain={d.domain} data-breach={d.breach} data-share={d.share.toFixed(4)}>
              <td>{d.domain}</td>
              <td>
                <div className="share-bar" role="img" aria-label={`${pct(d.share)} synthetic, cap ${pct(d.cap)}`}>
                  <div className="share-bar-syn" style={{ width: `${(d.share * 100).toFixed(2)}%` }} />
                  <div className="share-bar-cap" style={{ left: `${(d.cap * 100).toFixed(2)}%` }} />
                </div>
              </td>
              <td className={d.breach ? 'error-text' : undefined}>
                {pct(d.share)} {d.rawShare !== d.share && <span className="muted small">(raw {pct(d.rawShare)})</span>}
              </td>
              <td>{pct(d.cap)}</td>
              <td>{d.dropToMeet > 0 ? `${Math.ceil(d.dropToMeet).toLocaleString('en-US')} ${unit}` : '–'}</td>
              <td>{d.topGenerator ? `${d.topGenerator.name} (${pct(d.topGenerator.share)})` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {m.warnings.length > 0 && (
        <ul className="small muted">
          {m.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function IdentityPanel({ drift, names }: { drift: IdentityDrift; names: ReadonlyMap<string, string> }) {
  const max = Math.max(0.05, ...drift.points.map((p) => p.ci[1]));
  return (
    <table className="evidence" data-testid="audit.identity">
      <thead>
        <tr>
          <th>Checkpoint</th>
          <th>Names another assistant</th>
          <th>Rate [Wilson 95 %]</th>
          <th>Example</th>
        </tr>
      </thead>
      <tbody>
        {drift.points.map((p) => (
          <tr key={p.runId} data-testid="audit.identity-point" data-run-id={p.runId} data-rate={p.rate.toFixed(4)} data-base={p.runId === drift.baseRunId}>
            <td>
              {names.get(p.runId) ?? p.runId}
              {p.runId === drift.baseRunId && <span className="muted small"> (reference)</span>}
              {p.step !== null && <span className="muted small"> step {p.step}</span>}
            </td>
            <td>
              <div className="share-bar" role="img" aria-label={`${pct(p.rate)} of responses`}>
                <div className="share-bar-ci" style={{ left: `${((p.ci[0] / max) * 100).toFixed(2)}%`, width: `${(((p.ci[1] - p.ci[0]) / max) * 100).toFixed(2)}%` }} />
                <div className="share-bar-syn" style={{ width: `${((p.rate / max) * 100).toFixed(2)}%` }} />
              </div>
            </td>
            <td>
              {p.hits} / {p.responses} = {pct(p.rate)} <span className="muted small">{interval(p.ci)}</span>
            </td>
            <td className="small">{p.examples[0] ? <q>{p.examples[0].response.slice(0, 160)}</q> : <span className="muted">–</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TemplatePanel({ gaps, names }: { gaps: readonly TemplateGap[]; names: ReadonlyMap<string, string> }) {
  return (
    <table className="evidence" data-testid="audit.templates">
      <thead>
        <tr>
          <th>Run</th>
          <th>Task / domain</th>
          <th>Accuracy per prompt variant</th>
          <th>Gap [95 %]</th>
          <th>Consistent groups</th>
        </tr>
      </thead>
      <tbody>
        {gaps.flatMap((g) =>
          g.domains.map((d) => (
            <tr key={`${g.runId}:${g.task}:${d.domain}`} data-testid="audit.template-domain" data-run-id={g.runId} data-domain={d.domain} data-gap={d.gap.toFixed(4)}>
              <td>{names.get(g.runId) ?? g.runId}</td>
              <td>
                {g.task} / {d.domain}
              </td>
              <td className="small">{d.variants.map((v) => `${v.variant}: ${pct(v.acc)} (n=${v.n})`).join(' · ')}</td>
              <td>
                {pct(d.gap)} <span className="muted small">{interval(d.gapCi)}</span>
              </td>
              <td>
                {pct(d.consistency)} <span className="muted small">of {d.groups}</span>
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

export function BehaviourPanels({ result, runIds, names }: { result: AuditResult; runIds: readonly string[]; names: ReadonlyMap<string, string> }) {
  return (
    <>
      {PANELS.map((panel) => {
        const lines = panelLines(result.behaviour, panel);
        if (lines.length === 0) return null;
        const cols = runIds.filter((id) => lines.some((l) => l.byRun.has(id)));
        return (
          <div key={panel} className="audit-panel" data-testid="audit.behaviour" data-panel={panel}>
            <h4>{PANEL_LABELS[panel]}</h4>
            <table className="evidence">
              <thead>
                <tr>
                  <th>Group</th>
                  <th>Measure</th>
                  {cols.map((id) => (
                    <th key={id}>{names.get(id) ?? id}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.key} data-testid="audit.behaviour-row" data-task={l.task} data-metric={l.metric} data-group={l.group}>
                    <td className="small">{l.group}</td>
                    <td className="small" title={l.note ?? undefined}>
                      {l.label}
                      {l.ideal !== null && <span className="muted"> (ideal {l.ideal})</span>}
                      {l.note && <span className="muted"> — {l.note}</span>}
                    </td>
                    {cols.map((id) => {
                      const r = l.byRun.get(id);
                      return (
                        <td key={id} data-run-id={id} data-value={r?.value ?? ''}>
                          {r ? formatValue(r) : '–'}
                          {r?.stderr != null && <span className="muted small"> ±{(1.96 * r.stderr).toFixed(3)}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}

/**
 * Data and behaviour audit (issue 10): what the selected runs' mixture files, logged generations and evals say about
 * synthetic data, identity, template reliance, hallucination, bias and negative constraints. The first selected run
 * is the reference unless one is named base.
 */
export function AuditView({ selectedRuns }: { selectedRuns: readonly RunSummary[] }) {
  const runs = selectedRuns.slice(0, MAX_RUNS);
  const [capPct, setCapPct] = useState(Math.round(DEFAULT_SYNTHETIC_CAP * 100));
  const q = useAudit(
    runs.map((r) => r.id),
    capPct / 100,
  );
  const names = useMemo(() => new Map(runs.map((r) => [r.id, r.name])), [runs]);
  const r = q.data;
  return (
    <section className="audit-view audit-tables" aria-label="Audit" data-testid="audit.view" data-state={runs.length === 0 ? 'empty' : r ? 'ready' : 'loading'}>
      {runs.length === 0 && <p className="empty">Select runs (training runs with a data mixture, evaluated checkpoints) to audit their data and behaviour.</p>}
      {q.error && <p className="error-text">{q.error.message}</p>}
      {runs.length > 0 && (
        <div className="section-head">
          <label className="small">
            Synthetic-share cap{' '}
            <input type="number" min={0} max={100} step={1} value={capPct} data-testid="audit.cap" onChange={(e) => setCapPct(Math.max(0, Math.min(100, Number(e.currentTarget.value) || 0)))} /> %
          </label>
          <span className="muted small">a policy, not a published threshold: no paper gives a safe universal cap (analyses.md §1.3 A); a mixture file's own caps win</span>
        </div>
      )}
      {r && (
        <>
          <h3>Findings</h3>
          <FindingList findings={r.findings} names={names} />
          <h3>Data mixture</h3>
          {r.mixtures.length === 0 ? (
            <p className="muted small" data-testid="audit.no-mixture">
              No mixture description beside these runs (data_mixture.json/yaml, LLaMA-Factory dataset_info.json, a dataset card): see docs/mixture-format.md.
            </p>
          ) : (
            r.mixtures.map((m) => <MixturePanel key={`${m.runId}:${m.file}`} m={m} name={names.get(m.runId) ?? m.runId} />)
          )}
          <h3>Identity</h3>
          {r.identity ? <IdentityPanel drift={r.identity} names={names} /> : <p className="muted small">No logged generations to scan for self-identification.</p>}
          <h3>Template reliance</h3>
          {r.templates.length > 0 ? <TemplatePanel gaps={r.templates} names={names} /> : <p className="muted small">No paraphrase groups or prompt variants among the logged samples.</p>}
          <h3>Behaviour</h3>
          {r.behaviour.length > 0 ? <BehaviourPanels result={r} runIds={runs.map((x) => x.id)} names={names} /> : <p className="muted small">No hallucination, bias, instruction-following or toxicity benchmarks among these runs' evals.</p>}
        </>
      )}
    </section>
  );
}
