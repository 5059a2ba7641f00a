import { decodeUtf8, ProtoReader, WIRE } from '../../../shared/util/protobuf';
import type { Span } from './event';

/** types.proto DataType values that can hold a scalar. */
const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, UINT8: 4, STRING: 7, INT64: 9, BOOL: 10, BFLOAT16: 14, HALF: 19 } as const;

export type TensorValue =
  | { kind: 'number'; value: number; elements: number }
  | { kind: 'strings'; values: string[] }
  | { kind: 'other' };

/**
 * Reads a TensorProto far enough to get a single number (any numeric dtype, from the typed `*_val` fields or raw
 * little-endian `tensor_content`) or its strings (text summaries). Larger tensors (histograms, PR curves) → other.
 */
export function readTensor(buf: Uint8Array, span: Span): TensorValue {
  const r = new ProtoReader(buf, span.start, span.end);
  let dtype = 0;
  let dims: number[] | null = null;
  let content: Span | null = null;
  const nums: number[] = [];
  const strings: string[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        if (wire === WIRE.VARINT) dtype = r.varint();
        else r.skip(wire);
        break;
      case 2:
        if (wire === WIRE.LEN) dims = readShape(r.sub());
        else r.skip(wire);
        break;
      case 4:
        if (wire === WIRE.LEN) content = r.bytes();
        else r.skip(wire);
        break;
      case 5:
        r.repeated(wire, WIRE.I32, (x) => nums.push(x.float()));
        break;
      case 6:
        r.repeated(wire, WIRE.I64, (x) => nums.push(x.double()));
        break;
      case 7:
      case 10:
      case 11:
        r.repeated(wire, WIRE.VARINT, (x) => nums.push(x.varint()));
        break;
      case 13:
        r.repeated(wire, WIRE.VARINT, (x) => nums.push(dtype === DT.BFLOAT16 ? bfloat16(x.varint()) : half(x.varint())));
        break;
      case 8:
        if (wire === WIRE.LEN) {
          const b = r.bytes();
          strings.push(decodeUtf8(buf.subarray(b.start, b.end)));
        } else r.skip(wire);
        break;
      default:
        r.skip(wire);
    }
  }
  if (dtype === DT.STRING) return { kind: 'strings', values: strings };
  const elements = dims === null ? 1 : dims.reduce((a, b) => a * b, 1);
  if (elements !== 1) return { kind: 'other' };
  if (nums.length >= 1) return { kind: 'number', value: nums[0] as number, elements };
  if (content) {
    const v = fromContent(buf, content, dtype);
    if (v !== null) return { kind: 'number', value: v, elements };
  }
  return { kind: 'other' };
}

function readShape(r: ProtoReader): number[] {
  const dims: number[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 2 && wire === WIRE.LEN) {
      const d = r.sub();
      let size = 0;
      while (!d.done) {
        const t = d.tag();
        if (t.field === 1 && t.wire === WIRE.VARINT) size = d.varint();
        else d.skip(t.wire);
      }
      dims.push(size);
    } else r.skip(wire);
  }
  return dims;
}

function fromContent(buf: Uint8Array, span: Span, dtype: number): number | null {
  const view = new DataView(buf.buffer, buf.byteOffset + span.start, span.end - span.start);
  const n = span.end - span.start;
  switch (dtype) {
    case DT.FLOAT:
      return n >= 4 ? view.getFloat32(0, true) : null;
    case DT.DOUBLE:
      return n >= 8 ? view.getFloat64(0, true) : null;
    case DT.INT32:
      return n >= 4 ? view.getInt32(0, true) : null;
    case DT.INT64:
      return n >= 8 ? Number(view.getBigInt64(0, true)) : null;
    case DT.UINT8:
    case DT.BOOL:
      return n >= 1 ? view.getUint8(0) : null;
    case DT.HALF:
      return n >= 2 ? half(view.getUint16(0, true)) : null;
    case DT.BFLOAT16:
      return n >= 2 ? bfloat16(view.getUint16(0, true)) : null;
    default:
      return null;
  }
}

/** IEEE 754 binary16 bit pattern → number. */
export function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** bfloat16 bit pattern → number (the top half of a float32). */
export function bfloat16(bits: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setUint32(0, (bits & 0xffff) << 16);
  return b.getFloat32(0);
}
