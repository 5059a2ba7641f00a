import type { Attempt, Goodput } from '../../domain/diagnosis';
import { median as robustMedian } from '../findings/robust';
import { segmentsOf } from '../restarts';

/** A run's progress as logged: one point per logged step of its main (loss) series, in read order. */
export interface GoodputInput {
  /** In read order (a resumed run goes back in step). `wall` in Unix seconds, null when the point has none. */
  readonly points: readonly { readonly step: number; readonly wall: number | null }[];
  /** Steps of the run's checkpoints (saved or recorded), any order. */
  readonly checkpointSteps: readonly number[];
}

/** A point whose wall time is known, on the run's monotone clock (see `computeGoodput`). */
interface Timed {
  readonly step: number;
  readonly t: number;
}

interface AttemptPoints {
  readonly attempt: Attempt;
  /** The attempt's timed points, in read order (steps non-decreasing). */
  readonly timed: readonly Timed[];
}

/** The median (mean of the two middle values for an even count); null for none. */
function median(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : robustMedian(xs);
}

/**
 * Wall time at `step` on one attempt's timed points: linear between the two points around it, the nearest point's
 * time outside them. Null when the attempt has no timed point.
 */
function timeAt(timed: readonly Timed[], step: number): number | null {
  const first = timed[0];
  if (!first) return null;
  if (step <= first.step) return first.t;
  for (let i = 1; i < timed.length; i++) {
    const b = timed[i] as Timed;
    if (b.step < step) continue;
    const a = timed[i - 1] as Timed;
    return b.step === a.step ? b.t : a.t + ((step - a.step) / (b.step - a.step)) * (b.t - a.t);
  }
  return (timed[timed.length - 1] as Timed).t;
}

/**
 * Goodput (analyses.md §5.3 F): attempts, restarts, the work and time they cost, ETTR and the checkpoint interval.
 *
 * - Attempts: the points split wherever the step goes back (as `series-restarts.sql` and `segmentsOf` find restarts).
 * - Recomputed steps: for each attempt after the first, the steps from its start up to the highest step any earlier
 *   attempt reached (or up to its own end when it died first). Measured as step distance (`1500 − 1010 = 490`), not
 *   as a count of logged points, so it does not depend on the logging interval.
 * - Lost time: down time (the gap from an attempt's last logged point to the next one's first) plus the time each
 *   later attempt spent recomputing, i.e. from its start until it passed the earlier high-water step (interpolated).
 *   Productive = wall − lost; ETTR = productive / wall. Start-up, checkpoint loading and anything before the first
 *   logged point of an attempt count as down time; time spent saving checkpoints mid-attempt cannot be told apart
 *   from training here and counts as productive, so this ETTR is an upper bound on Kokolis et al.'s.
 * - Clock skew: wall times are read on a monotone clock (each one raised to the largest seen before it in read order),
 *   so a node whose clock runs behind never gives a negative gap or duration; such a stretch reads as zero time. The
 *   attempts' times are reported on that clock.
 * - Points without a wall time still count for attempts and steps. Time fields are null when the run has fewer than
 *   two timed points or some attempt has none (its down time and recompute time cannot be measured).
 * - Checkpoint interval: the median difference of the sorted distinct checkpoint steps; in seconds, the median over
 *   consecutive pairs that one attempt spans (the last such one) of the time between them on that attempt.
 */
export function computeGoodput(input: GoodputInput): Goodput {
  const points = input.points.filter((p) => Number.isFinite(p.step));
  const segs = segmentsOf(points.map((p) => p.step));

  let clock = Number.NEGATIVE_INFINITY;
  let timedCount = 0;
  const attempts: AttemptPoints[] = segs.map((seg) => {
    const timed: Timed[] = [];
    for (let i = seg.start; i < seg.end; i++) {
      const p = points[i];
      if (!p || p.wall === null || !Number.isFinite(p.wall)) continue;
      clock = Math.max(clock, p.wall);
      timed.push({ step: p.step, t: clock });
    }
    timedCount += timed.length;
    const startTime = timed[0]?.t ?? null;
    const endTime = timed.at(-1)?.t ?? null;
    return { attempt: { startStep: seg.firstStep, endStep: seg.lastStep, startTime, endTime }, timed };
  });

  let recomputedSteps = 0;
  let highWater = Number.NEGATIVE_INFINITY;
  for (const [k, { attempt }] of attempts.entries()) {
    if (k > 0) recomputedSteps += Math.max(0, Math.min(highWater, attempt.endStep) - attempt.startStep);
    highWater = Math.max(highWater, attempt.endStep);
  }

  const timesKnown = timedCount >= 2 && attempts.every((a) => a.timed.length > 0);
  let wallSeconds: number | null = null;
  let downSeconds: number | null = null;
  let lostSeconds: number | null = null;
  if (timesKnown) {
    // Every attempt has a timed point here, so these are the attempts' start and end times.
    const startOf = (ap: AttemptPoints) => (ap.timed[0] as Timed).t;
    const endOf = (ap: AttemptPoints) => (ap.timed[ap.timed.length - 1] as Timed).t;
    wallSeconds = endOf(attempts[attempts.length - 1] as AttemptPoints) - startOf(attempts[0] as AttemptPoints);
    let down = 0;
    let recompute = 0;
    let high = Number.NEGATIVE_INFINITY;
    for (const [k, ap] of attempts.entries()) {
      if (k > 0) {
        down += startOf(ap) - endOf(attempts[k - 1] as AttemptPoints);
        if (ap.attempt.startStep < high) recompute += (ap.attempt.endStep < high ? endOf(ap) : (timeAt(ap.timed, high) ?? startOf(ap))) - startOf(ap);
      }
      high = Math.max(high, ap.attempt.endStep);
    }
    downSeconds = down;
    // Disjoint stretches of one monotone clock: the sum never exceeds the wall time (min guards rounding only).
    lostSeconds = Math.min(wallSeconds, down + recompute);
  }
  const productiveSeconds = wallSeconds === null || lostSeconds === null ? null : wallSeconds - lostSeconds;
  const ettr = productiveSeconds === null || wallSeconds === null || wallSeconds <= 0 ? null : productiveSeconds / wallSeconds;

  const ckpts = [...new Set(input.checkpointSteps.filter(Number.isFinite))].sort((a, b) => a - b);
  const stepGaps: number[] = [];
  const secondGaps: number[] = [];
  for (let i = 1; i < ckpts.length; i++) {
    const a = ckpts[i - 1] as number;
    const b = ckpts[i] as number;
    stepGaps.push(b - a);
    const span = attempts.findLast((ap) => ap.attempt.startStep <= a && ap.attempt.endStep >= b && ap.timed.length > 0);
    if (!span) continue;
    const ta = timeAt(span.timed, a);
    const tb = timeAt(span.timed, b);
    if (ta !== null && tb !== null) secondGaps.push(tb - ta);
  }

  return {
    attempts: attempts.map((a) => a.attempt),
    restarts: Math.max(0, attempts.length - 1),
    wallSeconds,
    productiveSeconds,
    ettr,
    recomputedSteps,
    lostSeconds,
    downSeconds,
    checkpointIntervalSteps: median(stepGaps),
    checkpointIntervalSeconds: median(secondGaps),
  };
}
