import { describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';
import { withTransaction } from '../../../main/db/transaction';

describe('withTransaction', () => {
  it('stores all of the work or, when it throws, none of it (and rethrows)', async () => {
    const engine = await Engine.open(':memory:');
    try {
      const w = engine.writer;
      const count = async () => Number((await w.runAndReadAll('SELECT count(*) AS n FROM sources')).getRowObjectsJS()[0]?.n);
      await expect(
        withTransaction(w, async () => {
          await w.run("INSERT INTO sources VALUES ('a', '/a', 'a', 0, 'ready', NULL)");
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(await count()).toBe(0);
      expect(await withTransaction(w, async () => (await w.run("INSERT INTO sources VALUES ('b', '/b', 'b', 0, 'ready', NULL)"), 'ok'))).toBe('ok');
      expect(await count()).toBe(1);
    } finally {
      await engine.close();
    }
  });
});
