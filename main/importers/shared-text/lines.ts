import { decodeUtf8Range } from '../../../shared/util/protobuf';

/** One line of a text file, with where it starts (for warnings: byte offsets are the unit every format shares). */
export interface TextLine {
  readonly text: string;
  /** 1-based. */
  readonly lineNo: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
}

export interface TextLines {
  /** Lines that ended with `\n` (a trailing `\r` removed): complete records. */
  readonly lines: readonly TextLine[];
  /**
   * The text after the last `\n`, when there is any: a line still being written (live runs) or cut by a crash. Each
   * format decides whether it can tell it is complete (a JSON object can; a CSV row cannot).
   */
  readonly tail: TextLine | null;
}

/**
 * Splits bytes into lines on `\n` without decoding the whole file first, so offsets are exact byte offsets even with
 * multi-byte UTF-8. A leading UTF-8 BOM (Excel, PowerShell) is skipped but still counts in the offsets.
 *
 * `from` says where `bytes` start in the file when only a growing file's new part was read (live follow): offsets and
 * line numbers then continue from there.
 */
export function splitLines(bytes: Uint8Array, from: { readonly base: number; readonly linesBefore: number } = { base: 0, linesBefore: 0 }): TextLines {
  const lines: TextLine[] = [];
  const bom = from.base === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let start = bom ? 3 : 0;
  // Line 1 starts at byte 0 even after a BOM: the offset names where the line begins in the file.
  let lineStart = 0;
  let lineNo = from.linesBefore + 1;
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
    lines.push({ text: decodeUtf8Range(bytes, start, end), lineNo, offset: from.base + lineStart });
    lineNo++;
    start = i + 1;
    lineStart = start;
  }
  const tail = start < bytes.length ? { text: decodeUtf8Range(bytes, start, bytes.length), lineNo, offset: from.base + lineStart } : null;
  return { lines, tail };
}
