import { create } from 'zustand';
import type { ImportDone, ImportProgress } from '../../shared/ipc/events';

export interface StepWindow {
  readonly min: number;
  readonly max: number;
}

/** Facts only: what the user chose and what the host last said about imports. Everything else is derived. */
export interface AppState {
  selectedRunIds: readonly string[];
  /** Explicit metric choice; null until the user (or the default pick) chose. */
  pickedMetrics: readonly string[] | null;
  zoom: Readonly<Record<string, StepWindow | undefined>>;
  runFilter: string;
  activeImport: ImportProgress | null;
  lastImport: ImportDone | null;
  errors: readonly { id: number; message: string }[];
  toggleRun(id: string): void;
  setSelectedRuns(ids: readonly string[]): void;
  setPickedMetrics(names: readonly string[]): void;
  toggleMetric(name: string, all: readonly string[]): void;
  setZoom(metric: string, w: StepWindow | undefined): void;
  setRunFilter(f: string): void;
  importProgressed(p: ImportProgress): void;
  importDone(d: ImportDone): void;
  reportError(message: string): void;
  dismissError(id: number): void;
}

let nextErrorId = 1;

export const useApp = create<AppState>((set) => ({
  selectedRunIds: [],
  pickedMetrics: null,
  zoom: {},
  runFilter: '',
  activeImport: null,
  lastImport: null,
  errors: [],
  toggleRun: (id) => set((s) => ({ selectedRunIds: s.selectedRunIds.includes(id) ? s.selectedRunIds.filter((x) => x !== id) : [...s.selectedRunIds, id] })),
  setSelectedRuns: (ids) => set({ selectedRunIds: ids }),
  setPickedMetrics: (names) => set({ pickedMetrics: names }),
  toggleMetric: (name, all) =>
    set((s) => {
      const cur = s.pickedMetrics ?? all;
      return { pickedMetrics: cur.includes(name) ? cur.filter((m) => m !== name) : [...cur, name] };
    }),
  setZoom: (metric, w) => set((s) => ({ zoom: { ...s.zoom, [metric]: w } })),
  setRunFilter: (f) => set({ runFilter: f }),
  importProgressed: (p) => set({ activeImport: p }),
  importDone: (d) => set((s) => ({ activeImport: s.activeImport?.jobId === d.jobId ? null : s.activeImport, lastImport: d })),
  reportError: (message) => set((s) => ({ errors: [...s.errors.slice(-4), { id: nextErrorId++, message }] })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
}));
