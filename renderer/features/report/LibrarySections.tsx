import type { ReportSection } from '../../../shared/domain/report';
import type { RunSummary } from '../../../shared/domain/run';
import { formatDuration, formatValue } from '../../components/format';
import { configDiff, configText } from '../../../shared/analysis/review/config-diff';
import { useMemo } from 'react';
import { useAnnotations, useFindings } from '../../data/queries';
import { resolveColumns } from '../review/review-columns';
import { useColumnConfigs } from '../review/use-column-configs';
import { useSectionReady } from './use-section-ready';

type Spec<K extends ReportSection['kind']> = Extract<ReportSection, { kind: K }>;

/** The runs the report is about: what they are and how far they got. */
export function RunsSection({ spec, runs }: { spec: Spec<'runs'>; runs: ReadonlyMap<string, RunSummary> }) {
  const list = spec.runIds.flatMap((id) => runs.get(id) ?? []);
  return (
    <table className="report-table" data-testid="report.runs-table">
      <thead>
        <tr>
          <th>Run</th>
          <th>Format</th>
          <th>Status</th>
          <th className="num">Last step</th>
          <th className="num">Last loss</th>
          <th className="num">Span</th>
          <th>Folder</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.id}>
            <td>{r.name}</td>
            <td>{r.format}</td>
            <td>{r.status}</td>
            <td className="num">{formatValue(r.lastStep)}</td>
            <td className="num">{r.lastLoss ? `${formatValue(r.lastLoss.value)} (${r.lastLoss.metric})` : '–'}</td>
            <td className="num">{r.wallStartSec !== null && r.wallEndSec !== null ? formatDuration(r.wallEndSec - r.wallStartSec) : '–'}</td>
            <td>{r.path === '' ? '.' : r.path}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Findings of the runs, each with the step it is pinned to and its explanation. */
export function FindingsSection({ spec, runs, sectionKey }: { spec: Spec<'findings'>; runs: ReadonlyMap<string, RunSummary>; sectionKey: string }) {
  const q = useFindings(spec.runIds);
  useSectionReady(sectionKey, spec.runIds.length === 0 ? 'ready' : q.error ? 'error' : q.data ? 'ready' : 'loading');
  const all = (q.data ?? []).flatMap((rf) => rf.findings.map((f) => ({ run: runs.get(rf.runId)?.name ?? rf.runId, f })));
  if (q.data && all.length === 0) return <p>No findings on these runs.</p>;
  return (
    <ul className="report-list" data-testid="report.findings">
      {all.map(({ run, f }) => (
        <li key={`${run}|${f.kind}|${f.metric}|${f.step}`}>
          <strong>{run}</strong> · {f.metric} at step {formatValue(f.step)} ({f.severity}): {f.title}. <span className="muted">{f.explanation}</span>
        </li>
      ))}
    </ul>
  );
}

/** The workspace's notes on these runs' charts (and chart-wide notes), by metric and step. */
export function NotesSection({ spec, runs, sectionKey }: { spec: Spec<'notes'>; runs: ReadonlyMap<string, RunSummary>; sectionKey: string }) {
  const q = useAnnotations();
  useSectionReady(sectionKey, q.error ? 'error' : q.data ? 'ready' : 'loading');
  const wanted = new Set(spec.runIds);
  const notes = (q.data ?? []).filter((a) => {
    const t = a.target;
    if (spec.runIds.length === 0) return true;
    if (t.kind === 'chart') return t.runId === null || wanted.has(t.runId);
    if (t.kind === 'run' || t.kind === 'finding') return wanted.has(t.runId);
    return true;
  });
  if (q.data && notes.length === 0) return <p>No notes.</p>;
  return (
    <ul className="report-list" data-testid="report.notes">
      {notes.map((a) => {
        const t = a.target;
        const where =
          t.kind === 'chart'
            ? `${t.metric}, ${t.stepEnd === null ? `step ${t.step}` : `steps ${t.step}–${t.stepEnd}`}${t.runId ? ` (${runs.get(t.runId)?.name ?? t.runId})` : ''}`
            : t.kind === 'run'
              ? `run ${runs.get(t.runId)?.name ?? t.runId}`
              : t.kind === 'finding'
                ? `${t.findingKind} on ${t.metric} at step ${t.step}`
                : `${t.task} ${t.metric}`;
        return (
          <li key={a.id}>
            <strong>{where}</strong>: <span className="note-text">{a.text}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Characters of a config value printed; longer values are cut with an ellipsis. */
const PRINT_VALUE_CHARS = 120;

/** The keys the runs' configs differ on, side by side (the Review view's table, differences only). */
export function ReviewSection({ spec, runs, sectionKey }: { spec: Spec<'review'>; runs: ReadonlyMap<string, RunSummary>; sectionKey: string }) {
  const columns = useMemo(() => resolveColumns(spec.subjects ?? spec.runIds.map((runId) => ({ runId, checkpoint: null })), [...runs.values()]), [spec.subjects, spec.runIds, runs]);
  const keys = columns.map((c) => c.key);
  const { entries, error } = useColumnConfigs(columns);
  useSectionReady(sectionKey, columns.length === 0 ? 'ready' : error ? 'error' : entries ? 'ready' : 'loading');
  const rows = configDiff(keys, entries ?? []);
  const differing = rows.filter((r) => r.isDifferent);
  const cut = (s: string) => (s.length > PRINT_VALUE_CHARS ? `${s.slice(0, PRINT_VALUE_CHARS - 1)}…` : s);
  if (entries && differing.length === 0) return <p>The {columns.length} configs agree on all {rows.length} keys.</p>;
  return (
    <>
      <p>
        {differing.length} of {rows.length} config keys differ.
      </p>
      <table className="report-table" data-testid="report.review-table">
        <thead>
          <tr>
            <th>Key</th>
            {columns.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {differing.map((r) => (
            <tr key={r.key}>
              <td>{r.key}</td>
              {r.values.map((v, i) => (
                <td key={keys[i] ?? i} className="report-path">
                  {cut(configText(v))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
