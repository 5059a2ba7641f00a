import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';
import { BatchedRunWriter, RunBatch } from '../../../main/services/run-batch';
import { runData } from '../../helpers/run-data';

/** A cold import stores many runs per transaction: all of a batch or none of it, each run replacing its stored copy. */
describe('RunBatch', () => {
  let engine: Engine;
  const meta = (runId: string) => ({ runId, sourceId: 's', name: runId, fingerprint: `fp-${runId}` });
  // Read on the engine's reader connection: it sees only committed transactions.
  const rows = (sql: string) => engine.all<[], Record<string, unknown>>({ id: 'test', sql }, []);
  const runIds = async () => (await rows('SELECT id FROM runs ORDER BY id')).map((r) => r.id);

  beforeAll(async () => {
    engine = await Engine.open(':memory:');
  });
  afterAll(() => engine.close());

  it('stores nothing another connection can see until the batch commits, then every run whole', async () => {
    const batch = await RunBatch.begin(engine.writer);
    let id = await batch.add(meta('s/a'), runData('a', { loss: [3, 2, 1] }, { lr: 0.1 }), 1, false);
    id = await batch.add(meta('s/b'), runData('b', { loss: [5, 4], acc: [0.5, 0.6] }), id, false);
    expect(batch.runs).toBe(2);
    expect(await runIds()).toEqual([]);
    await batch.commit();
    expect(id).toBe(4);
    expect(await runIds()).toEqual(['s/a', 's/b']);
    expect(await rows('SELECT run_id, name, points::INTEGER AS points FROM metrics ORDER BY run_id, name')).toEqual([
      { run_id: 's/a', name: 'loss', points: 3 },
      { run_id: 's/b', name: 'acc', points: 2 },
      { run_id: 's/b', name: 'loss', points: 2 },
    ]);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM scalars')).toEqual([{ n: 7 }]);
    expect(await rows('SELECT run_id, key FROM configs')).toEqual([{ run_id: 's/a', key: 'lr' }]);
  });

  it('rolls a failed batch back whole, and no appender flushes its rows afterwards', async () => {
    const batch = await RunBatch.begin(engine.writer);
    await batch.add(meta('s/c'), runData('c', { loss: [1, 2] }), 10, false);
    // A second row for an id already in the cache breaks the primary key when the appenders flush at commit.
    await batch.add(meta('s/a'), runData('a', { loss: [1] }), 11, false);
    await expect(batch.commit()).rejects.toThrow();
    await batch.rollback();
    expect(await runIds()).toEqual(['s/a', 's/b']);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM scalars')).toEqual([{ n: 7 }]);
    // The connection is usable and nothing buffered turns up later.
    await engine.writer.run('CHECKPOINT');
    expect(await rows('SELECT count(*)::INTEGER AS n FROM metrics WHERE run_id = \'s/c\'')).toEqual([{ n: 0 }]);
  });

  it('replaces a stored run whole when told it may be there (or when it asks the cache)', async () => {
    const batch = await RunBatch.begin(engine.writer);
    await batch.add(meta('s/a'), runData('a', { other: [7, 7, 7, 7] }), 20, true);
    await batch.add(meta('s/b'), runData('b', { loss: [1] }), 21);
    await batch.commit();
    expect(await rows('SELECT run_id, name, points::INTEGER AS points FROM metrics ORDER BY run_id, name')).toEqual([
      { run_id: 's/a', name: 'other', points: 4 },
      { run_id: 's/b', name: 'loss', points: 1 },
    ]);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM scalars')).toEqual([{ n: 5 }]);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM configs')).toEqual([{ n: 0 }]);
  });

  it('BatchedRunWriter commits each time a batch fills and the rest on flush', async () => {
    const writer = new BatchedRunWriter(engine.writer, { runs: 2, points: Number.POSITIVE_INFINITY, ms: Number.POSITIVE_INFINITY });
    let id = 30;
    for (const name of ['d', 'e', 'f']) id = await writer.add(meta(`s/${name}`), runData(name, { loss: [1, 2] }), id, false);
    // d and e committed as the batch filled; f waits for flush.
    expect(await runIds()).toEqual(['s/a', 's/b', 's/d', 's/e']);
    await writer.flush();
    expect(await runIds()).toEqual(['s/a', 's/b', 's/d', 's/e', 's/f']);
    await writer.add(meta('s/g'), runData('g', { loss: [1] }), id, false);
    await writer.abandon();
    expect(await runIds()).toEqual(['s/a', 's/b', 's/d', 's/e', 's/f']);
  });
});
