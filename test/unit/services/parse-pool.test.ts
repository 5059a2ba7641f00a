import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importers } from '../../../main/importers/registry';
import type { ScannedSource } from '../../../main/services/import-source';
import { readClaim, scanSource } from '../../../main/services/import-source';
import { ParsePool, ParseWorkerError } from '../../../main/services/parse-pool';
import type { RunData } from '../../../main/services/read-run';
import { fixturesDir } from '../../helpers/paths';

/** Series as plain arrays: a run read in a worker must equal the same run read on this thread, point for point. */
const plain = (r: RunData) => ({
  ...r,
  series: [...r.series.values()].map((s) => ({ name: s.name, steps: [...s.steps.view()], values: [...s.values.view()], walls: s.walls ? [...s.walls.view()] : null })),
});

describe('ParsePool (cold imports parse in worker threads)', () => {
  let scanned: ScannedSource;
  let pool: ParsePool;
  beforeAll(async () => {
    scanned = await scanSource(fixturesDir, importers);
    pool = ParsePool.start(2);
  });
  afterAll(() => pool.close());

  it('reads every fixture run exactly as the main thread does, in every format, with progress per file', async () => {
    const claims = scanned.scan.claims;
    expect(new Set(claims.map((c) => c.importer.id)).size).toBeGreaterThanOrEqual(8);
    const signal = new AbortController().signal;
    const here = await Promise.all(claims.map((c) => readClaim(scanned, c, signal)));
    const files: string[] = [];
    const there = await Promise.all(claims.map((c) => pool.read(scanned.rootAbs, c, signal, { onFileRead: (rel) => files.push(rel) })));
    expect(there.map(plain)).toEqual(here.map(plain));
    expect(files.sort()).toEqual(claims.flatMap((c) => c.files).sort());
  });

  it('a cancelled read rejects as cancelled, and the pool goes on reading', async () => {
    const claim = scanned.scan.claims.find((c) => c.importer.id === 'tensorboard');
    if (!claim) throw new Error('no tensorboard fixture');
    const ac = new AbortController();
    const read = pool.read(scanned.rootAbs, claim, ac.signal);
    ac.abort();
    await expect(read).rejects.toBeInstanceOf(ParseWorkerError);
    await expect(pool.read(scanned.rootAbs, claim, new AbortController().signal)).resolves.toMatchObject({ relPath: claim.relPath });
  });

  it('a worker that cannot do the read fails it with ParseWorkerError (the import then reads it on its own thread)', async () => {
    const claim = scanned.scan.claims[0];
    if (!claim) throw new Error('no fixture runs');
    const unknown = { ...claim, importer: { ...claim.importer, id: 'not-an-importer' as typeof claim.importer.id } };
    await expect(pool.read(scanned.rootAbs, unknown, new AbortController().signal)).rejects.toBeInstanceOf(ParseWorkerError);
    const closed = ParsePool.start(1);
    await closed.close();
    await expect(closed.read(scanned.rootAbs, claim, new AbortController().signal)).rejects.toBeInstanceOf(ParseWorkerError);
  });

});
