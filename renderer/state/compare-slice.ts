import type { StateCreator } from 'zustand';
import type { ReviewSubject } from '../../shared/domain/review';

/** Which main view is shown: the curves of the selected runs, or their method comparison. */
export type MainView = 'curves' | 'compare' | 'review' | 'diagnosis' | 'audit' | 'report';

/** The comparison view's choices (issue 6). The data itself comes from the host. */
export interface CompareSlice {
  mainView: MainView;
  /** Null = the host's default (the run labelled base). */
  compareBaseline: string | null;
  comparePaired: boolean;
  /** Case-insensitive text filter over task, metric and filter. */
  compareFilter: string;
  /** Hide subtasks of listed groups (mmlu_*) in the table. */
  hideSubtasks: boolean;
  /** `task\0metric\0filter` of the metric the robustness view shows; null = the first reasoning metric. */
  sweepMetric: string | null;
  sweepShow: 'value' | 'drop';
  /** Review: show only the config keys the runs disagree on. */
  reviewDiffOnly: boolean;
  /**
   * The Review tab's columns as the user picked them, for the run selection they were picked under (a new selection
   * starts from its default columns again). Null = the default.
   */
  reviewSubjects: { readonly forSelection: string; readonly subjects: readonly ReviewSubject[] } | null;
  setReviewDiffOnly(on: boolean): void;
  setReviewSubjects(forSelection: string, subjects: readonly ReviewSubject[]): void;
  setMainView(v: MainView): void;
  setCompareBaseline(id: string | null): void;
  setComparePaired(on: boolean): void;
  setCompareFilter(f: string): void;
  setHideSubtasks(on: boolean): void;
  setSweepMetric(key: string | null): void;
  setSweepShow(s: 'value' | 'drop'): void;
}

export const createCompareSlice: StateCreator<CompareSlice, [], [], CompareSlice> = (set) => ({
  mainView: 'curves',
  compareBaseline: null,
  comparePaired: true,
  compareFilter: '',
  hideSubtasks: true,
  sweepMetric: null,
  sweepShow: 'value',
  reviewDiffOnly: true,
  reviewSubjects: null,
  setReviewDiffOnly: (reviewDiffOnly) => set({ reviewDiffOnly }),
  setReviewSubjects: (forSelection, subjects) => set({ reviewSubjects: { forSelection, subjects } }),
  setMainView: (mainView) => set({ mainView }),
  setCompareBaseline: (compareBaseline) => set({ compareBaseline }),
  setComparePaired: (comparePaired) => set({ comparePaired }),
  setCompareFilter: (compareFilter) => set({ compareFilter }),
  setHideSubtasks: (hideSubtasks) => set({ hideSubtasks }),
  setSweepMetric: (sweepMetric) => set({ sweepMetric }),
  setSweepShow: (sweepShow) => set({ sweepShow }),
});
