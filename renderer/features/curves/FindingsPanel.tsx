import { useMemo, useState } from 'react';
import { useFindings } from '../../data/queries';
import { NoteButton } from '../notes/NoteButton';
import { appStore } from '../../state/store';
import { evidenceEntries, findingRows } from './findings-model';

/** The contract's limit on runs per findings request. */
const MAX_RUNS = 200;

export interface FindingsPanelProps {
  /** Plotted runs, in pick order. */
  readonly runs: readonly { id: string; name: string; color: string }[];
}

/**
 * Findings on the selected runs (spikes, NaN/Inf onset, divergence, plateaus, overfitting: shared/analysis/findings),
 * one row each; clicking a row shows its explanation and the numbers it was decided on.
 */
export function FindingsPanel({ runs }: FindingsPanelProps) {
  const plotted = useMemo(() => runs.slice(0, MAX_RUNS), [runs]);
  const q = useFindings(plotted.map((r) => r.id));
  const rows = useMemo(() => findingRows(q.data ?? [], plotted), [q.data, plotted]);
  const colors = useMemo(() => new Map(plotted.map((r) => [r.id, r.color])), [plotted]);
  const [open, setOpen] = useState<string | null>(null);
  if (plotted.length === 0) return null;
  return (
    <section className="findings-panel" aria-label="Findings" data-testid="findings.panel">
      <h3 className="findings-title">
        Findings {q.data !== undefined && <span className="count">({rows.length})</span>}
        {q.isFetching && <span className="muted"> · analysing…</span>}
      </h3>
      {q.error && <p className="error">Could not compute findings: {q.error.message}</p>}
      {q.data !== undefined && rows.length === 0 && <p className="empty">No spikes, NaNs, divergence, plateaus or overfitting found in the selected runs.</p>}
      {rows.length > 0 && (
        <ul className="findings-list" style={{ maxHeight: '16rem', overflowY: 'auto', listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((row) => {
            const f = row.finding;
            const expanded = open === row.key;
            return (
              <li key={row.key} data-testid="findings.item" data-kind={f.kind} data-step={f.step} data-run={row.runId} data-metric={f.metric} data-severity={f.severity}>
                <button type="button" className={`finding finding-${f.severity}`} aria-expanded={expanded} onClick={() => setOpen(expanded ? null : row.key)}>
                  <span className="swatch" style={{ background: colors.get(row.runId) ?? '#888888', display: 'inline-block', width: '0.6em', height: '0.6em', marginRight: '0.4em' }} />
                  <span className="severity">{f.severity}</span> <span className="run-name">{row.runName}</span>: {f.title}
                </button>
                {expanded && (
                  <div className="finding-detail" data-testid="findings.detail">
                    <p>{f.explanation}</p>
                    <table className="evidence">
                      <tbody>
                        {evidenceEntries(f).map((e) => (
                          <tr key={e.label}>
                            <th scope="row">{e.label}</th>
                            <td>{e.value}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p className="muted">Rule: {f.source}. Metrics read: {f.metrics.join(', ')}.</p>
                    {f.log && (
                      <button type="button" className="link small" data-testid="findings.open-log" onClick={() => f.log && appStore.getState().openLog({ runId: row.runId, file: f.log.file, line: f.log.line })}>
                        Open {f.log.file} at line {f.log.line}
                      </button>
                    )}
                    <NoteButton target={{ kind: 'finding', runId: row.runId, metric: f.metric, findingKind: f.kind, step: f.step }} label={f.title} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
