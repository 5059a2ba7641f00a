import type { StateCreator } from 'zustand';
import type { Smoothing } from '../../shared/analysis/smoothing';
import { TENSORBOARD_DEFAULT } from '../../shared/analysis/smoothing';
import type { XAxis } from '../../shared/domain/series';
import { STEP_X } from '../../shared/domain/series';

/** A step range, both ends included. */
export interface StepWindow {
  readonly min: number;
  readonly max: number;
}

/** The built-in columns, or a column the user added (`config:<key>`, `metric:<stat>:<name>`; see run-columns.ts). */
export type RunSortKey = 'name' | 'format' | 'status' | 'lastStep' | 'lastLoss' | 'span' | 'warnings' | `config:${string}` | `metric:${string}`;
export interface RunSort {
  readonly key: RunSortKey;
  readonly dir: 1 | -1;
}

/** A step every chart marks and zooms around (a checkpoint opened from Review), until the user resets the zoom. */
export interface StepFocus {
  readonly step: number;
  readonly label: string;
  readonly window: StepWindow;
}

/** One line of one run's stored log. */
export interface LogRef {
  readonly runId: string;
  readonly file: string;
  readonly line: number;
}

export type { Smoothing };
/** Only `system` is offered for now: the CSS follows `prefers-color-scheme`. */
export type ThemeSetting = 'system' | 'light' | 'dark';

/** How things are shown: per-chart zoom, the runs table's filter and sort, smoothing, theme. */
export interface ViewSlice {
  /** Zoomed step window per chart (keyed by chart id, the metric name); absent = the whole range. */
  zoomByChart: Readonly<Record<string, StepWindow>>;
  /** The log opened at a line (from a failure mark or a diagnosis row); null = closed. */
  logView: LogRef | null;
  openLog(ref: LogRef): void;
  closeLog(): void;
  /** Charts without a zoom of their own show this window, and every chart marks its step. */
  stepFocus: StepFocus | null;
  /** Puts the charts on the step axis around `f` (each chart's own zoom is dropped so they all show it). */
  focusStep(f: StepFocus): void;
  clearStepFocus(): void;
  runFilter: string;
  runSort: RunSort;
  smoothing: Smoothing;
  theme: ThemeSetting;
  /** One x axis for every chart; zoom windows are in its units. */
  xAxis: XAxis;
  logY: boolean;
  /** Fit y to the 1st–99th percentile of what is visible, so one spike does not flatten the curve. */
  clipOutliers: boolean;
  /** Changing x drops every chart's zoom: a step window means nothing in seconds or tokens. */
  setXAxis(x: XAxis): void;
  setLogY(on: boolean): void;
  setClipOutliers(on: boolean): void;
  setZoom(chartId: string, w: StepWindow | null): void;
  setRunFilter(f: string): void;
  /** Sorts by `key`; sorting by the current key again flips the direction. */
  sortRunsBy(key: RunSortKey): void;
  /** One smoothing for every chart (as in TensorBoard), applied by the host to the full-resolution series. */
  setSmoothing(s: Smoothing): void;
}

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  zoomByChart: {},
  stepFocus: null,
  logView: null,
  openLog: (logView) => set({ logView }),
  closeLog: () => set({ logView: null }),
  focusStep: (stepFocus) => set({ stepFocus, xAxis: STEP_X, zoomByChart: {} }),
  clearStepFocus: () => set({ stepFocus: null }),
  runFilter: '',
  runSort: { key: 'name', dir: 1 },
  // TensorBoard's default, so curves look as users know them; raw points stay drawn behind.
  smoothing: TENSORBOARD_DEFAULT,
  theme: 'system',
  xAxis: STEP_X,
  logY: false,
  clipOutliers: false,
  setXAxis: (xAxis) => set({ xAxis, zoomByChart: {}, stepFocus: null }),
  setLogY: (logY) => set({ logY }),
  setClipOutliers: (clipOutliers) => set({ clipOutliers }),
  setZoom: (chartId, w) =>
    set((s) => {
      const next = { ...s.zoomByChart };
      if (w === null) delete next[chartId];
      else next[chartId] = { min: Math.min(w.min, w.max), max: Math.max(w.min, w.max) };
      return { zoomByChart: next };
    }),
  setRunFilter: (f) => set({ runFilter: f }),
  setSmoothing: (smoothing) => set({ smoothing }),
  sortRunsBy: (key) => set((s) => ({ runSort: { key, dir: s.runSort.key === key ? (s.runSort.dir === 1 ? -1 : 1) : 1 } })),
});
