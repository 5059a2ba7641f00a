import { plain } from '../helpers/columns';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/db/engine';
import { LibraryService } from '../../main/services/library';
import { SeriesService } from '../../main/services/series';

/**
 * Issue 5: "every raw point lies within the envelope of its bucket at every zoom level". Random series (NaN/Inf
 * included, repeated steps, uneven spacing) are stored as an import stores them; random windows and bucket counts are
 * queried; every finite raw point in the window must lie within its bucket's [min, max], and each bucket's first/last
 * values must be points of that bucket.
 */
describe('downsampling never hides a point: envelopes contain every raw point (property)', () => {
  let engine: Engine;
  let series: SeriesService;
  let nextId = 1;

  beforeAll(async () => {
    engine = await Engine.open(':memory:');
    series = new SeriesService(engine, new LibraryService(engine));
  });
  afterAll(() => engine.close());

  async function store(steps: number[], values: number[]): Promise<string> {
    const id = nextId++;
    const runId = `p/run-${id}`;
    await engine.writer.run(`INSERT INTO runs VALUES ('${runId}', 'p', 'run-${id}', 'run-${id}', 'table', 1, 'fp', 'unknown', NULL, NULL, NULL, 0)`);
    // The NaN/Inf count is kept as an import keeps it: the series service skips the non-finite scan when it is 0.
    const nonFinite = values.filter((v) => !Number.isFinite(v)).length;
    const ordered = steps.every((st, i) => i === 0 || st >= (steps[i - 1] as number));
    await engine.writer.run(`INSERT INTO metrics VALUES (${id}, '${runId}', 'loss', ${steps.length}, ${steps[0] ?? 0}, ${Math.max(...steps)}, 0, 0, 0, ${nonFinite}, ${ordered})`);
    const a = await engine.writer.createAppender('scalars');
    steps.forEach((s, i) => {
      a.appendInteger(id);
      a.appendInteger(i);
      a.appendDouble(s);
      a.appendDouble(values[i] as number);
      a.appendNull();
      a.endRow();
    });
    a.closeSync();
    return runId;
  }

  const value = fc.oneof({ weight: 20, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) });
  const seriesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), value), { minLength: 50, maxLength: 600 }).map((pts) => {
    let step = 0;
    return { steps: pts.map(([gap]) => (step += gap)), values: pts.map(([, v]) => v) };
  });

  it('holds for random series, windows and bucket counts', async () => {
    await fc.assert(
      fc.asyncProperty(seriesArb, fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), async (s, buckets, u, v) => {
        const runId = await store(s.steps, s.values);
        const last = s.steps[s.steps.length - 1] as number;
        const [a, b] = [Math.min(u, v) * last, Math.max(u, v) * last];
        const res = (await series.query({ runIds: [runId], metric: 'loss', buckets, stepMin: a, stepMax: b })).series[0];
        if (!res) throw new Error('no series');
        const inWindow = s.steps.map((st, i) => ({ st, v: s.values[i] as number })).filter((p) => p.st >= a && p.st <= b);
        expect(res.totalPoints).toBe(inWindow.length);
        if (res.mode === 'raw') {
          expect(plain(res.steps)).toEqual(inWindow.map((p) => p.st));
          return;
        }
        // The host's bucket formula, over the window asked for (the chart's pixels; one grid for every series).
        const [lo, hi] = [a, b];
        const bucketOf = (st: number) => Math.min(Math.floor(((st - lo) / Math.max(hi - lo, 1e-12)) * buckets), buckets - 1);
        const byBucket = new Map<number, number>();
        res.steps.forEach((st, i) => byBucket.set(bucketOf(st), i));
        for (const p of inWindow) {
          const i = byBucket.get(bucketOf(p.st));
          expect(i, `a bucket for step ${p.st}`).toBeDefined();
          if (i === undefined || !Number.isFinite(p.v)) continue;
          expect(p.v).toBeGreaterThanOrEqual(res.min[i] as number);
          expect(p.v).toBeLessThanOrEqual(res.max[i] as number);
        }
        // Every non-finite point in the window is reported as a marker.
        expect(res.nonFinite.length).toBe(inWindow.filter((p) => !Number.isFinite(p.v)).length);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
