import { describe, expect, it } from 'vitest';
import { parseNumberCell, readDelimited, readJsonl, splitLines, splitRecord } from '../../../main/importers/shared-text';

const enc = new TextEncoder();

// The line reader shared by the lightning-csv, llama-factory, dvclive and table importers.
describe('shared-text splitLines', () => {
  it('gives byte offsets (multi-byte UTF-8 included), 1-based line numbers, strips \\r, and keeps the unterminated tail apart', () => {
    const { lines, tail } = splitLines(enc.encode('é,x\r\n\nab\nc'));
    expect(lines).toEqual([
      { text: 'é,x', lineNo: 1, offset: 0 },
      { text: '', lineNo: 2, offset: 6 },
      { text: 'ab', lineNo: 3, offset: 7 },
    ]);
    expect(tail).toEqual({ text: 'c', lineNo: 4, offset: 10 });
    expect(splitLines(enc.encode('a\n')).tail).toBeNull();
  });

  it('skips a UTF-8 BOM but counts it in offsets', () => {
    const { lines } = splitLines(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62, 0x0a]));
    expect(lines).toEqual([
      { text: 'a', lineNo: 1, offset: 0 },
      { text: 'b', lineNo: 2, offset: 5 },
    ]);
  });
});

describe('shared-text delimited', () => {
  it('splits RFC 4180 records', () => {
    expect(splitRecord('a,"b,c","x ""y""",', ',')).toEqual(['a', 'b,c', 'x "y"', '']);
    expect(splitRecord('a,"open', ',')).toBeNull();
  });

  it('joins a quoted cell across lines, skips blank lines, and reports an open quote at the end as unfinished', () => {
    const t = readDelimited(splitLines(enc.encode('step,note\n\n1,"two\nlines"\n2,"never closed\n')), ',');
    expect(t.header).toEqual(['step', 'note']);
    expect(t.rows).toEqual([{ cells: ['1', 'two\nlines'], lineNo: 3, offset: 11 }]);
    expect(t.incomplete).toEqual({ lineNo: 5, offset: 25 });
  });
});

describe('shared-text parseNumberCell', () => {
  it.each([
    ['1.5', 1.5],
    [' -2e-3 ', -0.002],
    ['.5', 0.5],
    ['3.', 3],
    ['nan', Number.NaN],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['', null],
    ['0x10', null],
    ['1_000', null],
    ['2024-01-01', null],
    ['abc', null],
  ])('%j → %s', (cell, want) => {
    expect(parseNumberCell(cell)).toEqual(want);
  });
});

describe('shared-text readJsonl', () => {
  it('yields rows and bad lines with their place; a tail is bad only when it does not parse', () => {
    const out = [...readJsonl(splitLines(enc.encode('{"a": 1}\n[1]\n{"a": NaN}\n{"a": 2}')))];
    expect(out).toEqual([
      { kind: 'row', value: { a: 1 }, lineNo: 1, offset: 0 },
      { kind: 'bad', lineNo: 2, offset: 9, isTail: false, reason: 'not a JSON object' },
      { kind: 'row', value: { a: Number.NaN }, lineNo: 3, offset: 13 },
      { kind: 'row', value: { a: 2 }, lineNo: 4, offset: 24 },
    ]);
    expect([...readJsonl(splitLines(enc.encode('{"a": 1}\n{"a"')))][1]).toMatchObject({ kind: 'bad', lineNo: 2, isTail: true });
  });
});
