/**
 * Maps a UTF-16 offset in decoded text back to the byte it came from. Parsers of whole text documents (JSON) stop at
 * a character offset, and warnings carry byte offsets. Re-encoding the decoded prefix is wrong for damaged bytes: each
 * invalid sequence (1 to 3 bytes) decodes to one U+FFFD, which re-encodes as 3 bytes, and the BOM the decoder drops
 * re-encodes as nothing. This walks the bytes as the WHATWG UTF-8 decoder does (TextDecoder, non-fatal, BOM stripped).
 */
export function byteOffsetOfUnit(bytes: Uint8Array, unit: number): number {
  const n = bytes.length;
  let i = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let units = 0;
  while (i < n) {
    const start = i;
    const { end, width } = sequenceAt(bytes, i);
    // A unit inside a surrogate pair belongs to the pair's 4-byte sequence.
    if (units + width > unit) return start;
    units += width;
    i = end;
  }
  return n;
}

/** The byte sequence starting at `i` as the decoder reads it: where it ends and how many UTF-16 units it yields. */
function sequenceAt(bytes: Uint8Array, i: number): { end: number; width: number } {
  const b = bytes[i] as number;
  let needed: number;
  let lower = 0x80;
  let upper = 0xbf;
  if (b <= 0x7f) return { end: i + 1, width: 1 };
  if (b >= 0xc2 && b <= 0xdf) needed = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    needed = 2;
    if (b === 0xe0) lower = 0xa0;
    if (b === 0xed) upper = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    needed = 3;
    if (b === 0xf0) lower = 0x90;
    if (b === 0xf4) upper = 0x8f;
  } else return { end: i + 1, width: 1 }; // an invalid lead byte: one U+FFFD
  let j = i + 1;
  for (let seen = 0; seen < needed; seen++, j++) {
    const c = bytes[j];
    // A bad or missing continuation ends the sequence as one U+FFFD; that byte starts the next sequence.
    if (c === undefined || c < lower || c > upper) return { end: j, width: 1 };
    lower = 0x80;
    upper = 0xbf;
  }
  return { end: j, width: needed === 3 ? 2 : 1 };
}
