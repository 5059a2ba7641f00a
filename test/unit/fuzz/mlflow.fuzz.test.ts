import fc from 'fast-check';
import type { SqlValue } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlflowImporter } from '../../../main/importers/mlflow';
import { mlflowStatus } from '../../../main/importers/mlflow/run-meta';
import { detectMlflowDb } from '../../../main/importers/mlflow/sqlite/detect';
import { loadSqlite } from '../../../main/importers/mlflow/sqlite/engine';
import { readableImage } from '../../../main/importers/mlflow/sqlite/image';
import { anyString, applyMutations, fuzz, FUZZ_TIMEOUT_MS, HARNESS_LIMIT_MS, mutationArb, textArb } from '../../helpers/fuzz';
import { collect, memorySource } from '../../helpers/importers';
import type { Corpus, FuzzRun } from './support/importer-fuzz';
import { fuzzGrownRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus, readChecked } from './support/importer-fuzz';

/**
 * MLflow's file store (metric files of `timestamp value step` lines, params/ and tags/ as one file per key, meta.yaml)
 * and its SQL store (mlflow.db through sql.js). Byte mutations of the database fuzz SQLite's own damage handling and the
 * image preparation (cut pages, WAL headers); SQL-level edits put values of every type where the reader expects
 * numbers and text (SQLite keeps what it is given: a FLOAT column holds text or a blob just as well).
 */

const isDb = (f: string) => f.endsWith('.db');

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(mlflowImporter, ['mlflow']);
});

const sqlValue: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constantFrom<SqlValue>(null, 0, -1, 1, 1.7976931348623157e308, -1.7976931348623157e308, 2 ** 62, '', 'nan', 'NaN', 'FINISHED', 'constructor', '__proto__'),
  fc.double().map((x): SqlValue => (Number.isFinite(x) ? x : 0)),
  anyString(30),
  fc.uint8Array({ maxLength: 16 }),
  fc.integer({ min: 1, max: 100_000 }).map((n): SqlValue => 'x'.repeat(n)),
);

const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  metrics: ['key', 'value', 'timestamp', 'step', 'is_nan', 'run_uuid'],
  params: ['key', 'value'],
  tags: ['key', 'value'],
  runs: ['name', 'status', 'start_time', 'end_time', 'lifecycle_stage', 'experiment_id'],
  experiments: ['lifecycle_stage', 'name'],
};
const TABLES = Object.keys(COLUMNS);

type SqlEdit =
  | { readonly op: 'set'; readonly table: number; readonly column: number; readonly row: number; readonly value: SqlValue }
  | { readonly op: 'copy-rows'; readonly table: number; readonly times: number }
  | { readonly op: 'delete-rows'; readonly table: number; readonly every: number }
  | { readonly op: 'drop'; readonly table: number };

const sqlEdit: fc.Arbitrary<SqlEdit> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('set' as const), table: fc.nat(), column: fc.nat(), row: fc.nat({ max: 200 }), value: sqlValue }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('copy-rows' as const), table: fc.nat(), times: fc.integer({ min: 1, max: 5 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('delete-rows' as const), table: fc.nat(), every: fc.integer({ min: 1, max: 5 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('drop' as const), table: fc.nat() }), weight: 1 },
);

/** The database with the edits made by SQLite itself, so the file stays well-formed and only its contents are odd. */
async function editDb(bytes: Uint8Array, edits: readonly SqlEdit[]): Promise<Uint8Array> {
  const sqlite = await loadSqlite();
  const db = new sqlite.Database(readableImage(bytes).bytes ?? bytes);
  try {
    db.run('PRAGMA ignore_check_constraints = ON');
    for (const e of edits) {
      const table = TABLES[e.table % TABLES.length] as string;
      try {
        if (e.op === 'set') {
          const cols = COLUMNS[table] as readonly string[];
          const col = cols[e.column % cols.length] as string;
          db.run(`UPDATE ${table} SET ${col} = ? WHERE rowid = (SELECT rowid FROM ${table} ORDER BY rowid LIMIT 1 OFFSET ?)`, [e.value, e.row]);
        } else if (e.op === 'copy-rows') {
          for (let i = 0; i < e.times; i++) db.run(`INSERT OR IGNORE INTO ${table} SELECT * FROM ${table}`);
        } else if (e.op === 'delete-rows') {
          db.run(`DELETE FROM ${table} WHERE rowid % ? = 0`, [e.every]);
        } else {
          db.run(`DROP TABLE ${table}`);
        }
      } catch {
        // An edit SQLite refuses (a primary key clash, a table already dropped) is simply not made.
      }
    }
    return db.export();
  } finally {
    db.close();
  }
}

describe('mlflow fuzz', () => {
  it('byte mutations of any store file (metrics, params, tags, meta.yaml, mlflow.db) never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(mlflowImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('byte mutations of mlflow.db: detection and every run of it read without an exception', async () => {
    const dbTargets = corpus.targets.filter((t) => isDb(t.file));
    expect(dbTargets.length).toBeGreaterThan(0);
    await fuzz(
      fc.record({ target: fc.nat({ max: dbTargets.length - 1 }), ops: fc.array(mutationArb({ maxRepeat: 64 }), { minLength: 1, maxLength: 6 }) }),
      async ({ target, ops }) => {
        const t = dbTargets[target] as { run: number; file: string };
        const bytes = applyMutations(corpus.runs[t.run]?.files.get(t.file) ?? new Uint8Array(), ops, corpus.donors);
        const name = t.file.split('/').pop() ?? 'mlflow.db';
        const dir = { relPath: '', name: '', files: [{ name, size: bytes.length, mtimeMs: 0 }], dirs: [] };
        const found = await detectMlflowDb(dir, async (_rel, n) => bytes.subarray(0, n));
        for (const d of found) expect(d.files).toContain(name);
        const runs = corpus.runs.filter((r) => r.files.has(t.file));
        for (const run of runs.slice(0, 3)) await readChecked(mlflowImporter, run, new Map([[t.file, bytes]]));
      },
      { weight: 0.5, limitMs: HARNESS_LIMIT_MS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('SQL-level edits (any value type in any column, copied, deleted and dropped tables) never throw', async () => {
    const dbRuns = corpus.runs.filter((r) => [...r.files.keys()].some(isDb));
    expect(dbRuns.length).toBeGreaterThan(0);
    await fuzz(
      fc.record({ run: fc.nat({ max: dbRuns.length - 1 }), edits: fc.array(sqlEdit, { minLength: 1, maxLength: 8 }) }),
      async ({ run, edits }) => {
        const r = dbRuns[run] as FuzzRun;
        const file = [...r.files.keys()].find(isDb) as string;
        const edited = await editDb(r.files.get(file) as Uint8Array, edits);
        await readChecked(mlflowImporter, r, new Map([[file, edited]]));
      },
      { weight: 1, limitMs: HARNESS_LIMIT_MS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a mutated metric file grown to a megabyte reads in time', async () => {
    await fuzzGrownRuns(mlflowImporter, corpus, { isTarget: (f) => f.includes('/metrics/') });
  }, FUZZ_TIMEOUT_MS);

  it('a cut metric file keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    const metrics = { ...corpus, targets: corpus.targets.filter((t) => t.file.includes('/metrics/')) };
    await fuzzPrefixKept(mlflowImporter, metrics, { weight: 0.5 });
    await fuzzPrefixKept(mlflowImporter, metrics, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);

  it('metric lines, params, tags and statuses of any text never throw', async () => {
    const run = 'mlruns/1/abc';
    await fuzz(
      fc.record({ metric: textArb(600), param: textArb(100), status: textArb(20), key: fc.constantFrom('loss', 'a b', 'x/y/z', '__proto__', 'constructor') }),
      async ({ metric, param, status, key }) => {
        expect(['finished', 'crashed', 'killed', 'running', 'unknown']).toContain(mlflowStatus(status));
        const src = memorySource({ [`${run}/meta.yaml`]: `status: ${JSON.stringify(status)}\nrun_name: ${JSON.stringify(param)}\n`, [`${run}/metrics/${key}`]: metric, [`${run}/params/${key}`]: param, [`${run}/tags/${key}`]: param }, run);
        const recs = await collect(mlflowImporter, src);
        for (const r of recs) if (r.kind === 'run-meta' && r.status !== undefined) expect(['finished', 'crashed', 'killed', 'running', 'unknown']).toContain(r.status);
      },
      { weight: 2 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('mlflow fuzz regressions', () => {
  // Found by the status fuzzer: the status table was indexed with the raw text, so `constructor` found
  // Object.prototype's function and became the run's "status".
  it('a status naming an Object.prototype member is unknown', () => {
    for (const s of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(mlflowStatus(s)).toBe('unknown');
    expect(mlflowStatus('FAILED')).toBe('crashed');
  });

  // Found by the byte mutator (the same bug as hf-trainer's): the unfinished-line offset re-encoded decoded text, so
  // a BOM (dropped by the decoder) and each invalid UTF-8 byte (one U+FFFD, 3 bytes re-encoded) moved it.
  it('the unfinished last line of a metric file is located by its byte offset, with a BOM and invalid UTF-8 before it', async () => {
    const run = 'mlruns/1/abc';
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('1 0.5 0\n2 0.'), 0x80, ...new TextEncoder().encode(' 1\n3 0.7')]);
    const recs = await collect(mlflowImporter, memorySource({ [`${run}/metrics/loss`]: bytes }, run));
    const at = bytes.lastIndexOf(0x0a) + 1;
    expect(recs.find((r) => r.kind === 'warning' && r.offset !== null)).toMatchObject({ offset: at, message: expect.stringContaining(`(byte ${at})`) });
  });
});
