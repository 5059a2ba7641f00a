import { diffWords } from 'diff';

/**
 * A word-level diff of a response against the baseline's, for the per-sample review (issue 8 §3). Kept apart from the
 * `diff` package's change objects so the renderer depends on a small typed shape, not on a library's.
 */

export type WordDiffKind = 'same' | 'added' | 'removed';

export interface WordDiffSegment {
  readonly kind: WordDiffKind;
  readonly text: string;
}

/**
 * Longer texts than this are not diffed word by word: diffWords is quadratic in the worst case, and a 20k-word
 * generation diffed on every row open would stall the UI. Such a pair comes back as one removal and one addition.
 */
export const MAX_WORD_DIFF_CHARS = 20_000;

/**
 * Segments that turn `base` into `other`: `same` text is in both, `removed` only in base, `added` only in other.
 * Whitespace is not a word: a change of spacing alone is no change, and common text carries `other`'s spacing. So
 * same+added gives `other` back exactly (it is the response on screen), same+removed gives `base` up to whitespace.
 * Neighbouring segments of one kind are merged.
 */
export function wordDiff(base: string, other: string): WordDiffSegment[] {
  if (base === other) return base === '' ? [] : [{ kind: 'same', text: base }];
  const raw: WordDiffSegment[] =
    base.length + other.length > MAX_WORD_DIFF_CHARS
      ? [
          { kind: 'removed', text: base },
          { kind: 'added', text: other },
        ]
      : diffWords(base, other).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
  const out: WordDiffSegment[] = [];
  for (const s of raw) {
    if (s.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.kind === s.kind) out[out.length - 1] = { kind: s.kind, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

/** True when some word was added or removed (spacing alone does not count). */
export function hasWordChanges(segments: readonly WordDiffSegment[]): boolean {
  return segments.some((s) => s.kind !== 'same');
}
