import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../shared/util/tolerant-json';
import { completeElements, parseTolerantJson, salvageTolerantJson, TolerantJsonError } from '../../../shared/util/tolerant-json';

/** What Python's json.dumps writes for non-finite floats (allow_nan=True, the default). */
function pyDumps(v: unknown, indent?: number): string {
  const tokens = new Map<string, string>();
  const text = JSON.stringify(
    v,
    (_k, x: unknown) => {
      if (typeof x !== 'number' || Number.isFinite(x)) return x;
      const token = Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
      const mark = `@@${token}@@`;
      tokens.set(`"${mark}"`, token);
      return mark;
    },
    indent,
  );
  let out = text;
  for (const [mark, token] of tokens) out = out.split(mark).join(token);
  return out;
}

/** The careful parser, reached by making the fast one fail: trailing garbage after a complete document. */
function carefulParse(text: string): JsonValue | undefined {
  const s = salvageTolerantJson(`${text} x`);
  expect(s.error).toMatchObject({ offset: text.length + 1, isTruncated: false });
  expect(s.cut).toBeNull();
  return s.value;
}

describe('parseTolerantJson', () => {
  it('reads the bare NaN/Infinity/-Infinity tokens Python writes', () => {
    const v = parseTolerantJson('{"a": NaN, "b": [Infinity, -Infinity, 1.5, -0.25e-3]}');
    expect(v).toEqual({ a: Number.NaN, b: [Infinity, -Infinity, 1.5, -0.00025] });
    expect(parseTolerantJson('NaN')).toBeNaN();
    expect(parseTolerantJson(' -Infinity ')).toBe(-Infinity);
  });

  it('leaves the same words inside strings and keys alone, escapes included', () => {
    const text = '{"NaN": "Infinity", "q": "say \\"NaN\\" -Infinity", "bs": "ends with a backslash \\\\", "x": NaN, "t": "NaN"}';
    const expected = { NaN: 'Infinity', q: 'say "NaN" -Infinity', bs: 'ends with a backslash \\', x: Number.NaN, t: 'NaN' };
    expect(parseTolerantJson(text)).toEqual(expected);
    expect(carefulParse(text)).toEqual(expected);
  });

  it('does not mistake a string that looks like its internal sentinel for a number', () => {
    const text = '{"a": "\\u0000rl-nonfinite:NaN", "b": NaN}';
    const v = parseTolerantJson(text) as Record<string, unknown>;
    expect(v.a).toBe('\u0000rl-nonfinite:NaN');
    expect(v.b).toBeNaN();
  });

  it('agrees with JSON.parse on any standard JSON, on both parsers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const want = JSON.parse(text) as unknown;
        expect(parseTolerantJson(text)).toEqual(want);
        expect(carefulParse(text)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips Python-written documents with non-finite numbers, on both parsers', () => {
    const num = fc.double().map((d) => (Object.is(d, -0) ? 0 : d));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, num, fc.string(), fc.boolean(), fc.constant(null), tie('arr'), tie('obj')),
      arr: fc.array(tie('value'), { maxLength: 4 }),
      obj: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 2), (v, indent) => {
        const text = pyDumps(v, indent);
        expect(parseTolerantJson(text)).toEqual(v);
        expect(carefulParse(text)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['{"a": 1,}', 8],
    ['[1, 2,]', 6],
    ["{'a': 1}", 1],
    ['[01]', 1],
    ['[1.]', 1],
    ['[.5]', 1],
    ['[+1]', 1],
    ['["a\u0001b"]', 3],
    ['["\\x"]', 2],
    ['["\\u12g4"]', 2],
    ['[-NaN]', 1],
    ['[nan]', 1],
    ['[None]', 1],
    ['{"a" 1}', 5],
    ['{1: 2}', 1],
    ['[1 2]', 3],
    ['[1] 2', 4],
    ['// comment\n{}', 0],
    ['', 0],
  ])('rejects %j as JSON.parse does, stopping at character %i', (text, offset) => {
    expect(() => JSON.parse(text.replace(/NaN/g, 'null'))).toThrow();
    let caught: unknown;
    try {
      parseTolerantJson(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TolerantJsonError);
    expect((caught as TolerantJsonError).offset).toBe(offset);
  });

  it('keeps a "__proto__" key as data, like JSON.parse, without touching the prototype', () => {
    for (const text of ['{"__proto__": {"x": NaN}, "y": 1}', '{"__proto__": {"x": 1}, "y": 1} x']) {
      const s = salvageTolerantJson(text);
      const v = s.value as Record<string, unknown>;
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(Object.keys(v)).toEqual(['__proto__', 'y']);
      expect((Object.getOwnPropertyDescriptor(v, '__proto__')?.value as { x: number }).x).toEqual(text.endsWith('x') ? 1 : Number.NaN);
    }
  });

  it('survives nesting far deeper than the call stack', () => {
    const depth = 200_000;
    expect(() => parseTolerantJson('['.repeat(depth))).toThrow(TolerantJsonError);
    const s = salvageTolerantJson(`${'['.repeat(depth)}NaN${']'.repeat(depth)}`);
    expect(s.error).toBeNull();
    let node = s.value;
    for (let i = 0; i < depth; i++) node = (node as JsonValue[])[0];
    expect(node).toBeNaN();
    expect(salvageTolerantJson(`${'['.repeat(depth)}1`).error).toMatchObject({ offset: depth + 1, isTruncated: true });
  });
});

describe('salvageTolerantJson on a trainer_state cut while being written', () => {
  // Built piece by piece so the test knows where each log row ends.
  const rows = [
    '{"loss": 0.6931, "rewards/margins": 0.0, "step": 1}',
    '{"grad_norm": Infinity, "loss": NaN, "note": "a}b]c\\"d NaN", "step": 2}',
    '{"eval_loss": -Infinity, "nested": {"k": [1, 2, {"z": null}]}, "step": 3}',
    '{"caf\\u00e9": 1e-7, "emoji": "\uD83D\uDE00", "loss": 1.25E+2, "step": 4}',
  ];
  let doc = '{\n  "best_model_checkpoint": "out/checkpoint-2",\n  "global_step": 4,\n  "log_history": [\n';
  const rowEnds: number[] = [];
  rows.forEach((r, i) => {
    doc += `    ${r}`;
    rowEnds.push(doc.length);
    doc += i < rows.length - 1 ? ',\n' : '\n';
  });
  doc += '  ],\n  "max_steps": 4,\n  "trial_name": null\n}\n';
  const full = parseTolerantJson(doc) as { log_history: JsonValue[] };

  it('parses the whole document', () => {
    expect(full.log_history).toHaveLength(4);
    expect(full.log_history[1]).toEqual({ grad_norm: Infinity, loss: Number.NaN, note: 'a}b]c"d NaN', step: 2 });
    expect(full.log_history[3]).toEqual({ café: 1e-7, emoji: '\u{1F600}', loss: 125, step: 4 });
  });

  it('at every cut: never throws, keeps exactly the rows written in full, and stops at the cut', () => {
    const docEnd = doc.trimEnd().length;
    for (let cut = 0; cut <= doc.length; cut++) {
      const text = doc.slice(0, cut);
      const s = salvageTolerantJson(text);
      const kept = completeElements(s, ['log_history']) ?? [];
      expect(kept).toEqual(full.log_history.slice(0, rowEnds.filter((end) => end <= cut).length));
      if (cut < docEnd) {
        expect(s.error).toMatchObject({ offset: cut, isTruncated: true });
        expect(() => parseTolerantJson(text)).toThrow(TolerantJsonError);
      } else {
        expect(s.error).toBeNull();
        expect(s.value).toEqual(full);
      }
    }
  });

  it('keeps the complete fields before the cut and names the open containers', () => {
    const cut = doc.indexOf('"eval_loss"') + 4;
    const s = salvageTolerantJson(doc.slice(0, cut));
    expect(s.cut).toEqual(['log_history', 2]);
    expect(s.value).toMatchObject({ best_model_checkpoint: 'out/checkpoint-2', global_step: 4 });
    expect(completeElements(s, ['log_history'])).toHaveLength(2);
  });

  it('stops at garbage (a crash that left NUL bytes) and keeps the rows before it', () => {
    const at = (rowEnds[1] as number) + 1;
    const text = `${doc.slice(0, at)}\u0000\u0000\u0000\u0000`;
    const s = salvageTolerantJson(text);
    expect(s.error).toMatchObject({ offset: at, isTruncated: false });
    expect(s.error?.message).toContain('control character 0x00');
    expect(completeElements(s, ['log_history'])).toEqual(full.log_history.slice(0, 2));
  });

  it('never throws and keeps only a prefix, for random documents cut anywhere', () => {
    const row = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.double(), fc.string({ maxLength: 8 }), fc.constant(null)), { maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.nat(), (history, seed) => {
        const text = pyDumps({ global_step: 1, log_history: history }, 2);
        const cut = seed % (text.length + 1);
        const s = salvageTolerantJson(text.slice(0, cut));
        const kept = completeElements(s, ['log_history']) ?? [];
        expect(kept.length).toBeLessThanOrEqual(history.length);
        const whole = (parseTolerantJson(text) as { log_history: JsonValue[] }).log_history;
        expect(kept).toEqual(whole.slice(0, kept.length));
      }),
      { numRuns: 300 },
    );
  });

  it('drops a number or literal the cut may have shortened, keeps one that cannot grow', () => {
    expect(salvageTolerantJson('[1, 22').value).toEqual([1]);
    expect(salvageTolerantJson('{"a": 1, "b": 2.5e').value).toEqual({ a: 1 });
    expect(salvageTolerantJson('[true, Infin').value).toEqual([true]);
    expect(salvageTolerantJson('[1, true').value).toEqual([1, true]);
    expect(salvageTolerantJson('[1, "ab').value).toEqual([1]);
    expect(salvageTolerantJson('22')).toEqual({ value: 22, error: null, cut: null });
  });

  it('returns the array untouched when the cut is elsewhere, and undefined when there is no array', () => {
    const s = salvageTolerantJson('{"log_history": [{"step": 1}], "other": {"a": 1');
    expect(s.cut).toEqual(['other']);
    expect(completeElements(s, ['log_history'])).toEqual([{ step: 1 }]);
    expect(completeElements(s, ['other'])).toBeUndefined();
    expect(completeElements(salvageTolerantJson(''), ['log_history'])).toBeUndefined();
  });
});
