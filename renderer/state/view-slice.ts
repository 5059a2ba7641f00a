import type { StateCreator } from 'zustand';

/** A step range, both ends included. */
export interface StepWindow {
  readonly min: number;
  readonly max: number;
}

export type RunSortKey = 'name' | 'format' | 'status' | 'lastStep' | 'lastLoss' | 'span' | 'warnings';
export interface RunSort {
  readonly key: RunSortKey;
  readonly dir: 1 | -1;
}

/** Smoothing is off in this slice of the product; the setting exists so charts and reports read it from one place. */
export type Smoothing = { readonly kind: 'off' };
/** Only `system` is offered for now: the CSS follows `prefers-color-scheme`. */
export type ThemeSetting = 'system' | 'light' | 'dark';

/** How things are shown: per-chart zoom, the runs table's filter and sort, smoothing, theme. */
export interface ViewSlice {
  /** Zoomed step window per chart (keyed by chart id, the metric name); absent = the whole range. */
  zoomByChart: Readonly<Record<string, StepWindow>>;
  runFilter: string;
  runSort: RunSort;
  smoothing: Smoothing;
  theme: ThemeSetting;
  setZoom(chartId: string, w: StepWindow | null): void;
  setRunFilter(f: string): void;
  /** Sorts by `key`; sorting by the current key again flips the direction. */
  sortRunsBy(key: RunSortKey): void;
}

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  zoomByChart: {},
  runFilter: '',
  runSort: { key: 'name', dir: 1 },
  smoothing: { kind: 'off' },
  theme: 'system',
  setZoom: (chartId, w) =>
    set((s) => {
      const next = { ...s.zoomByChart };
      if (w === null) delete next[chartId];
      else next[chartId] = { min: Math.min(w.min, w.max), max: Math.max(w.min, w.max) };
      return { zoomByChart: next };
    }),
  setRunFilter: (f) => set({ runFilter: f }),
  sortRunsBy: (key) => set((s) => ({ runSort: { key, dir: s.runSort.key === key ? (s.runSort.dir === 1 ? -1 : 1) : 1 } })),
});
