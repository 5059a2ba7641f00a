import duckdb from '@duckdb/node-bindings';

/**
 * A DOUBLE vector's first `n` values, copied out of DuckDB's memory (the chunk is freed with its result), NULL as
 * NaN. The validity mask, when DuckDB keeps one, is read a byte at a time: DuckDB stores it as little-endian 64-bit
 * words, so on a little-endian machine (every platform RunLens ships for) item i is bit (i mod 8) of byte ⌊i / 8⌋.
 */
export function readDoubleVector(vector: duckdb.Vector, n: number): Float64Array {
  const data = duckdb.vector_get_data(vector, n * Float64Array.BYTES_PER_ELEMENT);
  const out = new Float64Array(n);
  out.set(new Float64Array(data.buffer, data.byteOffset, n));
  const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
  if (validity) markNulls(out, validity);
  return out;
}

/** NaN where the mask's bit is clear (a whole byte of set bits, the usual case, is skipped in one test). */
export function markNulls(values: Float64Array, validity: Uint8Array): void {
  const n = values.length;
  for (let byte = 0; byte * 8 < n; byte++) {
    const bits = validity[byte] as number;
    if (bits === 0xff) continue;
    for (let b = 0; b < 8; b++) {
      const i = byte * 8 + b;
      if (i < n && (bits & (1 << b)) === 0) values[i] = Number.NaN;
    }
  }
}
