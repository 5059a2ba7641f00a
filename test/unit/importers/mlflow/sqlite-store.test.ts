import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlflowImporter } from '../../../../main/importers/mlflow';
import { loadSqlite } from '../../../../main/importers/mlflow/sqlite/engine';
import type { DirNode, Peek } from '../../../../shared/importers/importer';
import type { ConfigRecord, ImportRecord, RunMetaRecord, ScalarBatchRecord } from '../../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../../helpers/importers';
import { fixturesDir } from '../../../helpers/paths';

const db = new Uint8Array(readFileSync(path.join(fixturesDir, 'mlflow', 'sqlite', 'mlflow.db')));
const BASELINE = 'mlflow.db/0/0f3c9d2e8b7a46e1a5c4d3b2a1908f7e';
const TRIAL1 = 'mlflow.db/1/b2c3d4e5f60718293a4b5c6d7e8f9a01';
const LIVE = 'mlflow.db/1/d4e5f60718293a4b5c6d7e8f9a0b1c23';

const dirOf = (files: Record<string, Uint8Array>, relPath = ''): DirNode => ({
  relPath,
  name: relPath,
  files: Object.entries(files).map(([name, b]) => ({ name, size: b.length, mtimeMs: 0 })),
  dirs: [],
});
const peekOf =
  (files: Record<string, Uint8Array>, relPath = ''): Peek =>
  async (rel, n) =>
    (files[relPath === '' ? rel : rel.slice(relPath.length + 1)] ?? new Uint8Array()).subarray(0, n);
const run = (relPath: string, bytes = db) => collect(mlflowImporter, memorySource({ 'mlflow.db': bytes }, relPath));
const config = (recs: ImportRecord[], origin: string) => recs.find((r): r is ConfigRecord => r.kind === 'config' && r.origin === origin)?.entries;
const meta = (recs: ImportRecord[]) => recs.find((r): r is RunMetaRecord => r.kind === 'run-meta');

describe('mlflow.db detect', () => {
  it('one detection per visible run, sharing the file; the deleted run is not claimed', async () => {
    const files = { 'mlflow.db': db, 'notes.txt': new Uint8Array(3) };
    const found = await mlflowImporter.detect(dirOf(files, 'exp'), peekOf(files, 'exp'));
    expect(Array.isArray(found)).toBe(true);
    const list = Array.isArray(found) ? found : [];
    expect(list.map((d) => d.runPath)).toEqual([
      'exp/mlflow.db/0/0f3c9d2e8b7a46e1a5c4d3b2a1908f7e',
      'exp/mlflow.db/1/a1b2c3d4e5f60718293a4b5c6d7e8f90',
      'exp/mlflow.db/1/b2c3d4e5f60718293a4b5c6d7e8f9a01',
      'exp/mlflow.db/1/c3d4e5f60718293a4b5c6d7e8f9a0b12',
      'exp/mlflow.db/1/d4e5f60718293a4b5c6d7e8f9a0b1c23',
    ]);
    for (const d of list) expect(d.files).toEqual(['exp/mlflow.db']);
  });

  it('adds a non-empty -wal to the files, ignores an empty one', async () => {
    const withWal = { 'mlflow.db': db, 'mlflow.db-wal': new Uint8Array(32) };
    const found = await mlflowImporter.detect(dirOf(withWal), peekOf(withWal));
    expect(Array.isArray(found) ? found[0]?.files : null).toEqual(['mlflow.db', 'mlflow.db-wal']);
    const emptyWal = { 'mlflow.db': db, 'mlflow.db-wal': new Uint8Array() };
    const found2 = await mlflowImporter.detect(dirOf(emptyWal), peekOf(emptyWal));
    expect(Array.isArray(found2) ? found2[0]?.files : null).toEqual(['mlflow.db']);
  });

  it('claims any *.db holding MLflow tables, but not other SQLite files or non-SQLite .db files', async () => {
    const sqlite = await loadSqlite();
    const other = new sqlite.Database();
    other.run('CREATE TABLE runs (id TEXT); CREATE TABLE events (x INT)');
    const files = { 'tracking.db': db, 'cache.db': other.export(), 'thumbs.db': new Uint8Array(4096).fill(1) };
    other.close();
    const found = await mlflowImporter.detect(dirOf(files), peekOf(files));
    const paths = (Array.isArray(found) ? found : []).map((d) => d.runPath ?? '');
    expect(paths).toHaveLength(5);
    expect(paths.every((p) => p.startsWith('tracking.db/'))).toBe(true);
  });
});

describe('mlflow.db parse', () => {
  it('metric keys with / and spaces, NaN rows, clamped infinities, duplicate steps, wall times', async () => {
    const recs = await run(BASELINE);
    const s = seriesOf(recs);
    expect([...s.keys()].sort()).toEqual(['eval/accuracy', 'grad_norm', 'loss', 'rollout/exploration rate']);
    const loss = s.get('loss');
    expect(loss?.steps).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Number.isNaN(loss?.values[7])).toBe(true);
    expect(loss?.values.filter((v) => Number.isNaN(v))).toHaveLength(1);
    expect(s.get('grad_norm')?.values).toEqual([3.2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.1]);
    expect(s.get('eval/accuracy')).toEqual({ steps: [0, 5, 10, 15, 10], values: [0.5, 0.6, 0.7, 0.8, 0.71] });
    const batch = recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars' && r.metric === 'loss');
    expect(batch?.wallTimesSec?.[0]).toBe(1765000001);
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([]);
  });

  it('keeps insertion order: a resumed run logs steps again after a later one', async () => {
    const steps = seriesOf(await run(TRIAL1)).get('train/loss')?.steps ?? [];
    expect(steps).toEqual([...Array.from({ length: 30 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => i + 20)]);
  });

  it('params and tags as config (origins as in the file store), parent link, status and times', async () => {
    const recs = await run(TRIAL1);
    expect(config(recs, 'params')).toEqual({ lr: '0.001', seed: '1' });
    expect(config(recs, 'tags')).toMatchObject({ 'mlflow.runName': 'trial-1', 'mlflow.parentRunId': 'a1b2c3d4e5f60718293a4b5c6d7e8f90' });
    expect(meta(recs)).toEqual({ kind: 'run-meta', name: 'trial-1', status: 'crashed', wallStartSec: 1765000110, wallEndSec: 1765000190 });
  });

  it('falls back to runs.name without a mlflow.runName tag; a running run has no end', async () => {
    const recs = await run(LIVE);
    expect(config(recs, 'params')).toBeUndefined();
    expect(meta(recs)).toEqual({ kind: 'run-meta', name: 'live-probe', status: 'running', wallStartSec: 1765000500 });
  });

  it('a run gone from the file gives a warning, not an error', async () => {
    const recs = await run('mlflow.db/1/ffffffffffffffffffffffffffffffff');
    expect(recs.find((r) => r.kind === 'warning')).toMatchObject({ file: 'mlflow.db', message: expect.stringContaining('no longer') });
    expect(seriesOf(recs).size).toBe(0);
  });

  it('warns about a non-empty -wal beside the database, naming it', async () => {
    const recs = await collect(mlflowImporter, memorySource({ 'mlflow.db': db, 'mlflow.db-wal': new Uint8Array(100) }, BASELINE));
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([expect.objectContaining({ kind: 'warning', file: 'mlflow.db-wal', offset: null })]);
    expect(seriesOf(recs).get('loss')?.steps).toHaveLength(40);
  });
});
