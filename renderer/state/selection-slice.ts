import type { StateCreator } from 'zustand';

/** What the user chose to look at. Runs are kept in the order they were picked (the first keeps its colour). */
export interface SelectionSlice {
  selectedRunIds: readonly string[];
  /** The user's metric choice; null until they make one (the default pick is derived, not stored). */
  pickedMetrics: readonly string[] | null;
  toggleRun(id: string): void;
  /** Adds (or removes) these runs, keeping the others as they are. */
  setRunsSelected(ids: readonly string[], isSelected: boolean): void;
  setSelectedRuns(ids: readonly string[]): void;
  /** Toggles one metric of `shown` (the picked metrics as the user sees them, defaults included). */
  toggleMetric(name: string, shown: readonly string[]): void;
  setPickedMetrics(names: readonly string[] | null): void;
}

export const createSelectionSlice: StateCreator<SelectionSlice, [], [], SelectionSlice> = (set) => ({
  selectedRunIds: [],
  pickedMetrics: null,
  toggleRun: (id) => set((s) => ({ selectedRunIds: s.selectedRunIds.includes(id) ? s.selectedRunIds.filter((x) => x !== id) : [...s.selectedRunIds, id] })),
  setRunsSelected: (ids, isSelected) =>
    set((s) => {
      if (!isSelected) {
        const drop = new Set(ids);
        return { selectedRunIds: s.selectedRunIds.filter((x) => !drop.has(x)) };
      }
      const have = new Set(s.selectedRunIds);
      return { selectedRunIds: [...s.selectedRunIds, ...ids.filter((x) => !have.has(x))] };
    }),
  setSelectedRuns: (ids) => set({ selectedRunIds: [...new Set(ids)] }),
  toggleMetric: (name, shown) => set({ pickedMetrics: shown.includes(name) ? shown.filter((m) => m !== name) : [...shown, name] }),
  setPickedMetrics: (names) => set({ pickedMetrics: names }),
});
