import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { CompareSlice } from './compare-slice';
import { createCompareSlice } from './compare-slice';
import type { HostSlice } from './host-slice';
import { createHostSlice } from './host-slice';
import type { NoticesSlice } from './notices-slice';
import { createNoticesSlice } from './notices-slice';
import type { PinsSlice } from './pins-slice';
import { createPinsSlice } from './pins-slice';
import type { SelectionSlice } from './selection-slice';
import { createSelectionSlice } from './selection-slice';
import type { ViewSlice } from './view-slice';
import { createViewSlice } from './view-slice';

/**
 * Facts only (DESIGN.md §1.6): what the user chose, how things are shown, and what the host said about imports.
 * Host data lives in the query cache; everything else (visible rows, colours, default metrics, readiness) is derived.
 */
export type AppStore = SelectionSlice & ViewSlice & HostSlice & NoticesSlice & PinsSlice & CompareSlice;

export function createAppStore() {
  return createStore<AppStore>()((...a) => ({
    ...createSelectionSlice(...a),
    ...createViewSlice(...a),
    ...createHostSlice(...a),
    ...createNoticesSlice(...a),
    ...createPinsSlice(...a),
    ...createCompareSlice(...a),
  }));
}

export type AppStoreApi = ReturnType<typeof createAppStore>;

/** The window's one store. */
export const appStore: AppStoreApi = createAppStore();

/** Reads a part of the store; the selector must return a stored value (or a primitive), not a new object. */
export function useApp<T>(selector: (s: AppStore) => T): T {
  return useStore(appStore, selector);
}
