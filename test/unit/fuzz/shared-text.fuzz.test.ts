import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumberCell, readDelimited, readJsonl, splitLines, splitRecord } from '../../../main/importers/shared-text';
import { anyString, fuzz, FUZZ_TIMEOUT_MS, longLineArb, textArb, timed } from '../../helpers/fuzz';

/**
 * The line layer under the CSV, TSV, JSONL and DVCLive readers: splitting bytes into lines with exact byte offsets,
 * RFC 4180 records, JSON Lines, number cells. Checked against independent readings of the same bytes.
 */

const enc = new TextEncoder();

describe('shared-text fuzz', () => {
  it('splitLines: offsets are the bytes after each newline, texts decode the bytes between, on any bytes', async () => {
    await fuzz(
      fc.oneof(fc.uint8Array({ maxLength: 400 }), textArb(400).map((t) => enc.encode(t))),
      (bytes) => {
        const { lines, tail } = splitLines(bytes);
        const starts = [0, ...[...bytes.keys()].filter((i) => bytes[i] === 0x0a).map((i) => i + 1)];
        const all = tail ? [...lines, tail] : lines;
        expect(lines.length).toBe(starts.length - 1);
        all.forEach((l, i) => {
          expect(l.offset).toBe(starts[i]);
          expect(l.lineNo).toBe(i + 1);
        });
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('splitRecord: quoting a list of any cells and splitting it gives the cells back', async () => {
    await fuzz(
      fc.record({ cells: fc.array(anyString(12), { minLength: 1, maxLength: 8 }), delimiter: fc.constantFrom(',', '\t') }),
      ({ cells, delimiter }) => {
        const line = cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(delimiter);
        expect(splitRecord(line, delimiter)).toEqual(cells);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('readDelimited and readJsonl take any text and long adversarial lines in time', async () => {
    await fuzz(
      fc.oneof(textArb(1000), longLineArb({ maxChars: 30_000, units: ['"', '""', ',', '\t', '"\n', 'a,"', '{"a":', '\n'] })),
      (t) => {
        const text = splitLines(enc.encode(t));
        const table = readDelimited(text, ',');
        for (const r of table.rows) expect(r.offset).toBeLessThanOrEqual(t.length * 3);
        for (const e of readJsonl(text)) expect(['row', 'bad']).toContain(e.kind);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('parseNumberCell: any cell is a number or null, and agrees with Number on plain decimals', async () => {
    await fuzz(
      fc.oneof(textArb(40), fc.double().map(String), fc.integer().map(String)),
      (t) => {
        const n = parseNumberCell(t);
        expect(n === null || typeof n === 'number').toBe(true);
        if (/^[+-]?\d+(\.\d+)?$/.test(t.trim())) expect(n).toBe(Number(t.trim()));
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('shared-text fuzz regressions', () => {
  // Found by the 500-case run: `\d+\.?\d*` let a run of digits split between the two quantifiers every way, so a cell of
  // 100,000 digits that did not end as a number took 4 to 7 s (quadratic backtracking).
  it.each(['', 'x', 'e', '.0x', '.', 'e+'])('a cell of 100,000 digits followed by %j is read in time', (tail) => {
    const cell = `${'0'.repeat(100_000)}${tail}`;
    const n = timed('parseNumberCell', () => parseNumberCell(cell), 200);
    expect(n).toBe(tail === '' || tail === '.' ? 0 : null);
  });
});
