import { useState } from 'react';
import type { AnnotationTarget } from '../../../shared/domain/annotation';
import { useAnnotations } from '../../data/queries';
import { appStore } from '../../state/store';
import { isNoteOn } from './note-targets';
import { useNoteActions } from './use-note-actions';

/**
 * Notes on one thing (a run, a finding, a comparison row): a small button with the count, opening the notes as text
 * and a box to add one. Stored in the workspace like chart notes, and listed in reports.
 */
export function NoteButton({ target, label }: { target: AnnotationTarget; label: string }) {
  const actions = useNoteActions();
  const all = useAnnotations();
  const notes = (all.data ?? []).filter((a) => isNoteOn(a, target));
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const run = (done: Promise<unknown>) => done.catch((err: unknown) => appStore.getState().report(err instanceof Error ? err.message : String(err)));
  return (
    <span className="note-button" data-testid="notes.button" data-count={notes.length}>
      <button type="button" className="link small" aria-expanded={open} aria-label={`Notes on ${label}`} onClick={() => setOpen(!open)}>
        {notes.length > 0 ? `notes (${notes.length})` : 'note'}
      </button>
      {open && (
        <span className="note-popover" role="dialog" aria-label={`Notes on ${label}`}>
          {notes.map((n) => (
            <span key={n.id} className="note-item" data-testid="notes.item">
              <span className="note-text">{n.text}</span>
              <button type="button" className="link small" onClick={() => void run(actions.remove(n.id))}>
                delete
              </button>
            </span>
          ))}
          <textarea data-testid="notes.text" aria-label="New note" rows={2} maxLength={10_000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <button
            type="button"
            data-testid="notes.save"
            disabled={text.trim() === ''}
            onClick={() =>
              void run(actions.save(target, text).then(() => setText('')))
            }
          >
            Add note
          </button>
        </span>
      )}
    </span>
  );
}
