import { useEffect, useState } from 'react';
import type { ReportSection, ReportSectionKind, ReportSpec } from '../../../shared/domain/report';
import { SECTION_TITLES, sectionTitle } from '../../../shared/domain/report';
import type { RunSummary } from '../../../shared/domain/run';
import { formatDate } from '../../components/format';
import { useTransport } from '../../data/host';
import { useQuery, useQueryCache } from '../../data/query-cache';
import { appStore, useApp } from '../../state/store';
import { downloadBlob } from '../curves/download';
import { currentSubjects } from '../review/review-columns';
import type { ComposeContext } from '../../../shared/report/compose';
import { moveSection, newReport, newReportId, newSection } from '../../../shared/report/compose';
import { ReportPage } from './ReportPage';

const ADDABLE: readonly ReportSectionKind[] = ['text', 'runs', 'curves', 'findings', 'diagnosis', 'audit', 'review', 'comparison', 'plane', 'robustness', 'notes'];

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** One section's row in the composer: what it shows, and its own settings where it has some. */
function SectionEditor({ s, onChange }: { s: ReportSection; onChange: (s: ReportSection) => void }) {
  if (s.kind === 'text') {
    return (
      <div className="report-edit-text">
        <input aria-label="Section title" data-testid="report.text-title" value={s.title} onChange={(e) => onChange({ ...s, title: e.currentTarget.value })} />
        <textarea aria-label="Section text (Markdown)" data-testid="report.text-body" rows={4} value={s.markdown} onChange={(e) => onChange({ ...s, markdown: e.currentTarget.value })} placeholder="Markdown: **bold**, *italic*, - lists, # headings, [links](https://…)" />
      </div>
    );
  }
  if (s.kind === 'curves') {
    return (
      <label className="small">
        metrics{' '}
        <input
          aria-label="Metrics (comma-separated)"
          data-testid="report.curves-metrics"
          defaultValue={s.metrics.join(', ')}
          onBlur={(e) => {
            const metrics = e.currentTarget.value.split(',').map((m) => m.trim()).filter((m) => m !== '');
            if (metrics.length > 0) onChange({ ...s, metrics });
          }}
        />
      </label>
    );
  }
  return <span className="muted small">{s.runIds.length} runs</span>;
}

/**
 * The report composer (issue 7): title, authors, date and ordered sections made from what is selected now, a live
 * preview (the page the PDF prints), saved as a spec in the workspace; PDF export prints it with the browser engine.
 */
export function ReportComposer({ selectedRuns }: { selectedRuns: readonly RunSummary[] }) {
  const t = useTransport();
  const cache = useQueryCache();
  const list = useQuery(['report:list'], () => t.call('report:list', {}));
  const [spec, setSpec] = useState<ReportSpec | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ctx: ComposeContext = {
    selectedRuns,
    pinnedMetrics: useApp((s) => s.pinnedCharts),
    smoothing: useApp((s) => s.smoothing),
    x: useApp((s) => s.xAxis),
    compareBaseline: useApp((s) => s.compareBaseline),
    sweepMetric: useApp((s) => s.sweepMetric),
    reviewSubjects: currentSubjects(useApp((s) => s.reviewSubjects), selectedRuns),
  };
  const first = list.data?.[0]?.id ?? null;
  // Opens the newest saved report the first time the list arrives.
  useEffect(() => {
    if (spec !== null || first === null) return;
    t.call('report:get', { id: first }).then(setSpec, () => undefined);
  }, [first, spec, t]);

  const act = async (what: string, fn: () => Promise<void>) => {
    setBusy(true);
    setStatus(null);
    try {
      await fn();
    } catch (err) {
      appStore.getState().report(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  /** Every export prints the saved spec: save first, so the file shows what the preview shows. */
  const persist = async (s: ReportSpec): Promise<ReportSpec> => {
    const saved = await t.call('report:save', s);
    setSpec(saved);
    await cache.invalidate((k) => k[0] === 'report:list' || k[0] === 'report:get');
    return saved;
  };
  const save = (s: ReportSpec) =>
    act('Saving the report', async () => {
      await persist(s);
      setStatus('Saved.');
    });
  const exportPdf = (s: ReportSpec) =>
    act('PDF export', async () => {
      const pdf = await t.call('report:export-pdf', { id: (await persist(s)).id });
      downloadBlob(pdf.fileName, new Blob([base64ToBytes(pdf.pdfBase64)], { type: 'application/pdf' }));
      setStatus(`Exported ${pdf.fileName} (${Math.round(pdf.bytes / 1024)} KB).`);
    });
  const exportHtml = (s: ReportSpec) =>
    act('HTML export', async () => {
      const out = await t.call('report:export-html', { id: (await persist(s)).id });
      downloadBlob(out.fileName, new Blob([out.html], { type: 'text/html;charset=utf-8' }));
      setStatus(`Exported ${out.fileName}.`);
    });
  const exportData = (s: ReportSpec, format: 'csv' | 'parquet') =>
    act('Data export', async () => {
      const out = await t.call('report:export-data', { id: (await persist(s)).id, format });
      downloadBlob(out.fileName, new Blob([base64ToBytes(out.base64)], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.apache.parquet' }));
      setStatus(`Exported ${out.fileName}${out.rows !== null ? ` (${out.rows.toLocaleString('en-US')} rows)` : ''}.`);
    });
  const create = () => {
    const now = Date.now();
    setSpec(newReport(newReportId(now), ctx, formatDate(now / 1000), now));
  };
  const update = (patch: Partial<ReportSpec>) => setSpec((s) => (s ? { ...s, ...patch } : s));
  const setSection = (i: number, next: ReportSection | null) => setSpec((s) => (s ? { ...s, sections: next === null ? s.sections.filter((_, j) => j !== i) : s.sections.map((x, j) => (j === i ? next : x)) } : s));

  return (
    <section className="report-composer" aria-label="Report" data-testid="report.composer">
      <div className="section-head">
        <select
          aria-label="Saved reports"
          data-testid="report.pick"
          value={spec?.id ?? ''}
          onChange={(e) => {
            const id = e.currentTarget.value;
            if (id) void act('Opening the report', async () => setSpec(await t.call('report:get', { id })));
          }}
        >
          <option value="">{list.data && list.data.length > 0 ? 'Saved reports…' : 'No saved reports'}</option>
          {(list.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
        <button type="button" data-testid="report.new" onClick={create} title="A new report about the runs selected now">
          New report from the selection
        </button>
        <span className="spacer" />
        {spec && (
          <>
            <button type="button" data-testid="report.save" disabled={busy} onClick={() => void save(spec)}>
              Save
            </button>
            <button type="button" data-testid="report.export-pdf" disabled={busy} onClick={() => void exportPdf(spec)}>
              {busy ? 'Working…' : 'Export PDF'}
            </button>
            <button type="button" data-testid="report.export-html" disabled={busy} onClick={() => void exportHtml(spec)} title="One HTML file that opens offline: charts as SVG, no scripts">
              HTML
            </button>
            <button type="button" className="link small" data-testid="report.export-csv" disabled={busy} onClick={() => void exportData(spec, 'csv')} title="Every point of the report's curves and every eval number, one long table">
              data CSV
            </button>
            <button type="button" className="link small" data-testid="report.export-parquet" disabled={busy} onClick={() => void exportData(spec, 'parquet')}>
              Parquet
            </button>
          </>
        )}
        {status && (
          <span className="muted small" data-testid="report.status">
            {status}
          </span>
        )}
      </div>
      {!spec ? (
        <p className="empty">Select runs, then make a report of them: curves, comparisons, findings, notes and your own text, exported as a vector PDF.</p>
      ) : (
        <div className="report-workbench">
          <div className="report-editor">
            <label>
              Title <input data-testid="report.title-input" value={spec.title} onChange={(e) => update({ title: e.currentTarget.value })} />
            </label>
            <label>
              Authors <input data-testid="report.authors-input" value={spec.authors} onChange={(e) => update({ authors: e.currentTarget.value })} />
            </label>
            <label>
              Date <input data-testid="report.date-input" value={spec.date} onChange={(e) => update({ date: e.currentTarget.value })} />
            </label>
            <ol className="report-sections">
              {spec.sections.map((s, i) => (
                <li key={`${i}:${s.kind}`} data-testid="report.section-item" data-kind={s.kind}>
                  <div className="report-section-head">
                    <strong>{sectionTitle(s)}</strong>
                    <span className="spacer" />
                    <button type="button" className="link small" aria-label="Move up" disabled={i === 0} onClick={() => update({ sections: moveSection(spec.sections, i, -1) })}>
                      ↑
                    </button>
                    <button type="button" className="link small" aria-label="Move down" disabled={i === spec.sections.length - 1} onClick={() => update({ sections: moveSection(spec.sections, i, 1) })}>
                      ↓
                    </button>
                    <button type="button" className="link small" data-testid="report.remove-section" onClick={() => setSection(i, null)}>
                      remove
                    </button>
                  </div>
                  <SectionEditor s={s} onChange={(next) => setSection(i, next)} />
                </li>
              ))}
            </ol>
            <div className="report-add">
              <span className="muted small">Add, from the current selection:</span>
              {ADDABLE.map((k) => (
                <button key={k} type="button" className="link small" data-testid="report.add-section" data-kind={k} onClick={() => update({ sections: [...spec.sections, newSection(k, ctx)] })}>
                  {SECTION_TITLES[k]}
                </button>
              ))}
            </div>
          </div>
          <div className="report-preview" aria-label="Preview">
            <ReportPage spec={spec} isPrint={false} />
          </div>
        </div>
      )}
    </section>
  );
}
