import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillBlocks, BLOCK_SIZES } from '../../main/db/blocks';
import { Engine } from '../../main/db/engine';
import { LibraryService } from '../../main/services/library';
import { SeriesService } from '../../main/services/series';
import { appendRun, storeRun } from '../../main/services/store-run';
import { seededPrng } from '../../shared/util/prng';
import { runData } from '../helpers/run-data';

/**
 * Issue 11: long series are drawn from level-of-detail blocks written at import (migration 006), so a chart of 20 ×
 * 1M points does not scan 20M points. What must hold: the blocks summarise the points exactly (import, append and the
 * migration's backfill build the same blocks); a chart drawn from them keeps every finite point inside the envelope
 * of its own bucket or the next (a block straddling an edge moves at most 1/4 of a bucket), its lines go through
 * real points, and NaN/Inf still come back as markers.
 */
describe('level-of-detail blocks', () => {
  let engine: Engine;
  let series: SeriesService;
  const meta = (runId: string) => ({ runId, sourceId: 's', name: runId, fingerprint: `fp-${runId}` });
  const rows = async (sql: string) => (await engine.writer.runAndReadAll(sql)).getRowObjectsJS();
  const blocksOf = async (metricId: number) =>
    rows(`SELECT size, blk, n, first_step, last_step, first_value, last_value, last_seq, lo, hi FROM scalar_blocks WHERE metric_id = ${metricId} ORDER BY size, blk`);

  /** A noisy decaying loss with uneven step spacing, a few NaN/Inf and spikes: 100,003 points (not a block multiple). */
  const N = 100_003;
  const prng = seededPrng(11);
  const rnd = () => prng.next();
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0, s = 0; i < N; i++) {
    s += 1 + Math.floor(rnd() * 3);
    steps.push(s);
    values.push(i % 9973 === 5 ? Number.NaN : i % 7919 === 3 ? Number.POSITIVE_INFINITY : 3 * Math.exp(-i / 3e4) + 0.1 * rnd() + (i % 4999 === 0 ? 2 : 0));
  }

  beforeAll(async () => {
    engine = await Engine.open(':memory:');
    series = new SeriesService(engine, new LibraryService(engine));
    await storeRun(engine.writer, meta('s/whole'), runData('whole', { loss: { steps, values }, short: [1, 2, 3] }), 1);
  });
  afterAll(() => engine.close());

  it('summarise the points exactly, at every size, and only for long series', async () => {
    const [loss, short] = (await rows(`SELECT id, steps_ordered FROM metrics ORDER BY name`)) as { id: number; steps_ordered: boolean }[];
    expect(loss?.steps_ordered).toBe(true);
    expect(await blocksOf(short?.id as number)).toEqual([]);
    const got = await blocksOf(loss?.id as number);
    const want: Record<string, unknown>[] = [];
    for (const size of BLOCK_SIZES) {
      for (let blk = 0; blk * size < N; blk++) {
        const a = blk * size;
        const b = Math.min(N, a + size);
        const finite = values.slice(a, b).filter(Number.isFinite);
        want.push({
          size, blk, n: b - a, first_step: steps[a], last_step: steps[b - 1], first_value: values[a], last_value: values[b - 1], last_seq: b - 1,
          lo: finite.length ? Math.min(...finite) : null, hi: finite.length ? Math.max(...finite) : null,
        });
      }
    }
    expect(got).toEqual(want);
  });

  it('are the same after an import, after appends and after the migration backfill', async () => {
    const cut = 70_000;
    let id = await storeRun(engine.writer, meta('s/grown'), runData('grown', { loss: { steps: steps.slice(0, 5000), values: values.slice(0, 5000) } }), 10);
    // Below the threshold first (no blocks), then past it, then a second append that refills an open coarse block.
    id = await appendRun(engine.writer, meta('s/grown'), runData('grown', { loss: { steps: steps.slice(5000, cut), values: values.slice(5000, cut) } }), new Map(), id);
    await appendRun(engine.writer, meta('s/grown'), runData('grown', { loss: { steps: steps.slice(cut), values: values.slice(cut) } }), new Map(), id);
    const [whole, grown] = (await rows(`SELECT id FROM metrics WHERE name = 'loss' ORDER BY run_id DESC`)) as { id: number }[];
    expect(await blocksOf(grown?.id as number)).toEqual(await blocksOf(whole?.id as number));
    const [ordered] = await rows(`SELECT steps_ordered FROM metrics WHERE id = ${grown?.id}`);
    expect(ordered?.steps_ordered).toBe(true);

    await engine.writer.run(`DELETE FROM scalar_blocks WHERE metric_id = ${grown?.id}`);
    await backfillBlocks(engine.writer);
    expect(await blocksOf(grown?.id as number)).toEqual(await blocksOf(whole?.id as number));
  });

  it('draw a chart whose envelopes hold every finite point of their bucket or the next, through real points', async () => {
    const buckets = 100; // 1,000 points per bucket: 64-point blocks (at most 1/4 of a bucket)
    const [res] = (await series.query({ runIds: ['s/whole'], metric: 'loss', buckets })).series;
    if (!res) throw new Error('no series');
    expect(res.mode).toBe('buckets');
    expect(res.totalPoints).toBe(N);
    expect(res.steps.length).toBe(buckets);
    const lo = steps[0] as number;
    const hi = steps[N - 1] as number;
    const bucketOf = (st: number) => Math.min(Math.floor(((st - lo) / (hi - lo)) * buckets), buckets - 1);
    const at = new Map(Array.from(res.steps, (st, i) => [bucketOf(st), i]));
    const seqOfStep = new Map(steps.map((st, i) => [st, i]));
    for (let i = 0; i < N; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      const k = bucketOf(steps[i] as number);
      const inside = [k, k + 1].some((j) => {
        const b = at.get(j);
        return b !== undefined && v >= (res.min[b] as number) && v <= (res.max[b] as number);
      });
      expect(inside, `point ${i} (step ${steps[i]}, value ${v})`).toBe(true);
    }
    // Each bucket's line point is a stored point: its step, its value; the last bucket ends on the last point.
    res.steps.forEach((st, b) => {
      const seq = seqOfStep.get(st);
      expect(seq).toBeDefined();
      const v = values[seq as number] as number;
      expect(res.values[b]).toBe(Number.isFinite(v) ? v : NaN);
    });
    expect(res.steps[buckets - 1]).toBe(hi);
    // The envelopes together span exactly the finite range; every NaN/Inf point is a marker.
    const finite = values.filter(Number.isFinite);
    expect(Math.min(...Array.from(res.min).filter(Number.isFinite))).toBe(Math.min(...finite));
    expect(Math.max(...Array.from(res.max).filter(Number.isFinite))).toBe(Math.max(...finite));
    expect(res.nonFinite.length).toBe(values.length - finite.length);
  });

  it('are not used where a bucket would hold fewer than 4 blocks: the points are bucketed instead', async () => {
    const [res] = (await series.query({ runIds: ['s/whole'], metric: 'loss', buckets: 1000 })).series; // 100 points per bucket
    if (!res) throw new Error('no series');
    const lo = steps[0] as number;
    const hi = steps[N - 1] as number;
    const bucketOf = (st: number) => Math.min(Math.floor(((st - lo) / (hi - lo)) * 1000), 999);
    const at = new Map(Array.from(res.steps, (st, i) => [bucketOf(st), i]));
    // Exact per bucket: every finite point inside its own bucket's envelope.
    for (let i = 0; i < N; i += 7) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      const b = at.get(bucketOf(steps[i] as number)) as number;
      expect(v).toBeGreaterThanOrEqual(res.min[b] as number);
      expect(v).toBeLessThanOrEqual(res.max[b] as number);
    }
  });
});
