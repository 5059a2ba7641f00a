import type { DuckDBAppender } from '@duckdb/node-api';
import { DOUBLE, DuckDBDataChunk, DuckDBVector, INTEGER } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

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
 * Appends points to `scalars` (metric_id INTEGER, seq INTEGER, step, value, wall DOUBLE; 001-init.sql) a data chunk
 * at a time. The row appender crossed into native code six times per point (38 % of a cold import's main thread,
 * profiled); node-api's typed vectors still cost a call and, for NULLs, BigInt arithmetic per value. Here each column
 * is filled in a typed array with bulk copies and crosses into the chunk with one memory copy (the bindings' own
 * data-chunk writers, which node-api's vectors use too); the wall column's NULLs are bits in a validity mask. One
 * chunk is reused: the appender copies what it is given. Call `finish` after the last `add`; the appender is still the
 * caller's to close.
 */
export class PointChunkWriter {
  private readonly size = DuckDBVector.standardSize();
  private readonly chunk = DuckDBDataChunk.create([INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE]);
  private readonly ids = new Int32Array(this.size);
  private readonly seqs = new Int32Array(this.size);
  private readonly steps = new Float64Array(this.size);
  private readonly values = new Float64Array(this.size);
  private readonly walls = new Float64Array(this.size);
  /** DuckDB's validity layout: bit r of the little-endian 64-bit words, set = valid. */
  private readonly wallValid = new Uint8Array(Math.ceil(this.size / 64) * 8);
  private row = 0;

  constructor(private readonly appender: DuckDBAppender) {}

  add(s: PointColumns): void {
    const n = s.steps.length;
    for (let i = 0; i < n; ) {
      const r = this.row;
      const take = Math.min(n - i, this.size - r);
      this.ids.fill(s.metricId, r, r + take);
      for (let k = 0; k < take; k++) this.seqs[r + k] = s.firstSeq + i + k;
      this.steps.set(s.steps.subarray(i, i + take), r);
      this.values.set(s.values.subarray(i, i + take), r);
      if (s.walls) this.walls.set(s.walls.subarray(i, i + take), r);
      else this.walls.fill(Number.NaN, r, r + take);
      this.row += take;
      i += take;
      if (this.row === this.size) this.flush();
    }
  }

  /** Appends the last, partly filled chunk. */
  finish(): void {
    if (this.row > 0) this.flush();
  }

  private flush(): void {
    const rows = this.row;
    const mask = this.wallValid;
    mask.fill(0);
    for (let r = 0; r < rows; r++) if (!Number.isNaN(this.walls[r] as number)) mask[r >> 3] = (mask[r >> 3] as number) | (1 << (r & 7));
    const raw = this.chunk.chunk;
    const columns = [this.ids, this.seqs, this.steps, this.values, this.walls];
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c] as Int32Array | Float64Array;
      duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(raw, c), 0, col.buffer as ArrayBuffer, col.byteOffset, rows * col.BYTES_PER_ELEMENT);
    }
    const wall = duckdb.data_chunk_get_vector(raw, 4);
    duckdb.vector_ensure_validity_writable(wall);
    duckdb.copy_data_to_vector_validity(wall, 0, mask.buffer, mask.byteOffset, Math.ceil(rows / 64) * 8);
    duckdb.data_chunk_set_size(raw, rows);
    this.appender.appendDataChunk(this.chunk);
    this.row = 0;
  }
}
