import { useState } from 'react';
import type { ImportWarning, RunSummary } from '../../../shared/domain/run';
import { plural } from '../../components/format';
import type { ConnectionStatus } from '../../state/host-slice';
import type { Notice } from '../../state/notices-slice';
import { groupWarnings, offsetText } from './warnings-model';

/** Rows drawn before "Show all". */
export const WARNING_ROW_LIMIT = 200;

/** Import warnings per run: file, offset, message. Plain text only (messages come from the files). */
export function WarningsPanel({ warnings, runs }: { warnings: readonly ImportWarning[]; runs: readonly RunSummary[] }) {
  const [isShowingAll, setShowingAll] = useState(false);
  if (warnings.length === 0) return null;
  const groups = groupWarnings(warnings, runs);
  let budget = isShowingAll ? Number.POSITIVE_INFINITY : WARNING_ROW_LIMIT;
  const runCount = groups.filter((g) => g.runId !== null).length;
  return (
    <details className="warnings" data-testid="warnings.panel">
      <summary>
        {plural(warnings.length, 'import warning')}
        {runCount > 0 && ` in ${plural(runCount, 'run')}`}
      </summary>
      {groups.map((g) => {
        if (budget <= 0) return null;
        const shown = g.warnings.slice(0, budget);
        budget -= shown.length;
        return (
          <section key={g.runId ?? '(folder)'} className="warning-group" data-run-id={g.runId ?? ''}>
            <h3>{g.title}</h3>
            <ul>
              {shown.map((w, i) => (
                <li key={i} data-testid="warnings.row">
                  <span className="file">{w.file}</span>
                  {w.offset !== null && <span className="offset">{offsetText(w.offset)}</span>}
                  <span className="msg">{w.message}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {!isShowingAll && warnings.length > WARNING_ROW_LIMIT && (
        <button type="button" className="link" onClick={() => setShowingAll(true)}>
          Show all {warnings.length.toLocaleString('en-US')} warnings
        </button>
      )}
    </details>
  );
}

/** Failed requests and host notices, as plain messages (never a stack), plus the event stream's state. */
export function HostErrors({ notices, connection, onDismiss }: { notices: readonly Notice[]; connection: ConnectionStatus; onDismiss: (id: number) => void }) {
  if (notices.length === 0 && connection !== 'lost') return null;
  return (
    <div className="host-errors">
      {connection === 'lost' && (
        <div className="notice connection" role="status">
          Lost the connection to the RunLens host. Reconnecting…
        </div>
      )}
      {notices.length > 0 && (
        <ul data-testid="app.error" role="alert" aria-label="Errors">
          {notices.map((n) => (
            <li key={n.id} className={n.kind === 'error' ? 'notice error' : 'notice'}>
              <span className="msg">{n.message}</span>
              {n.count > 1 && <span className="count">×{n.count}</span>}
              <button type="button" className="dismiss" onClick={() => onDismiss(n.id)} aria-label="Dismiss this message">
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
