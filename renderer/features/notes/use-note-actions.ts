import type { AnnotationTarget } from '../../../shared/domain/annotation';
import { useTransport } from '../../data/host';
import { ANNOTATIONS_KEY } from '../../data/queries';
import { useQueryCache } from '../../data/query-cache';

export interface NoteActions {
  save(target: AnnotationTarget, text: string): Promise<void>;
  remove(id: string): Promise<void>;
  undo(): Promise<void>;
}

/**
 * Changing the workspace's notes, from any view: each call goes to the host, then every view showing notes (the
 * one list query) refetches. Errors are the caller's to show: a form keeps its text, a button reports.
 */
export function useNoteActions(): NoteActions {
  const t = useTransport();
  const cache = useQueryCache();
  const refresh = () => cache.invalidate((k) => k[0] === ANNOTATIONS_KEY[0]);
  return {
    async save(target, text) {
      await t.call('annotations:save', { target, text });
      await refresh();
    },
    async remove(id) {
      await t.call('annotations:delete', { id });
      await refresh();
    },
    async undo() {
      await t.call('annotations:undo', {});
      await refresh();
    },
  };
}
