import { crc32 } from '../../../shared/util/crc';
import { concatBytes } from '../../../shared/util/bytes';

/**
 * The framing of a `.wandb` transaction log: LevelDB's log format behind a 7-byte W&B header
 * (wandb/wandb:wandb/sdk/internal/datastore.py; core/pkg/leveldb/record.go). Blocks of 32 KiB counted from byte 0;
 * each chunk is `u32 crc, u16 length, u8 type` then the payload, and never crosses a block; fewer than 7 bytes left in
 * a block are zero padding. A record larger than the room left is split FIRST, MIDDLE…, LAST.
 * The checksum is plain CRC-32/IEEE (zlib) over `type ‖ payload`, despite the "crc32c" in datastore.py's docstring.
 */
export const BLOCK_BYTES = 32768;
export const CHUNK_HEADER_BYTES = 7;
export const FILE_HEADER = Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00); // ":W&B", magic 0xBEE1 LE, version 0
export const CHUNK = { FULL: 1, FIRST: 2, MIDDLE: 3, LAST: 4 } as const;

/** zlib.crc32(bytes([t])) per chunk type: the seed W&B's writer uses for that type's payload CRC. */
const TYPE_SEED = [0, 1, 2, 3, 4].map((t) => crc32(Uint8Array.of(t)));

export type LogItem =
  /** One reassembled record; `offset` is where its first chunk starts. */
  | { readonly kind: 'record'; readonly bytes: Uint8Array; readonly offset: number }
  /**
   * Damage. `isTail` marks the end of the file falling inside a chunk or a multi-chunk record (a run still being
   * written, or killed): reading stops there. Other problems skip to the next block, as LevelDB's reader does, so one
   * bad chunk does not hide the rest of the run.
   */
  | { readonly kind: 'problem'; readonly offset: number; readonly message: string; readonly isTail: boolean };

/** Where a read can continue: a later read of the grown file starts at `base` with the same `isResyncing`. */
export interface LogFrom {
  /** Absolute file offset of `buf[0]`: blocks are counted from byte 0 of the file, not of the bytes read. */
  readonly base: number;
  readonly isResyncing: boolean;
}

/** How a read ended: `next` is the first byte not consumed (the first chunk of an unfinished record, or the end). */
export interface LogEnd {
  readonly next: number;
  readonly isResyncing: boolean;
  /** False when the file is not a W&B log at all (then there is nothing to continue). */
  readonly isLog: boolean;
}

export const LOG_START: LogFrom = { base: 0, isResyncing: false };

/**
 * Reads records from `buf`, which holds the file's bytes from `from.base` on (the whole file by default). Offsets in
 * items are file offsets. A resume must start where a record's FIRST (or FULL) chunk starts, or at a block's padding:
 * that is what `next` gives, so a record cut FIRST/MIDDLE/LAST is read again from its first chunk.
 */
export function* readLog(buf: Uint8Array, from: LogFrom = LOG_START): Generator<LogItem, LogEnd> {
  const base = from.base;
  const fileEnd = base + buf.length;
  if (base === 0) {
    const header = checkHeader(buf);
    if (header !== null) {
      yield header;
      // A header cut short may still become a log (read it again from 0); anything else is not one.
      return { next: 0, isResyncing: false, isLog: header.isTail };
    }
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = Math.max(base, CHUNK_HEADER_BYTES);
  let parts: Uint8Array[] | null = null;
  let partsOffset = 0;
  // After damage, fragments of the record it broke are expected: report the damage once, not each orphan.
  let isResyncing = from.isResyncing;
  while (pos < fileEnd) {
    const room = BLOCK_BYTES - (pos % BLOCK_BYTES);
    if (room < CHUNK_HEADER_BYTES) {
      pos += room;
      continue;
    }
    const at = pos - base;
    if (pos + CHUNK_HEADER_BYTES > fileEnd) {
      const cut = parts !== null ? partsOffset : pos;
      yield tail(cut, fileEnd);
      return { next: cut, isResyncing, isLog: true };
    }
    const sum = view.getUint32(at, true);
    const len = view.getUint16(at + 4, true);
    const type = buf[at + 6] as number;
    if (type === 0 && len === 0 && sum === 0) {
      // Zeroed (preallocated) space: LevelDB skips the rest of the block.
      pos += room;
      continue;
    }
    const end = pos + CHUNK_HEADER_BYTES + len;
    const damage =
      type < CHUNK.FULL || type > CHUNK.LAST ? `unknown chunk type ${type}` : CHUNK_HEADER_BYTES + len > room ? `chunk length ${len} runs past its 32 KiB block` : null;
    if (damage === null && end > fileEnd) {
      const cut = parts !== null ? partsOffset : pos;
      yield tail(cut, fileEnd);
      return { next: cut, isResyncing, isLog: true };
    }
    if (damage !== null || crc32(buf, at + CHUNK_HEADER_BYTES, end - base, TYPE_SEED[type] as number) !== sum) {
      yield skipBlock(pos, room, damage ?? 'checksum mismatch', parts !== null);
      parts = null;
      isResyncing = true;
      pos += room;
      continue;
    }
    const payload = buf.subarray(at + CHUNK_HEADER_BYTES, end - base);
    if (type === CHUNK.FULL || type === CHUNK.FIRST) {
      if (parts !== null) yield { kind: 'problem', offset: partsOffset, message: `A record split across chunks at byte ${partsOffset} was never finished; it was skipped.`, isTail: false };
      isResyncing = false;
      if (type === CHUNK.FULL) {
        parts = null;
        yield { kind: 'record', bytes: payload, offset: pos };
      } else {
        parts = [payload];
        partsOffset = pos;
      }
    } else if (parts === null) {
      if (!isResyncing) yield { kind: 'problem', offset: pos, message: `A record fragment at byte ${pos} has no beginning; it was skipped.`, isTail: false };
      isResyncing = true;
    } else {
      parts.push(payload);
      if (type === CHUNK.LAST) {
        yield { kind: 'record', bytes: concatBytes(parts), offset: partsOffset };
        parts = null;
      }
    }
    pos = end;
  }
  if (parts !== null) {
    yield tail(partsOffset, fileEnd);
    return { next: partsOffset, isResyncing, isLog: true };
  }
  // Past the end only by a block's skipped padding: the next read starts at the end of what exists.
  return { next: Math.min(pos, fileEnd), isResyncing, isLog: true };
}

function checkHeader(buf: Uint8Array): Extract<LogItem, { kind: 'problem' }> | null {
  const n = Math.min(buf.length, FILE_HEADER.length);
  let matches = true;
  for (let i = 0; i < n; i++) if (buf[i] !== FILE_HEADER[i]) matches = false;
  if (!matches) {
    const isVersionOnly = n === FILE_HEADER.length && FILE_HEADER.subarray(0, 6).every((b, i) => buf[i] === b);
    const message = isVersionOnly ? `Unsupported W&B log version ${buf[6]}; the file was skipped.` : 'Not a W&B transaction log (the file does not start with ":W&B"); the file was skipped.';
    return { kind: 'problem', offset: 0, message, isTail: false };
  }
  if (buf.length === 0) return { kind: 'problem', offset: 0, message: 'The file is empty (the run wrote nothing yet).', isTail: true };
  if (buf.length < FILE_HEADER.length) return { kind: 'problem', offset: 0, message: 'The file ends inside its 7-byte header.', isTail: true };
  return null;
}

function tail(offset: number, length: number): LogItem {
  return {
    kind: 'problem',
    offset,
    message: `File ends inside a record at byte ${offset} (still being written, or cut by a crash); ${length - offset} trailing bytes ignored.`,
    isTail: true,
  };
}

function skipBlock(offset: number, room: number, reason: string, droppedPartial: boolean): LogItem {
  const partial = droppedPartial ? ' and the record it belonged to' : '';
  return { kind: 'problem', offset, message: `Corrupt chunk at byte ${offset} (${reason}): skipped the rest of its block (${room} bytes)${partial}.`, isTail: false };
}
