/** An append-only Float64Array that doubles its capacity, so parsers never build arrays of point objects. */
export class GrowableF64 {
  private buf: Float64Array;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Float64Array(Math.max(1, initialCapacity));
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
