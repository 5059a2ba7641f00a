import { useState } from 'react';
import type { AnnotationTarget } from '../../../shared/domain/annotation';
import { useTransport } from '../../data/host';
import { ANNOTATIONS_KEY, useAnnotations } from '../../data/queries';
import { useQueryCache } from '../../data/query-cache';
import { appStore } from '../../state/store';
import { isNoteOn } from './note-targets';

/**
 * Notes on one thing (a run, a finding, a comparison row): a small button with the count, opening the notes as text
 * and a box to add one. Stored in the workspace like chart notes, and listed in reports.
 */
export function NoteButton({ target, label }: { target: AnnotationTarget; label: string }) {
  const t = useTransport();
  const cache = useQueryCache();
  const all = useAnnotations();
  const notes = (all.data ?? []).filter((a) => isNoteOn(a, target));
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await cache.invalidate((k) => k[0] === ANNOTATIONS_KEY[0]);
    } catch (err) {
      appStore.getState().report(err instanceof Error ? err.message : String(err));
    }
  };
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
              <button type="button" className="link small" onClick={() => void run(() => t.call('annotations:delete', { id: n.id }))}>
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
              void run(async () => {
                await t.call('annotations:save', { target, text });
                setText('');
              })
            }
          >
            Add note
          </button>
        </span>
      )}
    </span>
  );
}
