/**
 * Candidate-minus-baseline deltas from aggregate eval numbers and the harness's own stderr: the "CI from reported
 * stderr" of ../shared/reference/analyses.md §0.4.1, oriented by the direction of good as in §2.3 A.
 *
 * §0.4.1 treats the two evals as independent. When both ran on the same documents that is conservative (paired errors
 * are usually positively correlated), so the UI must label it "unpaired approximation"; `method` carries that.
 */

/** 97.5 % quantile of the standard normal: the two-sided 95 % interval of §0.4.1. */
export const Z_95 = 1.96;

export interface Measurement {
  readonly value: number;
  /** The harness's stderr; null (or "N/A" before parsing, see parseStderr) when it was not computed. */
  readonly stderr: number | null;
}

export interface StderrDeltaOptions {
  /** From lm-eval's `higher_is_better` or the metric dictionary; null when unknown (no "improvement" then). */
  readonly higherIsBetter: boolean | null;
  /**
   * Metrics whose ideal is a value, not an end of the scale (CrowS-Pairs `pct_stereotype`, ideal 0.5): the improvement
   * is the distance from parity gained, |x_base − t| − |x_cand − t| (analyses.md §2.3 A). Overrides higherIsBetter.
   */
  readonly parityTarget?: number;
  /** Critical value; 1.96 for 95 % (§0.4.1). */
  readonly z?: number;
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface StderrDelta {
  readonly baseline: number;
  readonly candidate: number;
  /** x_cand − x_base, in the metric's own units (the raw percentage-point table of §2.3 A). */
  readonly delta: number;
  /** √(se_base² + se_cand²); null when either stderr is missing. */
  readonly se: number | null;
  /** delta ± z·se; null when se is null. */
  readonly interval: Interval | null;
  /**
   * The delta turned so that positive always means better: +delta when higher is better, −delta when lower is better,
   * the parity gain for parity metrics; null when the direction is unknown.
   */
  readonly improvement: number | null;
  readonly improvementInterval: Interval | null;
  /** §0.4.1: independent-samples approximation, to be labelled as such. */
  readonly method: 'stderr';
}

/**
 * lm-eval v0.4 writes the string "N/A" where it could not bootstrap a stderr (and some metrics give 0 or NaN there);
 * all of those mean "unknown", not "exact".
 */
export function parseStderr(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (t === '' || /^n\/?a$/i.test(t)) return null;
    const n = Number(t);
    return Number.isFinite(n) && n >= 0 ? n : null;
  }
  return null;
}

const usableSe = (se: number | null): se is number => se !== null && Number.isFinite(se) && se >= 0;

export function stderrDelta(baseline: Measurement, candidate: Measurement, options: StderrDeltaOptions): StderrDelta {
  const z = options.z ?? Z_95;
  const delta = candidate.value - baseline.value;
  const se = usableSe(baseline.stderr) && usableSe(candidate.stderr) ? Math.sqrt(baseline.stderr * baseline.stderr + candidate.stderr * candidate.stderr) : null;
  const interval = se === null ? null : { low: delta - z * se, high: delta + z * se };

  const { improvement, improvementInterval } = orientDelta(baseline.value, candidate.value, interval, se, options);
  return { baseline: baseline.value, candidate: candidate.value, delta, se, interval, improvement, improvementInterval, method: 'stderr' };
}

export interface OrientedDelta {
  readonly improvement: number | null;
  readonly improvementInterval: Interval | null;
}

/**
 * Turns a delta and its interval (of candidate − baseline, from any method) so that positive = better. Parity metrics
 * use a symmetric ±z·se interval around the parity gain (see below), so they need `se`.
 */
export function orientDelta(baseline: number, candidate: number, interval: Interval | null, se: number | null, options: StderrDeltaOptions): OrientedDelta {
  const z = options.z ?? Z_95;
  const delta = candidate - baseline;
  if (options.parityTarget !== undefined) {
    const t = options.parityTarget;
    const improvement = Math.abs(baseline - t) - Math.abs(candidate - t);
    // |x − t| has slope ±1 away from t, so the linearised SE of the parity gain equals the SE of the raw delta
    // (a delta-method approximation that is loose only when a value sits within ~1 SE of the target).
    return { improvement, improvementInterval: se === null ? null : { low: improvement - z * se, high: improvement + z * se } };
  }
  if (options.higherIsBetter === null) return { improvement: null, improvementInterval: null };
  if (options.higherIsBetter) return { improvement: delta, improvementInterval: interval };
  return { improvement: -delta, improvementInterval: interval === null ? null : { low: -interval.high, high: -interval.low } };
}

/** True when the interval excludes 0 (the delta is distinguishable from no change at the interval's level). */
export function excludesZero(interval: Interval | null): boolean {
  return interval !== null && (interval.low > 0 || interval.high < 0);
}
