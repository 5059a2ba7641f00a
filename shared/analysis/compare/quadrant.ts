import type { Interval } from './stderr-delta';

/**
 * Where a method / checkpoint lands on the safety–reasoning plane (analyses.md §2.3 A "quadrant plot"), from its
 * category scores vs the baseline (both oriented so positive = better). A quadrant is claimed only when both
 * intervals exclude 0; otherwise the point's position is noise-compatible with "no change" on that axis.
 */

export type Quadrant =
  /** Safer and better at reasoning. */
  | 'both-better'
  /** Safer, worse at reasoning: the alignment (safety) tax of Huang et al. (§2.1). */
  | 'alignment-tax'
  /** Better at reasoning, less safe. */
  | 'reverse-tax'
  | 'both-worse';

/** Per axis: interval wholly above 0, wholly below, covering 0, or no interval to judge by. */
export type AxisState = 'better' | 'worse' | 'indistinguishable' | 'unknown';

export interface AxisDelta {
  readonly delta: number;
  readonly interval: Interval | null;
}

export interface QuadrantResult {
  /** Both axes decided: the quadrant; otherwise 'not-distinguishable' (an interval covers 0 or is missing). */
  readonly verdict: Quadrant | 'not-distinguishable';
  /** The quadrant of the point estimate alone (for placing the dot); null when a delta is exactly 0 or not finite. */
  readonly pointQuadrant: Quadrant | null;
  readonly reasoning: AxisState;
  readonly safety: AxisState;
}

export function axisState(axis: AxisDelta): AxisState {
  const iv = axis.interval;
  if (iv === null || !Number.isFinite(iv.low) || !Number.isFinite(iv.high)) return 'unknown';
  if (iv.low > 0) return 'better';
  if (iv.high < 0) return 'worse';
  return 'indistinguishable';
}

function quadrantOf(reasoningUp: boolean, safetyUp: boolean): Quadrant {
  if (reasoningUp) return safetyUp ? 'both-better' : 'reverse-tax';
  return safetyUp ? 'alignment-tax' : 'both-worse';
}

export function classifyQuadrant(reasoning: AxisDelta, safety: AxisDelta): QuadrantResult {
  const r = axisState(reasoning);
  const s = axisState(safety);
  const decided = (a: AxisState) => a === 'better' || a === 'worse';
  const verdict = decided(r) && decided(s) ? quadrantOf(r === 'better', s === 'better') : 'not-distinguishable';
  const signOk = (x: number) => Number.isFinite(x) && x !== 0;
  const pointQuadrant = signOk(reasoning.delta) && signOk(safety.delta) ? quadrantOf(reasoning.delta > 0, safety.delta > 0) : null;
  return { verdict, pointQuadrant, reasoning: r, safety: s };
}

/** Short labels for the plane's quadrants and the table. */
export const QUADRANT_LABELS: Readonly<Record<Quadrant | 'not-distinguishable', string>> = {
  'both-better': 'Both better',
  'alignment-tax': 'Alignment tax (safer, weaker reasoning)',
  'reverse-tax': 'Reverse tax (stronger reasoning, less safe)',
  'both-worse': 'Both worse',
  'not-distinguishable': 'Not distinguishable from 0',
};
