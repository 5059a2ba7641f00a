import { maskedCrc32c } from '../../../shared/util/crc';

export type FrameStop =
  | { kind: 'end' }
  /** The file ends inside a record: being written, or cut by a crash. */
  | { kind: 'truncated'; offset: number }
  | { kind: 'corrupt'; offset: number; reason: string };

const HEADER = 12;
const FOOTER = 4;
/** No real event is this large; a bigger length field means the framing is broken. */
const MAX_RECORD_BYTES = 1 << 30;

/**
 * Iterates TFRecord frames (`u64 length, u32 masked crc(length), data, u32 masked crc(data)`) from `start`, yielding
 * each payload's bounds. Stops at the first problem and reports it through `onStop`; everything before is kept.
 */
export function* readFrames(buf: Uint8Array, start: number, onStop: (stop: FrameStop) => void): Generator<{ start: number; end: number; offset: number }> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = start;
  while (true) {
    if (pos === buf.length) return onStop({ kind: 'end' });
    if (pos + HEADER > buf.length) return onStop({ kind: 'truncated', offset: pos });
    const lenLo = view.getUint32(pos, true);
    const lenHi = view.getUint32(pos + 4, true);
    if (view.getUint32(pos + 8, true) !== maskedCrc32c(buf, pos, pos + 8)) {
      return onStop({ kind: 'corrupt', offset: pos, reason: 'length checksum mismatch' });
    }
    const len = lenHi * 2 ** 32 + lenLo;
    if (len > MAX_RECORD_BYTES) return onStop({ kind: 'corrupt', offset: pos, reason: `implausible record length ${len}` });
    const dataStart = pos + HEADER;
    const dataEnd = dataStart + len;
    if (dataEnd + FOOTER > buf.length) return onStop({ kind: 'truncated', offset: pos });
    if (view.getUint32(dataEnd, true) !== maskedCrc32c(buf, dataStart, dataEnd)) {
      return onStop({ kind: 'corrupt', offset: pos, reason: 'data checksum mismatch' });
    }
    yield { start: dataStart, end: dataEnd, offset: pos };
    pos = dataEnd + FOOTER;
  }
}
