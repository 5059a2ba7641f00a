import type { XAxis } from './series';

/**
 * Which metrics can serve as a chart's x axis, and how an x axis is named and keyed. Pure, shared by the host's
 * tests and the renderer's x-axis control.
 */

/** Counters of tokens trained on, as the common trainers log them (HF `num_input_tokens_seen`, TRL `num_tokens`, LLaMA-Factory `total_tokens`). */
export const TOKEN_X_NAMES: readonly string[] = ['num_input_tokens_seen', 'num_tokens', 'total_tokens', 'tokens_seen', 'consumed_tokens', 'tokens'];
const EPOCH_X_NAMES: readonly string[] = ['epoch', 'epochs'];

export type XCandidateKind = 'tokens' | 'epoch' | 'other';

export interface XCandidate {
  readonly name: string;
  readonly kind: XCandidateKind;
}

/** The name's last `/`-separated part, lower-cased: `train/num_input_tokens_seen` → `num_input_tokens_seen`. */
function leaf(name: string): string {
  const i = name.lastIndexOf('/');
  return (i >= 0 ? name.slice(i + 1) : name).toLowerCase();
}

export function xCandidateKind(name: string): XCandidateKind {
  const l = leaf(name);
  if (TOKEN_X_NAMES.includes(l)) return 'tokens';
  if (EPOCH_X_NAMES.includes(l)) return 'epoch';
  return 'other';
}

/**
 * Every metric can be an x axis (the value of that metric at the point's step); token counters come first, then
 * epochs, then the rest in the order given. Duplicates are dropped.
 */
export function xMetricCandidates(names: readonly string[]): XCandidate[] {
  const seen = new Set<string>();
  const all: XCandidate[] = [];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    all.push({ name, kind: xCandidateKind(name) });
  }
  const rank: Record<XCandidateKind, number> = { tokens: 0, epoch: 1, other: 2 };
  return all.map((c, i) => ({ c, i })).sort((a, b) => rank[a.c.kind] - rank[b.c.kind] || a.i - b.i).map((e) => e.c);
}

/** A select's value for an x axis: `step`, `wall`, `relative`, `metric:<name>`. */
export function xAxisKey(x: XAxis): string {
  return x.kind === 'metric' ? `metric:${x.metric}` : x.kind;
}

/** The x axis a select's value names; null for anything else. */
export function parseXAxisKey(key: string): XAxis | null {
  if (key === 'step' || key === 'wall' || key === 'relative') return { kind: key };
  if (key.startsWith('metric:') && key.length > 'metric:'.length) return { kind: 'metric', metric: key.slice('metric:'.length) };
  return null;
}

/** The axis title. */
export function xAxisLabel(x: XAxis): string {
  switch (x.kind) {
    case 'step':
      return 'step';
    case 'wall':
      return 'wall time';
    case 'relative':
      return 'relative time';
    case 'metric':
      return x.metric;
  }
}
