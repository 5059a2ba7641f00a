import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../../main/cli/close-matches';

describe('closeMatches', () => {
  const metrics = ['train/loss', 'train/learning_rate', 'train/grad_norm', 'eval/loss', 'epoch'];

  it('edit distance counts inserts, deletes and substitutions, ignoring case', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('Loss', 'loss')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('offers names containing what was typed, then near misspellings, best first', () => {
    expect(closeMatches('loss', metrics)).toEqual(['eval/loss', 'train/loss']);
    expect(closeMatches('train/los', metrics)[0]).toBe('train/loss');
    expect(closeMatches('epoc', metrics)).toEqual(['epoch']);
  });

  it('offers nothing for a name unlike any, and at most `limit`', () => {
    expect(closeMatches('banana', metrics)).toEqual([]);
    expect(closeMatches('train', metrics, 2)).toHaveLength(2);
  });
});
