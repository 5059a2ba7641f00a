/**
 * Early-stopping replay with Hugging Face `EarlyStoppingCallback` semantics (analyses.md §6.1, §6.3 "Patience-based
 * stop point"): best = +∞, counter = 0; at each eval, if L < best − threshold then best ← L and counter ← 0, else
 * counter += 1; stop at the first eval where counter ≥ patience. Lightning's `EarlyStopping(min_delta, patience)`
 * behaves the same for a minimised metric.
 */
export function earlyStopStep(steps: ArrayLike<number>, values: ArrayLike<number>, patience: number, threshold: number): number | null {
  let best = Number.POSITIVE_INFINITY;
  let counter = 0;
  const n = Math.min(steps.length, values.length);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < best - threshold) {
      best = v;
      counter = 0;
    } else counter++;
    if (counter >= patience) return steps[i] as number;
  }
  return null;
}

/** The sensitivity grid of §6.3: patience ∈ {1, 3, 5, 10} × threshold ∈ {0, 0.001, 0.01}. */
export const PATIENCE_GRID = [1, 3, 5, 10] as const;
export const THRESHOLD_GRID = [0, 0.001, 0.01] as const;

export function earlyStopGrid(steps: ArrayLike<number>, values: ArrayLike<number>): { patience: number; threshold: number; stopStep: number | null }[] {
  const out: { patience: number; threshold: number; stopStep: number | null }[] = [];
  for (const patience of PATIENCE_GRID) for (const threshold of THRESHOLD_GRID) out.push({ patience, threshold, stopStep: earlyStopStep(steps, values, patience, threshold) });
  return out;
}
