import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';
import { storeRun } from '../../../main/services/store-run';
import { runData } from '../../helpers/run-data';

const run = runData;

/** storeRun replaces a stored run whole, and stores a new one without touching the others (issue 11's cold-import fix). */
describe('storeRun', () => {
  let engine: Engine;
  const meta = (runId: string) => ({ runId, sourceId: 's', name: runId, fingerprint: `fp-${runId}` });
  const rows = async (sql: string) => (await engine.writer.runAndReadAll(sql)).getRowObjectsJS();

  beforeAll(async () => {
    engine = await Engine.open(':memory:');
  });
  afterAll(() => engine.close());

  it('stores a new run, then replaces it whole on re-import, leaving other runs alone', async () => {
    let id = await storeRun(engine.writer, meta('s/a'), run('a', { loss: [3, 2, 1], acc: [0.1, 0.2, 0.3] }, { lr: 0.1 }), 1);
    id = await storeRun(engine.writer, meta('s/b'), run('b', { loss: [5, 4] }), id);
    expect(await rows("SELECT run_id, name, points::INTEGER AS points FROM metrics ORDER BY run_id, name")).toEqual([
      { run_id: 's/a', name: 'acc', points: 3 },
      { run_id: 's/a', name: 'loss', points: 3 },
      { run_id: 's/b', name: 'loss', points: 2 },
    ]);
    // Re-import of a: one metric left, new values, its old scalars and configs gone; b untouched.
    await storeRun(engine.writer, meta('s/a'), run('a', { loss: [9, 8, 7, 6] }), id);
    expect(await rows("SELECT run_id, name, points::INTEGER AS points FROM metrics ORDER BY run_id, name")).toEqual([
      { run_id: 's/a', name: 'loss', points: 4 },
      { run_id: 's/b', name: 'loss', points: 2 },
    ]);
    expect(await rows("SELECT count(*)::INTEGER AS n FROM scalars")).toEqual([{ n: 6 }]);
    expect(await rows("SELECT count(*)::INTEGER AS n FROM configs")).toEqual([{ n: 0 }]);
    expect(await rows("SELECT count(*)::INTEGER AS n FROM runs")).toEqual([{ n: 2 }]);
  });
});
