import { describe, expect, it } from 'vitest';
import { parseTolerantJson, salvageArray, TolerantJsonError } from '../../../shared/util/tolerant-json';

describe('parseTolerantJson', () => {
  it('accepts the NaN/Infinity tokens Python writes, outside strings only', () => {
    const v = parseTolerantJson('{"a": NaN, "b": [Infinity, -Infinity, 1.5], "s": "NaN and Infinity stay text", "q": "say \\"NaN\\""}') as Record<string, unknown>;
    expect(Number.isNaN(v.a)).toBe(true);
    expect(v.b).toEqual([Infinity, -Infinity, 1.5]);
    expect(v.s).toBe('NaN and Infinity stay text');
    expect(v.q).toBe('say "NaN"');
  });
  it('parses plain JSON unchanged and reports where bad JSON fails', () => {
    expect(parseTolerantJson('{"x": [1, null, true]}')).toEqual({ x: [1, null, true] });
    expect(() => parseTolerantJson('{"x": [1, 2')).toThrow(TolerantJsonError);
  });
});

describe('salvageArray', () => {
  const doc = '{\n  "global_step": 3,\n  "log_history": [\n    {"loss": 1.0, "step": 1},\n    {"loss": NaN, "step": 2, "tag": "a}b"},\n    {"loss": 0.5, "step": 3}\n  ]\n}';
  it('recovers every complete element before a cut, at every cut', () => {
    let prev = 0;
    for (let cut = 0; cut <= doc.length; cut++) {
      const { items, stoppedAt } = salvageArray(doc.slice(0, cut), 'log_history');
      expect(items.length).toBeGreaterThanOrEqual(prev);
      expect(stoppedAt).toBeLessThanOrEqual(cut);
      prev = items.length;
    }
    expect(prev).toBe(3);
    const mid = salvageArray(doc.slice(0, doc.indexOf('{"loss": 0.5')), 'log_history');
    expect(mid.items.map((r) => (r as { step: number }).step)).toEqual([1, 2]);
  });
  it('returns nothing when the key is absent', () => {
    expect(salvageArray('{"a": 1', 'log_history')).toEqual({ items: [], stoppedAt: 0 });
  });
});
