import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteOffsetOfUnit } from '../../../main/importers/common/utf8-offset';
import { anyString, fuzz, FUZZ_TIMEOUT_MS } from '../../helpers/fuzz';

/**
 * Warnings carry byte offsets, whole-document parsers stop at a UTF-16 offset: main/importers/common/utf8-offset.ts
 * maps one to the other as TextDecoder decodes (invalid sequences become one U+FFFD each, a BOM is dropped). Written
 * for the bug the fuzzers found (offsets past the end of files with invalid UTF-8); checked here against the decoder.
 */

const dec = new TextDecoder();

/** Bytes biased to UTF-8 edge cases: valid multi-byte sequences, lone and overlong bytes, surrogates, a BOM. */
const bytesArb = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => [b]),
      anyString(3).map((s) => [...new TextEncoder().encode(s)]),
      fc.constantFrom([0xef, 0xbb, 0xbf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xe0, 0x80], [0xf0, 0x9f], [0xe2, 0x82]),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe('UTF-8 offset fuzz', () => {
  it('the bytes before the mapped offset decode to the text before the unit', async () => {
    await fuzz(
      bytesArb,
      (bytes) => {
        const text = dec.decode(bytes);
        for (let unit = 0; unit <= text.length; unit++) {
          const at = byteOffsetOfUnit(bytes, unit);
          expect(at).toBeGreaterThanOrEqual(0);
          expect(at).toBeLessThanOrEqual(bytes.length);
          // Inside a surrogate pair the offset is the pair's start.
          const isLow = unit > 0 && unit < text.length && /[\udc00-\udfff]/.test(text[unit] ?? '') && /[\ud800-\udbff]/.test(text[unit - 1] ?? '');
          expect(dec.decode(bytes.subarray(0, at))).toBe(text.slice(0, isLow ? unit - 1 : unit));
        }
        expect(byteOffsetOfUnit(bytes, text.length)).toBe(bytes.length);
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('counts an invalid byte as the one byte it is, and skips a BOM', () => {
    const bytes = Uint8Array.of(0xef, 0xbb, 0xbf, 0x61, 0x80, 0x62, 0xe2, 0x82, 0x63);
    expect(dec.decode(bytes)).toBe('a\ufffdb\ufffdc');
    expect([0, 1, 2, 3, 4, 5].map((u) => byteOffsetOfUnit(bytes, u))).toEqual([3, 4, 5, 6, 8, 9]);
  });
});
