/**
 * A minimal protobuf wire-format writer: used by the test and demo encoders of TensorBoard events and W&B logs, so
 * fixtures with exact, hand-made content (restarts, NaN, damage) can be written without the original tools.
 */
export class PbWriter {
  private readonly parts: number[] = [];

  varint(v: number): this {
    if (v < 0) {
      // Negative int32/int64 values are sign-extended to 64 bits: ten bytes, exact only in BigInt.
      let b = BigInt.asUintN(64, BigInt(v));
      while (b >= 128n) {
        this.parts.push(Number(b & 127n) | 0x80);
        b >>= 7n;
      }
      this.parts.push(Number(b));
      return this;
    }
    let n = v;
    while (n >= 128) {
      this.parts.push((n % 128) | 0x80);
      n = Math.floor(n / 128);
    }
    this.parts.push(n);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  int(field: number, v: number): this {
    return this.tag(field, 0).varint(v);
  }

  double(field: number, v: number): this {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v, true);
    this.tag(field, 1);
    for (let i = 0; i < 8; i++) this.parts.push(b.getUint8(i));
    return this;
  }

  float(field: number, v: number): this {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, v, true);
    this.tag(field, 5);
    for (let i = 0; i < 4; i++) this.parts.push(b.getUint8(i));
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const x of data) this.parts.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  msg(field: number, w: PbWriter): this {
    return this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
