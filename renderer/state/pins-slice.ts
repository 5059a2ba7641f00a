import type { StateCreator } from 'zustand';

/**
 * Charts the user pinned to the top of the curves view, keyed by metric name, in the order pinned. Session-only:
 * nothing else in the store persists, and a pin of a metric the next workspace lacks would only confuse.
 */
export interface PinsSlice {
  pinnedCharts: readonly string[];
  /** Pins the chart (at the end of the pinned ones), or unpins it. */
  togglePinnedChart(metric: string): void;
}

export const createPinsSlice: StateCreator<PinsSlice, [], [], PinsSlice> = (set) => ({
  pinnedCharts: [],
  togglePinnedChart: (metric) => set((s) => ({ pinnedCharts: s.pinnedCharts.includes(metric) ? s.pinnedCharts.filter((m) => m !== metric) : [...s.pinnedCharts, metric] })),
});
