import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH, MAX_SUBJECT_LENGTH, backtrackingRisk, compileTextMatcher, isRegexQuery } from '../../../renderer/components/text-match';

describe('text matcher', () => {
  it('matches every space-separated word, case-insensitively; empty matches all', () => {
    const m = compileTextMatcher('EVAL loss');
    expect(m.ok && m.kind).toBe('words');
    expect(m.test('eval/loss')).toBe(true);
    expect(m.test('loss of eval')).toBe(true);
    expect(m.test('train/loss')).toBe(false);
    const all = compileTextMatcher('   ');
    expect(all.kind).toBe('all');
    expect(all.test('anything')).toBe(true);
  });

  it('treats /…/ as a case-insensitive regex and a lone slash as text', () => {
    expect(isRegexQuery('/^eval/')).toBe(true);
    expect(isRegexQuery('//')).toBe(false);
    expect(isRegexQuery('/train')).toBe(false);
    const m = compileTextMatcher(' /^(eval|val)[/_]loss$/ ');
    expect(m.ok && m.kind).toBe('regex');
    expect(m.test('eval_loss')).toBe(true);
    expect(m.test('VAL/loss')).toBe(true);
    expect(m.test('train/eval_loss')).toBe(false);
    expect(compileTextMatcher('/train').test('runs/train/x')).toBe(true);
  });

  it('reports an invalid regex instead of throwing, and matches nothing', () => {
    const m = compileTextMatcher('/([/');
    expect(m.ok).toBe(false);
    if (m.ok) return;
    expect(m.error).toMatch(/^Invalid regex/);
    expect(m.test('([')).toBe(false);
  });

  it('refuses patterns that can backtrack exponentially, and too-long patterns', () => {
    for (const p of ['(a+)+$', '(a*)*b', '(a|a)*$', '(?:x+y*)+', '((a+))+', '(.*a){20,}', '(a+){2,50}']) {
      expect(backtrackingRisk(p), p).not.toBeNull();
      const m = compileTextMatcher(`/${p}/`);
      expect(m.ok, p).toBe(false);
    }
    for (const p of ['^eval/', '(train|eval)/loss', 'a+b*', '[(a+)+]', '\\(a+\\)+', '(ab){2}', 'x{1,5}']) expect(backtrackingRisk(p), p).toBeNull();
    const long = compileTextMatcher(`/${'a'.repeat(MAX_PATTERN_LENGTH + 1)}/`);
    expect(long.ok).toBe(false);
  });

  it('stays fast on a long subject for the patterns it accepts', () => {
    const m = compileTextMatcher('/^(\\w+\\s?)*$/');
    // Refused: the textbook catastrophic case.
    expect(m.ok).toBe(false);
    // Three open-ended repeats: polynomial blow-up (tens of seconds on 500 characters), refused.
    expect(compileTextMatcher('/a.*a.*a.*b/').ok).toBe(false);
    expect(compileTextMatcher('/\\w+\\w+\\w+b/').ok).toBe(false);
    // Two are allowed; the subject is capped, so even a pathological one is quick.
    const ok = compileTextMatcher('/.*a.*b/');
    expect(ok.ok).toBe(true);
    const t0 = performance.now();
    expect(ok.test('a'.repeat(100_000))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
    // Past the cap is not searched: the price of the bound.
    expect(ok.test(`${'x'.repeat(MAX_SUBJECT_LENGTH)}ab`)).toBe(false);
    expect(ok.test(`${'x'.repeat(MAX_SUBJECT_LENGTH - 2)}ab`)).toBe(true);
  });
});
