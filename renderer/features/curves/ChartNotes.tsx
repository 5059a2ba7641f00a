import { useState } from 'react';
import type { AnnotationTarget } from '../../../shared/domain/annotation';
import type { ChartNote } from '../../charts/options/note-marks';
import type { CurveRun } from '../../charts/options/curves';

export interface NoteDraft {
  readonly step: number;
  readonly stepEnd: number | null;
}

export interface ChartNotesProps {
  readonly metric: string;
  readonly notes: readonly ChartNote[];
  readonly runs: readonly CurveRun[];
  /** The note being written, with the step(s) a click on the chart put in; null when no form is open. */
  readonly draft: NoteDraft | null;
  readonly onDraft: (d: NoteDraft | null) => void;
  readonly onSave: (target: AnnotationTarget, text: string, id?: string) => Promise<void>;
  readonly onDelete: (id: string) => Promise<void>;
}

const stepText = (n: Pick<ChartNote, 'step' | 'stepEnd'>) => (n.stepEnd === null ? `step ${n.step}` : `steps ${Math.min(n.step, n.stepEnd)}–${Math.max(n.step, n.stepEnd)}`);

/**
 * A chart's notes: the form to write one (click the chart to set its step, Shift+click for the end of a range) and the
 * list of notes, shown as text (notes are untrusted input like any other).
 */
export function ChartNotes({ metric, notes, runs, draft, onDraft, onSave, onDelete }: ChartNotesProps) {
  const [text, setText] = useState('');
  const [runId, setRunId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({ kind: 'chart', metric, runId: runId === '' ? null : runId, step: draft.step, stepEnd: draft.stepEnd }, text);
      setText('');
      onDraft(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const num = (v: string): number | null => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));

  return (
    <div className="chart-notes">
      {draft && (
        <form
          className="note-form"
          data-testid="curves.note-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <span className="muted small">Click the chart to place the note; Shift+click sets the end of a range.</span>
          <label>
            step <input data-testid="curves.note-step" type="number" value={draft.step} onChange={(e) => onDraft({ ...draft, step: num(e.currentTarget.value) ?? draft.step })} />
          </label>
          <label>
            to <input data-testid="curves.note-end" type="number" placeholder="(single step)" value={draft.stepEnd ?? ''} onChange={(e) => onDraft({ ...draft, stepEnd: num(e.currentTarget.value) })} />
          </label>
          <label>
            about{' '}
            <select data-testid="curves.note-run" value={runId} onChange={(e) => setRunId(e.currentTarget.value)}>
              <option value="">the chart</option>
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <textarea data-testid="curves.note-text" aria-label="Note" rows={2} maxLength={10_000} value={text} onChange={(e) => setText(e.currentTarget.value)} placeholder="What happened here?" />
          <button type="submit" data-testid="curves.note-save" disabled={busy || text.trim() === ''}>
            Save note
          </button>
          <button type="button" className="link" onClick={() => onDraft(null)}>
            Cancel
          </button>
          {error && <span className="error-text small">{error}</span>}
        </form>
      )}
      {notes.length > 0 && (
        <ul className="note-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="curves.note" data-step={n.step} data-step-end={n.stepEnd ?? ''}>
              <span className="note-where">{stepText(n)}</span>
              {n.runId !== null && <span className="muted small"> · {runs.find((r) => r.id === n.runId)?.name ?? n.runId}</span>}
              <span className="note-text">{n.text}</span>
              <button type="button" className="link small" data-testid="curves.note-delete" aria-label={`Delete the note at ${stepText(n)}`} onClick={() => void onDelete(n.id)}>
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
