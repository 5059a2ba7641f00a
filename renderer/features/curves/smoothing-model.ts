import type { Smoothing } from '../../../shared/analysis/smoothing';

export type SmoothingKind = Smoothing['kind'];

/** The choices offered, in menu order, with the parameter each one takes. */
export const SMOOTHING_CHOICES: readonly { kind: SmoothingKind; label: string; param: { label: string; min: number; max: number; step: number; initial: number } | null }[] = [
  { kind: 'none', label: 'None', param: null },
  { kind: 'ema', label: 'EMA (TensorBoard)', param: { label: 'weight', min: 0, max: 0.999, step: 0.001, initial: 0.6 } },
  { kind: 'ema-spacing', label: 'EMA, spacing-aware', param: { label: 'weight', min: 0, max: 0.999, step: 0.001, initial: 0.6 } },
  { kind: 'running', label: 'Running average', param: { label: 'points', min: 1, max: 1001, step: 1, initial: 25 } },
  { kind: 'gaussian', label: 'Gaussian', param: { label: 'sigma (x units)', min: 0.5, max: 100_000, step: 0.5, initial: 10 } },
];

/** The parameter value of a smoothing (its weight, window or sigma), or null for none. */
export function smoothingParam(s: Smoothing): number | null {
  switch (s.kind) {
    case 'none':
      return null;
    case 'ema':
    case 'ema-spacing':
      return s.weight;
    case 'running':
      return s.window;
    case 'gaussian':
      return s.sigma;
  }
}

/** A smoothing of `kind` with parameter `value`, clamped to what the host accepts; a bad number keeps the default. */
export function makeSmoothing(kind: SmoothingKind, value: number | null): Smoothing {
  const choice = SMOOTHING_CHOICES.find((c) => c.kind === kind);
  const p = choice?.param;
  if (!p) return { kind: 'none' };
  const v = value === null || !Number.isFinite(value) ? p.initial : Math.min(p.max, Math.max(p.min, value));
  switch (kind) {
    case 'ema':
    case 'ema-spacing':
      return { kind, weight: v };
    case 'running':
      return { kind, window: Math.round(v) };
    case 'gaussian':
      return { kind, sigma: v };
    case 'none':
      return { kind: 'none' };
  }
}
