import { useEffect } from 'react';
import { useTransport } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import { ReportPage } from './ReportPage';
import { SNAPSHOT_GLOBAL, snapshotReportDocument } from './standalone-html';

/**
 * The page the PDF printer opens (`?report=<id>&print=1`): only the report, in print mode. The document title becomes
 * the report's, which is also the PDF's title.
 */
export function ReportRoute({ reportId }: { reportId: string }) {
  const t = useTransport();
  const q = useQuery(['report:get', reportId], () => t.call('report:get', { id: reportId }));
  useEffect(() => {
    if (q.data) document.title = q.data.title;
    (window as unknown as Record<string, unknown>)[SNAPSHOT_GLOBAL] = snapshotReportDocument;
  }, [q.data]);
  if (q.error)
    return (
      <p className="error-text" data-report-state="error">
        {q.error.message}
      </p>
    );
  if (!q.data) return <p className="muted">Loading the report…</p>;
  return <ReportPage spec={q.data} isPrint />;
}
