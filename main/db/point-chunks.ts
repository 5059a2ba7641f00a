import type { DuckDBAppender, DuckDBVector } from '@duckdb/node-api';
import { DOUBLE, DuckDBDataChunk, DuckDBVector as Vectors, INTEGER } from '@duckdb/node-api';

/** The columns of `scalars`, in table order (001-init.sql). */
const TYPES = [INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE];

/** One series' points to store: its id, the read-order number of its first point, and its columns. */
export interface PointColumns {
  readonly metricId: number;
  readonly firstSeq: number;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  /** NaN (or no array) means no wall time: stored as NULL. */
  readonly walls: Float64Array | null;
}

/**
 * Appends points to `scalars` a data chunk (2,048 rows) at a time. The row appender crossed into native code six
 * times per point (five values and the row end: 38 % of a cold import's main thread, profiled); a chunk is filled in
 * JavaScript typed arrays and crosses once per column. Series share chunks, so many short series cost no more than
 * one long one. Call `finish` once after the last `add`; the appender is still the caller's to close.
 */
export class PointChunkWriter {
  private readonly size = Vectors.standardSize();
  private chunk: DuckDBDataChunk | null = null;
  private cols: DuckDBVector[] = [];
  private row = 0;

  constructor(private readonly appender: DuckDBAppender) {}

  add(s: PointColumns): void {
    const n = s.steps.length;
    for (let i = 0; i < n; ) {
      if (this.chunk === null) this.open();
      const take = Math.min(n - i, this.size - this.row);
      const [id, seq, step, value, wall] = this.cols as [DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector];
      for (let k = 0; k < take; k++) {
        const r = this.row + k;
        const j = i + k;
        id.setItem(r, s.metricId);
        seq.setItem(r, s.firstSeq + j);
        step.setItem(r, s.steps[j] as number);
        value.setItem(r, s.values[j] as number);
        const w = s.walls ? (s.walls[j] as number) : Number.NaN;
        wall.setItem(r, Number.isNaN(w) ? null : w);
      }
      this.row += take;
      i += take;
      if (this.row === this.size) this.flush();
    }
  }

  /** Appends the last, partly filled chunk. */
  finish(): void {
    if (this.chunk !== null && this.row > 0) this.flush();
    this.chunk = null;
  }

  private open(): void {
    this.chunk = DuckDBDataChunk.create(TYPES, this.size);
    this.cols = TYPES.map((_, c) => (this.chunk as DuckDBDataChunk).getColumnVector(c));
    this.row = 0;
  }

  private flush(): void {
    const chunk = this.chunk as DuckDBDataChunk;
    for (const v of this.cols) v.flush();
    // The vectors were taken at the full size; a last, shorter chunk is cut after its rows are in native memory.
    if (this.row < this.size) chunk.rowCount = this.row;
    this.appender.appendDataChunk(chunk);
    this.chunk = null;
    this.cols = [];
    this.row = 0;
  }
}
