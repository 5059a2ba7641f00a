/**
 * A minimal protobuf wire-format reader: enough for TensorBoard events (and .wandb records later) without code
 * generation. Unknown fields are skipped by wire type, which keeps readers forward compatible.
 * Hand-written rather than protobufjs: we decode a handful of fields on a hot path and skip the rest without
 * materialising messages (see docs/adr/0002-hand-written-decoders.md).
 */
export const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

export class ProtoError extends Error {}

// A reader is made per (sub-)message, often millions per file: one DataView per buffer, not per reader (profiled:
// the per-reader DataView was the top cost of TensorBoard ingest).
let lastBuf: Uint8Array | null = null;
let lastView: DataView | null = null;
function viewOf(buf: Uint8Array): DataView {
  if (buf !== lastBuf || lastView === null) {
    lastBuf = buf;
    lastView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return lastView;
}

export class ProtoReader {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
    this.view = viewOf(buf);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a varint as a number (exact up to 2^53; negative int64 steps come back negative). */
  varint(): number {
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    // Beyond 49 bits a double cannot add exactly: finish with BigInt (rare: huge or negative int64 values).
    this.pos = start;
    let big = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++] as number;
      big |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return Number(BigInt.asIntN(64, big));
    }
    throw new ProtoError('varint too long');
  }

  /** Field number and wire type of the next tag. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    return { field: Math.floor(t / 8), wire: t % 8 };
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  fixed32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A length-delimited field's bounds; the reader moves past it. */
  bytes(): { start: number; end: number } {
    const len = this.varint();
    // varint() reads int64 semantics: a damaged length can come back negative, which would move the reader backwards
    // and loop forever (found by test/unit/fuzz/tensorboard.fuzz.test.ts).
    if (len < 0) throw new ProtoError(`negative length ${len}`);
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return { start, end: start + len };
  }

  sub(): ProtoReader {
    const { start, end } = this.bytes();
    return new ProtoReader(this.buf, start, end);
  }

  string(): string {
    const { start, end } = this.bytes();
    return decodeUtf8Range(this.buf, start, end);
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE.VARINT:
        this.varint();
        return;
      case WIRE.I64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE.LEN:
        this.bytes();
        return;
      case WIRE.I32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtoError(`unsupported wire type ${wire}`);
    }
  }

  /** Repeated numeric field, packed (LEN) or not: calls `read` for each element. */
  repeated(wire: number, elementWire: number, read: (r: ProtoReader) => void): void {
    if (wire === WIRE.LEN && elementWire !== WIRE.LEN) {
      const r = this.sub();
      while (!r.done) read(r);
    } else if (wire === elementWire) {
      read(this);
    } else {
      this.skip(wire);
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new ProtoError('truncated field');
  }
}

const DECODER = new TextDecoder('utf-8', { fatal: false });

export function decodeUtf8(bytes: Uint8Array): string {
  return DECODER.decode(bytes);
}

/**
 * Short ASCII strings (tags, keys: the common case, once per point) are built directly: TextDecoder's call overhead
 * dominates below a few dozen bytes. Anything non-ASCII or long goes through TextDecoder.
 */
export function decodeUtf8Range(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) return DECODER.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return DECODER.decode(buf.subarray(start, end));
}
