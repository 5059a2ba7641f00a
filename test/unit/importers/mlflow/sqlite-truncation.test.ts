import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mlflowImporter } from '../../../../main/importers/mlflow';
import type { ImportRecord, WarningRecord } from '../../../../shared/importers/records';
import { memorySource, seriesOf } from '../../../helpers/importers';
import { fixturesDir } from '../../../helpers/paths';

const db = new Uint8Array(readFileSync(path.join(fixturesDir, 'mlflow', 'sqlite', 'mlflow.db')));
const PAGE = (db[16] ?? 0) * 256 + (db[17] ?? 0);
const RUNS = ['mlflow.db/0/0f3c9d2e8b7a46e1a5c4d3b2a1908f7e', 'mlflow.db/1/b2c3d4e5f60718293a4b5c6d7e8f9a01', 'mlflow.db/1/d4e5f60718293a4b5c6d7e8f9a0b1c23'];
const LIMIT_MS = 3000;

/** Reads one run, failing the test if parse throws or takes longer than LIMIT_MS. */
async function read(relPath: string, bytes: Uint8Array): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  const work = (async () => {
    for await (const r of mlflowImporter.parse(memorySource({ 'mlflow.db': bytes }, relPath), new AbortController().signal)) out.push(r);
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${relPath}: no result within ${LIMIT_MS} ms`)), LIMIT_MS);
  });
  try {
    await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
  return out;
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const isPrefix = (part: number[], whole: number[]) => part.length <= whole.length && part.every((v, i) => same(v, whole[i] ?? Number.NaN));

const whole = new Map<string, ReturnType<typeof seriesOf>>();
for (const r of RUNS) whole.set(r, seriesOf(await read(r, db)));

/** A cut anywhere: in the header, mid-page, on a page boundary, in the last page. */
const cutArb = fc.oneof(
  fc.integer({ min: 1, max: 99 }),
  fc.integer({ min: 1, max: db.length / PAGE - 1 }).chain((p) => fc.integer({ min: p * PAGE + 1, max: (p + 1) * PAGE - 1 })),
  fc.integer({ min: 1, max: db.length / PAGE - 1 }).map((p) => p * PAGE),
  fc.integer({ min: db.length - PAGE, max: db.length - 1 }),
);

describe('mlflow.db cut short', () => {
  it('never throws or hangs; warns naming the file at its size; keeps only prefixes of the whole series', async () => {
    await fc.assert(
      fc.asyncProperty(cutArb, fc.constantFrom(...RUNS), async (cut, run) => {
        const recs = await read(run, db.subarray(0, cut));
        const warnings = recs.filter((r): r is WarningRecord => r.kind === 'warning');
        expect(warnings.some((w) => w.file === 'mlflow.db' && w.offset === cut), `cut at ${cut}: ${JSON.stringify(warnings)}`).toBe(true);
        const full = whole.get(run) ?? new Map();
        for (const [name, s] of seriesOf(recs)) {
          const w = full.get(name);
          expect(w, `cut at ${cut}: series ${name} invented`).toBeDefined();
          expect(isPrefix(s.steps, w?.steps ?? []) && isPrefix(s.values, w?.values ?? []), `cut at ${cut}: ${name} is not a prefix`).toBe(true);
        }
        expect(recs.filter((r) => r.kind === 'run-meta').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 120, examples: [[1, RUNS[0] ?? ''], [99, RUNS[0] ?? ''], [PAGE, RUNS[0] ?? ''], [PAGE + 7, RUNS[1] ?? ''], [db.length - 1, RUNS[2] ?? '']] },
    );
  });

  it('a cut in the last page still gives every earlier page: the runs table and metrics that fit before it', async () => {
    const recs = await read(RUNS[0] ?? '', db.subarray(0, db.length - 10));
    expect(recs.some((r) => r.kind === 'warning' && r.file === 'mlflow.db')).toBe(true);
    expect(recs.find((r) => r.kind === 'run-meta')).toMatchObject({ name: 'baseline', status: 'finished' });
  });

  it('random damaged bytes (not a cut) never throw or hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 100, max: db.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.constantFrom(...RUNS), async (flips, run) => {
        const bytes = db.slice();
        for (const [at, v] of flips) bytes[at] = v;
        const recs = await read(run, bytes);
        expect(recs.filter((r) => r.kind === 'run-meta').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});
