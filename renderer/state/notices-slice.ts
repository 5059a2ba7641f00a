import type { StateCreator } from 'zustand';

/** A failed host request (`error`) or something the host wants shown once (`notice`). Text only, never a stack. */
export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'notice';
  readonly message: string;
  /** How many times the same message was reported (shown as ×N instead of repeating the row). */
  readonly count: number;
}

const KEPT = 8;

export interface NoticesSlice {
  notices: readonly Notice[];
  report(message: string, kind?: Notice['kind']): void;
  dismiss(id: number): void;
}

export const createNoticesSlice: StateCreator<NoticesSlice, [], [], NoticesSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    report: (message, kind = 'error') =>
      set((s) => {
        const same = s.notices.find((n) => n.kind === kind && n.message === message);
        const rest = s.notices.filter((n) => n !== same);
        const entry: Notice = same ? { ...same, count: same.count + 1 } : { id: nextId++, kind, message, count: 1 };
        return { notices: [...rest, entry].slice(-KEPT) };
      }),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  };
};
