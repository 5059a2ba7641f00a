/** An append-only Float64Array that doubles its capacity, so parsers never build arrays of point objects. */
export class GrowableF64 {
  private buf: Float64Array;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Float64Array(Math.max(1, initialCapacity));
  }

  /** Takes `values` as its filled part, without a copy (an array moved here from another thread). */
  static adopt(values: Float64Array): GrowableF64 {
    const g = new GrowableF64(1);
    g.buf = values.length > 0 ? values : g.buf;
    g.length = values.length;
    return g;
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  pushAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.push(values[i] as number);
  }

  /** A view of the filled part (no copy). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}
