import { describe, expect, it } from 'vitest';
import { hasWordChanges, MAX_WORD_DIFF_CHARS, wordDiff } from '../../../../shared/analysis/review/word-diff';
import type { WordDiffSegment } from '../../../../shared/analysis/review/word-diff';

const side = (segs: readonly WordDiffSegment[], drop: 'added' | 'removed') =>
  segs
    .filter((s) => s.kind !== drop)
    .map((s) => s.text)
    .join('');

const words = (t: string) => t.split(/\s+/).filter((w) => w !== '');

describe('wordDiff', () => {
  it('marks a changed answer word as removed then added, keeping the rest in common', () => {
    const segs = wordDiff('The answer is 42.', 'The answer is 17.');
    expect(segs.filter((s) => s.kind === 'removed').map((s) => s.text.trim())).toEqual(['42']);
    expect(segs.filter((s) => s.kind === 'added').map((s) => s.text.trim())).toEqual(['17']);
    expect(segs[0]).toEqual({ kind: 'same', text: expect.stringContaining('The answer is') });
    expect(hasWordChanges(segs)).toBe(true);
  });

  it('rebuilds the other text exactly and the base up to whitespace', () => {
    const base = 'Natalia sold 48 clips in April, and half as many in May.\n#### 72';
    const other = 'Natalia sold 48 clips in April and 24 in May, so 48 + 24 = 72.\n#### 72 <b>done</b>';
    const segs = wordDiff(base, other);
    expect(words(side(segs, 'added'))).toEqual(words(base));
    expect(side(segs, 'removed')).toBe(other);
    // Merged: never two neighbours of one kind, never an empty segment.
    for (let i = 1; i < segs.length; i++) expect(segs[i]?.kind).not.toBe(segs[i - 1]?.kind);
    expect(segs.every((s) => s.text !== '')).toBe(true);
  });

  it('treats a change of spacing alone as no change', () => {
    const segs = wordDiff('x\n\ny', 'x y');
    expect(hasWordChanges(segs)).toBe(false);
    expect(side(segs, 'removed')).toBe('x y');
  });

  it('returns one common segment for equal texts and nothing for two empty ones', () => {
    expect(wordDiff('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
    expect(hasWordChanges(wordDiff('same words', 'same words'))).toBe(false);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('handles an empty side as a whole addition or removal', () => {
    expect(wordDiff('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
    expect(wordDiff('old text', '')).toEqual([{ kind: 'removed', text: 'old text' }]);
  });

  it('does not diff word by word past the size cap, and still rebuilds both sides', () => {
    const base = 'a '.repeat(MAX_WORD_DIFF_CHARS);
    const other = `${base}b`;
    const segs = wordDiff(base, other);
    expect(segs).toEqual([
      { kind: 'removed', text: base },
      { kind: 'added', text: other },
    ]);
  });
});
