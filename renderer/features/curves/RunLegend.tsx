import { NoteButton } from '../notes/NoteButton';
import type { CurveRun } from '../../charts/options/curves';

const SHOWN = 24;

/** Which colour is which run; the same for every chart below it. Each run can carry notes (kept in the workspace). */
export function RunLegend({ runs }: { runs: readonly CurveRun[] }) {
  if (runs.length === 0) return null;
  return (
    <ul className="run-legend" aria-label="Plotted runs">
      {runs.slice(0, SHOWN).map((r) => (
        <li key={r.id} title={r.name}>
          <span className="swatch" style={{ background: r.color }} aria-hidden="true" />
          <span className="legend-name">{r.name}</span>
          <NoteButton target={{ kind: 'run', runId: r.id }} label={r.name} />
        </li>
      ))}
      {runs.length > SHOWN && <li className="muted">+{runs.length - SHOWN} more</li>}
    </ul>
  );
}
