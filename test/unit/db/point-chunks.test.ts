import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';
import { PointChunkWriter } from '../../../main/db/point-chunks';

/** Points go to `scalars` in whole data chunks; what comes back must be exactly what went in, row for row. */
describe('PointChunkWriter', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open(':memory:');
  });
  afterAll(() => engine.close());

  it('stores series of any length across chunk edges, in order, with NaN wall times as NULL and NaN/Inf values kept', async () => {
    // Lengths around the 2,048-row chunk: one short, one spanning two edges, one ending exactly on an edge, one empty.
    const lengths = [5, 4500, 2048 * 3 - 4505, 0, 1];
    const series = lengths.map((n, k) => ({
      metricId: k + 1,
      firstSeq: k === 2 ? 100 : 0,
      steps: Float64Array.from({ length: n }, (_, i) => i * 10 + k),
      values: Float64Array.from({ length: n }, (_, i) => (i === 7 ? Number.NaN : i === 8 ? Number.POSITIVE_INFINITY : Math.sin(i + k))),
      walls: k === 0 ? null : Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Number.NaN : 1e9 + i)),
    }));
    const appender = await engine.writer.createAppender('scalars');
    const writer = new PointChunkWriter(appender);
    for (const s of series) writer.add(s);
    writer.finish();
    appender.closeSync();

    const got = (await engine.writer.runAndReadAll('SELECT metric_id, seq, step, value, wall FROM scalars ORDER BY metric_id, seq')).getRows();
    const want = series.flatMap((s) =>
      Array.from(s.steps, (step, i) => {
        const w = s.walls ? (s.walls[i] as number) : Number.NaN;
        return [s.metricId, s.firstSeq + i, step, s.values[i], Number.isNaN(w) ? null : w];
      }),
    );
    expect(got.length).toBe(lengths.reduce((a, b) => a + b, 0));
    expect(got).toEqual(want);
  });
});
