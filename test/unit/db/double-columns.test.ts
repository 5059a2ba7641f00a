import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';
import { markNulls } from '../../../main/db/read-vector';

/** `doubleColumns` copies DuckDB's vector memory directly: values, chunk edges and NULLs must come back exactly. */
describe('Engine.doubleColumns', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open(':memory:');
  });
  afterAll(() => engine.close());

  it('reads every row across chunk edges, NULL as NaN, NaN and ±Inf kept', async () => {
    const n = 2048 * 2 + 77;
    const q = {
      id: 'test-double-columns',
      sql: `SELECT i::DOUBLE AS i,
                   CASE WHEN i % 7 = 3 OR i BETWEEN 2040 AND 2060 THEN NULL WHEN i = 5 THEN 'NaN'::DOUBLE WHEN i = 6 THEN 'Infinity'::DOUBLE WHEN i = 9 THEN '-Infinity'::DOUBLE ELSE i * 0.5 END AS v,
                   NULL::DOUBLE AS none
            FROM range(${n}) t(i) ORDER BY i`,
    };
    const cols = await engine.doubleColumns<[], { i: number; v: number; none: number }>(q as never, []);
    expect(cols.i.length).toBe(n);
    expect(Array.from(cols.i)).toEqual(Array.from({ length: n }, (_, i) => i));
    const want = Array.from({ length: n }, (_, i) => (i % 7 === 3 || (i >= 2040 && i <= 2060) ? NaN : i === 5 ? NaN : i === 6 ? Infinity : i === 9 ? -Infinity : i * 0.5));
    expect(Array.from(cols.v)).toEqual(want);
    expect(cols.none.every(Number.isNaN)).toBe(true);
  });

  it('refuses a column that is not DOUBLE, naming it', async () => {
    await expect(engine.doubleColumns({ id: 'test-int', sql: 'SELECT 1::INTEGER AS k' } as never, [])).rejects.toThrow(/test-int: column k is not DOUBLE/);
  });

  it('marks NULLs from a little-endian validity mask, bit i of byte i/8', () => {
    const v = Float64Array.from({ length: 19 }, (_, i) => i);
    // Items 0, 9 and 18 invalid; a full byte (items 8..15 but 9) and the short last byte.
    markNulls(v, Uint8Array.from([0b1111_1110, 0b1111_1101, 0b0000_0011]));
    expect(Array.from(v, (x) => (Number.isNaN(x) ? null : x))).toEqual([null, 1, 2, 3, 4, 5, 6, 7, 8, null, 10, 11, 12, 13, 14, 15, 16, 17, null]);
  });
});
