import { describe, expect, it } from 'vitest';
import { crc32, crc32c, maskedCrc32c } from '../../../shared/util/crc';
import { ProtoError, ProtoReader } from '../../../shared/util/protobuf';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('CRCs (vectors from formats.md)', () => {
  it('CRC-32C and CRC-32 of "123456789"', () => {
    expect(crc32c(bytes('123456789'))).toBe(0xe3069283);
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
  });
  it("TensorBoard's masked CRC test vector", () => {
    expect(maskedCrc32c(bytes('\x1a\x11CRC test, one two'))).toBe(0x5794d08a);
  });
  it('handles empty input and sub-ranges', () => {
    expect(crc32c(new Uint8Array())).toBe(0);
    const b = bytes('xx123456789yy');
    expect(crc32c(b, 2, 11)).toBe(0xe3069283);
  });
});

describe('ProtoReader', () => {
  it('reads varints, including multi-byte and negative int64', () => {
    expect(new ProtoReader(Uint8Array.from([0x96, 0x01])).varint()).toBe(150);
    expect(new ProtoReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).varint()).toBe(-1);
    expect(new ProtoReader(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x10])).varint()).toBe(2 ** 32);
  });
  it('skips unknown fields by wire type and reads packed repeated floats', () => {
    // field 9 varint 7, field 10 fixed64, field 5 packed floats [1.5, -2]
    const f = new DataView(new ArrayBuffer(8));
    f.setFloat32(0, 1.5, true);
    f.setFloat32(4, -2, true);
    const buf = Uint8Array.from([0x48, 7, 0x51, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a, 8, ...new Uint8Array(f.buffer)]);
    const r = new ProtoReader(buf);
    const out: number[] = [];
    while (!r.done) {
      const { field, wire } = r.tag();
      if (field === 5) r.repeated(wire, 5, (x) => out.push(x.float()));
      else r.skip(wire);
    }
    expect(out).toEqual([1.5, -2]);
  });
  it('throws ProtoError on truncation instead of reading past the end', () => {
    expect(() => new ProtoReader(Uint8Array.from([0x96])).varint()).toThrow(ProtoError);
    expect(() => new ProtoReader(Uint8Array.from([0x0a, 5, 1, 2])).bytes()).toThrow(ProtoError);
  });
});
