import { performance } from 'node:perf_hooks';

export interface ScenarioResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same quantity for the baseline measured in the same run (e.g. the raw read rate of the same bytes). */
  readonly baseline: number;
  readonly ratio: number;
  /** The target, when it sets one: on `ratio` (a rate against its floor, at least) or on `value` (a time or size, below). */
  readonly target: number | null;
  readonly met: boolean | null;
  /** What `target` is about; absent means `ratio`. */
  readonly targetOn?: 'ratio' | 'value';
  readonly detail?: Record<string, number | string>;
}

/** A time or size the issue bounds from above: met when the value stays below the target. */
export function valueBelow(value: number, target: number): Pick<ScenarioResult, 'target' | 'met' | 'targetOn'> {
  return { target, met: value < target, targetOn: 'value' };
}

/** Median of `reps` timed runs (after one warm-up), in milliseconds. */
export async function medianMs(reps: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
