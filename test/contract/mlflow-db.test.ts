import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { mlflowImporter } from '../../main/importers/mlflow';
import { importers } from '../../main/importers/registry';
import { readClaim, scanSource } from '../../main/services/import-source';
import { fixturesDir } from '../helpers/paths';

type Counts = Record<string, { metrics: Record<string, number>; params: number }>;
const dbFolder = path.join(fixturesDir, 'mlflow', 'sqlite');
const expected = JSON.parse(readFileSync(path.join(fixturesDir, 'expected', 'mlflow-db-counts.json'), 'utf8')) as Counts;

// Counts pinned by scripts/verify/mlflow_db_count.py (Python's own sqlite3) over the same file.
describe('mlflow SQL store (mlflow.db) through the real scanner and reader', () => {
  it('every visible run, every metric key, exact point counts and param counts', async () => {
    const scanned = await scanSource(dbFolder, importers);
    const got: Counts = {};
    for (const claim of scanned.scan.claims) {
      expect(claim.importer.id).toBe('mlflow');
      const run = await readClaim(scanned, claim, new AbortController().signal);
      got[claim.relPath] = {
        metrics: Object.fromEntries([...run.series.values()].map((s) => [s.name, s.steps.length]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))),
        params: run.configs.filter((c) => c.origin === 'params').length,
      };
      expect(run.warnings).toEqual([]);
    }
    expect(got).toEqual(expected);
  });

  it('names, statuses, nesting and times as MLflow stored them; the deleted run is left out', async () => {
    const report = await inspectFolder(dbFolder, [mlflowImporter]);
    const byName = new Map(report.runs.map((r) => [r.name, r]));
    expect(report.runs.map((r) => r.name).sort()).toEqual(['baseline', 'live-probe', 'sweep', 'trial-1', 'trial-2']);
    expect(byName.get('trial-1')?.status).toBe('crashed');
    expect(byName.get('trial-2')?.status).toBe('killed');
    expect(byName.get('live-probe')?.status).toBe('running');
    expect(byName.get('baseline')?.status).toBe('finished');
    expect(report.runs.some((r) => r.path.includes('e5f60718293a4b5c6d7e8f9a0b1c2d34'))).toBe(false);
  });

  describe('a -wal file beside the database', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-mlflow-wal-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is named in a warning on every run (recent writes may be missing)', async () => {
      writeFileSync(path.join(dir, 'mlflow.db'), readFileSync(path.join(dbFolder, 'mlflow.db')));
      writeFileSync(path.join(dir, 'mlflow.db-wal'), new Uint8Array(4096).fill(7));
      const report = await inspectFolder(dir, [mlflowImporter]);
      expect(report.runs).toHaveLength(Object.keys(expected).length);
      for (const r of report.runs) expect(r.warnings.map((w) => w.file)).toEqual(['mlflow.db-wal']);
    });
  });
});
