import { Z_95 } from './stderr-delta';

/**
 * Robustness to weight updates from an α-sweep (evals at interpolation / edit strength α), analyses.md §2.3 B:
 * the drop D(α) = x(α_ref) − x(α) (sign-flipped for lower-is-better metrics, so a drop is always "worse"),
 * its normalised AUC, worst case, break point and slope near α = 0, and the specificity against a
 * random-direction control sweep (AUC(v) − AUC(u)).
 */

export interface SweepPoint {
  readonly alpha: number;
  readonly value: number;
  /** The eval's stderr at this α, when known: lets the break point use the interval's lower bound (§2.3 B). */
  readonly stderr?: number | null;
}

export interface RobustnessOptions {
  /** Defaults to true (reasoning metrics, §2.2). */
  readonly higherIsBetter?: boolean;
  /**
   * δ of the break point, in the metric's units. §2.3 B suggests δ = 2 percentage points, i.e. 0.02 for lm-eval's
   * 0–1 accuracies; pass 2 for metrics reported in percent.
   */
  readonly breakThreshold?: number;
  /** Points (from the smallest α) fitted for the slope near α = 0; at least 2. */
  readonly slopePoints?: number;
  readonly z?: number;
}

export const DEFAULT_BREAK_THRESHOLD = 0.02;
export const DEFAULT_SLOPE_POINTS = 3;

export interface CurvePoint {
  readonly alpha: number;
  readonly value: number;
  /** Oriented drop vs the reference point: positive = worse than at the reference α. */
  readonly drop: number;
  /** drop − z·√(se_ref² + se_α²) (§0.4.1); null when a stderr is missing. */
  readonly dropLow: number | null;
}

export interface RobustnessSummary {
  /** Sorted by α (stable for equal α). */
  readonly curve: readonly CurvePoint[];
  /** α = 0 when swept, else the smallest α. */
  readonly referenceAlpha: number;
  readonly referenceValue: number;
  /** (1 / (α_max − α_min)) ∫ x(α) dα by the trapezoid rule: the curve's mean height; null with fewer than 2 α. */
  readonly meanValue: number | null;
  /** AUC_R of §2.3 B: (1 / (α_max − α_min)) ∫ D(α) dα; lower = more robust. */
  readonly dropAuc: number | null;
  /** W_R = max_α D(α) (≥ 0, since D(α_ref) = 0) and where it happens. */
  readonly worstDrop: number;
  readonly worstAlpha: number;
  /**
   * First α (ascending) whose drop exceeds δ: by the drop's lower 95 % bound when every point up to it has a stderr
   * (§2.3 B), else by the point drop (`breakBasis` says which). Null when the curve never breaks.
   */
  readonly breakAlpha: number | null;
  readonly breakBasis: 'lower-bound' | 'point';
  readonly breakThreshold: number;
  /** Least-squares slope of x against α over the first `slopePoints` points (metric units per unit α). */
  readonly slopeNearZero: number | null;
  /** The same slope, oriented like the drop: positive = degrading as α grows. */
  readonly dropSlopeNearZero: number | null;
}

export interface ControlComparison {
  /** Specificity of §2.3 B: dropAuc(direction) − dropAuc(control); > 0 means the direction hurts more than chance. */
  readonly specificity: number | null;
  /** D(α) − D_control(α) at each α of the main curve inside the control's α range (control linearly interpolated). */
  readonly gaps: readonly { readonly alpha: number; readonly gap: number }[];
}

const usable = (se: number | null | undefined): se is number => se !== null && se !== undefined && Number.isFinite(se) && se >= 0;

export function robustnessSummary(points: readonly SweepPoint[], options: RobustnessOptions = {}): RobustnessSummary | null {
  const sign = options.higherIsBetter === false ? -1 : 1;
  const threshold = options.breakThreshold ?? DEFAULT_BREAK_THRESHOLD;
  const k = Math.max(2, Math.floor(options.slopePoints ?? DEFAULT_SLOPE_POINTS));
  const z = options.z ?? Z_95;
  const sorted = points.filter((p) => Number.isFinite(p.alpha) && Number.isFinite(p.value)).map((p, i) => ({ p, i }));
  if (sorted.length === 0) return null;
  sorted.sort((a, b) => a.p.alpha - b.p.alpha || a.i - b.i);
  const pts = sorted.map((s) => s.p);
  const first = pts[0] as SweepPoint;
  const ref = pts.find((p) => p.alpha === 0) ?? first;

  const curve: CurvePoint[] = pts.map((p) => {
    // + 0 turns the −0 of a lower-is-better reference into 0 (it would print as "-0").
    const drop = sign * (ref.value - p.value) + 0;
    const dropLow = usable(ref.stderr) && usable(p.stderr) ? drop - z * Math.sqrt(ref.stderr ** 2 + p.stderr ** 2) : null;
    return { alpha: p.alpha, value: p.value, drop, dropLow };
  });

  let worst = curve[0] as CurvePoint;
  for (const c of curve) if (c.drop > worst.drop) worst = c;

  const allHaveSe = curve.every((c) => c.dropLow !== null);
  let breakAlpha: number | null = null;
  for (const c of curve) {
    const bound = allHaveSe && c.dropLow !== null ? c.dropLow : c.drop;
    if (bound > threshold) {
      breakAlpha = c.alpha;
      break;
    }
  }

  const slope = leastSquaresSlope(pts.slice(0, k).map((p) => [p.alpha, p.value] as const));
  return {
    curve,
    referenceAlpha: ref.alpha,
    referenceValue: ref.value,
    meanValue: normalisedTrapezoid(curve.map((c) => [c.alpha, c.value] as const)),
    dropAuc: normalisedTrapezoid(curve.map((c) => [c.alpha, c.drop] as const)),
    worstDrop: worst.drop,
    worstAlpha: worst.alpha,
    breakAlpha,
    breakBasis: allHaveSe ? 'lower-bound' : 'point',
    breakThreshold: threshold,
    slopeNearZero: slope,
    dropSlopeNearZero: slope === null ? null : -sign * slope,
  };
}

/** Compares a sweep with its random-direction control (same metric, same orientation). */
export function compareToControl(main: RobustnessSummary, control: RobustnessSummary): ControlComparison {
  const specificity = main.dropAuc === null || control.dropAuc === null ? null : main.dropAuc - control.dropAuc;
  const gaps: { alpha: number; gap: number }[] = [];
  for (const c of main.curve) {
    const d = interpolate(control.curve, c.alpha);
    if (d !== null) gaps.push({ alpha: c.alpha, gap: c.drop - d });
  }
  return { specificity, gaps };
}

export interface SweepAnalysis {
  readonly summary: RobustnessSummary;
  /** Present when a control sweep was given and has points. */
  readonly control: { readonly summary: RobustnessSummary; readonly comparison: ControlComparison } | null;
}

/** One method's sweep, with its random-direction control sweep when there is one (same options for both). */
export function analyzeSweep(points: readonly SweepPoint[], control: readonly SweepPoint[] | null, options: RobustnessOptions = {}): SweepAnalysis | null {
  const summary = robustnessSummary(points, options);
  if (summary === null) return null;
  const controlSummary = control === null ? null : robustnessSummary(control, options);
  return { summary, control: controlSummary === null ? null : { summary: controlSummary, comparison: compareToControl(summary, controlSummary) } };
}

/** Trapezoid area over the α range divided by the range's width; null when the range is empty. */
export function normalisedTrapezoid(xy: readonly (readonly [number, number])[]): number | null {
  if (xy.length < 2) return null;
  const x0 = (xy[0] as readonly [number, number])[0];
  const x1 = (xy[xy.length - 1] as readonly [number, number])[0];
  if (!(x1 > x0)) return null;
  let area = 0;
  for (let i = 1; i < xy.length; i++) {
    const [xa, ya] = xy[i - 1] as readonly [number, number];
    const [xb, yb] = xy[i] as readonly [number, number];
    area += ((xb - xa) * (ya + yb)) / 2;
  }
  return area / (x1 - x0);
}

/** Ordinary least-squares slope; null with fewer than 2 distinct x. */
export function leastSquaresSlope(xy: readonly (readonly [number, number])[]): number | null {
  const n = xy.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (const [x, y] of xy) {
    mx += x;
    my += y;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of xy) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/** The drop at α on a sorted curve, linearly interpolated; null outside its α range. */
function interpolate(curve: readonly CurvePoint[], alpha: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    const b = curve[i] as CurvePoint;
    if (b.alpha === alpha) return b.drop;
    if (b.alpha > alpha) {
      if (i === 0) return null;
      const a = curve[i - 1] as CurvePoint;
      return a.drop + ((b.drop - a.drop) * (alpha - a.alpha)) / (b.alpha - a.alpha);
    }
  }
  return null;
}
