/** Method comparison statistics (issue 6; ../shared/reference/analyses.md §0.4, §2.3, §3.3). Pure: no I/O. */
export type { Interval, Measurement, StderrDelta, StderrDeltaOptions } from './stderr-delta';
export { Z_95, excludesZero, parseStderr, stderrDelta } from './stderr-delta';
export type { BootstrapOptions, BootstrapResult, DocScore, FlipCounts, MatchBy, MatchedPair, MatchResult, McNemarResult, PairedComparison } from './paired';
export { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED, comparePaired, flipCounts, matchSamples, mcnemarExactP, mcnemarTest, pairedBootstrap } from './paired';
export type { Category, CategoryMember, CategoryOverrides, CategoryScore, TaskDelta } from './categories';
export { DEFAULT_TASK_CATEGORIES, categorize, categoryScore } from './categories';
export type { ControlComparison, CurvePoint, RobustnessOptions, RobustnessSummary, SweepAnalysis, SweepPoint } from './robustness';
export { DEFAULT_BREAK_THRESHOLD, DEFAULT_SLOPE_POINTS, analyzeSweep, compareToControl, leastSquaresSlope, normalisedTrapezoid, robustnessSummary } from './robustness';
export type { AxisDelta, AxisState, Quadrant, QuadrantResult } from './quadrant';
export { QUADRANT_LABELS, axisState, classifyQuadrant } from './quadrant';
