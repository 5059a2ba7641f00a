import { useEffect, useRef, useState } from 'react';
import { useTransport } from '../../data/host';
import { useQuery } from '../../data/query-cache';
import { appStore, useApp } from '../../state/store';

/** Lines added above or below per "more" click. */
const MORE = 200;

/**
 * The stored log of a run opened at one line (issue 9 §3: "clicking one opens the log at that line with context"):
 * the line highlighted and scrolled into view, more context on demand. Text is React text: a log line is data.
 */
export function LogView() {
  const ref = useApp((s) => s.logView);
  if (ref === null) return null;
  return <LogDialog key={`${ref.runId}\u0000${ref.file}\u0000${ref.line}`} runId={ref.runId} file={ref.file} line={ref.line} />;
}

function LogDialog({ runId, file, line }: { runId: string; file: string; line: number }) {
  const t = useTransport();
  const [before, setBefore] = useState(30);
  const [after, setAfter] = useState(60);
  const q = useQuery(['logs:context', runId, file, line, before, after], () => t.call('logs:context', { runId, file, line, before, after }), { keepPrevious: true });
  const target = useRef<HTMLTableRowElement>(null);
  const close = () => appStore.getState().closeLog();
  const scrolled = useRef(false);
  useEffect(() => {
    if (!scrolled.current && target.current) {
      target.current.scrollIntoView({ block: 'center' });
      scrolled.current = true;
    }
  }, [q.data]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const lines = q.data?.lines ?? [];
  const first = lines[0]?.line ?? line;
  const last = lines.at(-1)?.line ?? line;
  return (
    <div className="log-backdrop" onClick={close}>
      <div className="log-dialog" role="dialog" aria-modal="true" aria-label={`Log ${file} at line ${line}`} data-testid="log.view" data-file={file} data-line={line} data-state={q.data ? 'ready' : q.error ? 'error' : 'loading'} onClick={(e) => e.stopPropagation()}>
        <div className="section-head">
          <strong className="log-file" title={file}>
            {file}
          </strong>
          <span className="muted small">
            line {line}
            {q.data ? ` of ${q.data.totalLines}` : ''}
          </span>
          <button type="button" className="link" data-testid="log.close" onClick={close} aria-label="Close the log">
            Close
          </button>
        </div>
        {q.error && <p className="error-text">{q.error.message}</p>}
        <div className="log-lines">
          {first > 1 && (
            <button type="button" className="link small" data-testid="log.more-before" onClick={() => setBefore((b) => b + MORE)}>
              {Math.min(MORE, first - 1)} more lines above
            </button>
          )}
          <table>
            <tbody>
              {lines.map((l) => (
                <tr key={l.line} ref={l.line === line ? target : undefined} data-testid="log.line" data-line={l.line} data-target={l.line === line} className={l.line === line ? 'log-target' : undefined}>
                  <td className="log-no">{l.line}</td>
                  <td className="log-text">{l.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.data && last < q.data.totalLines && (
            <button type="button" className="link small" data-testid="log.more-after" onClick={() => setAfter((a) => a + MORE)}>
              {Math.min(MORE, q.data.totalLines - last)} more lines below
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
