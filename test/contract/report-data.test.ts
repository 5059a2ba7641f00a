import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { TENSORBOARD_DEFAULT } from '../../shared/analysis/smoothing';
import type { ReportSpec } from '../../shared/domain/report';
import { STEP_X } from '../../shared/domain/series';
import { call, importFolder, openHost } from '../helpers/host';
import { repoRoot, tempDir } from '../helpers/paths';

/** Issue 7 §4: a report's data as CSV and Parquet holds every stored point of its curves and every eval number. */
describe('report data export', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  let spec: ReportSpec;
  let expectedPoints = 0;
  let expectedEvals = 0;

  beforeAll(async () => {
    t = await tempDir();
    host = await openHost(path.join(t.dir, 'ws'));
    await importFolder(host, path.join(repoRoot, 'demo'));
    const runs = await call(host, 'library:list-runs', {});
    const training = runs.filter((r) => ['base-pretrain', 'fp16-nan-spike', 'resumed-pretrain'].includes(r.path)).map((r) => r.id);
    const evals = runs.filter((r) => r.format === 'lm-eval').map((r) => r.id);
    const metrics = await call(host, 'library:list-metrics', { runIds: training });
    expectedPoints = metrics.filter((m) => m.name === 'train/loss' || m.name === 'loss').reduce((a, m) => a + m.points, 0);
    const cmp = await call(host, 'compare:evals', { runIds: evals });
    expectedEvals = cmp.rows.reduce((a, r) => a + r.cells.filter((c) => c !== null).length, 0);
    spec = {
      version: 1,
      id: 'data',
      title: 'Data',
      authors: '',
      date: '',
      updatedAtMs: 0,
      sections: [
        { kind: 'curves', runIds: training, metrics: ['train/loss', 'loss'], smoothing: TENSORBOARD_DEFAULT, x: STEP_X },
        { kind: 'comparison', runIds: evals, baselineRunId: null },
      ],
    };
    await call(host, 'report:save', spec);
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  it('CSV: one line per stored point (NaN kept) and per eval number', async () => {
    const out = await call(host, 'report:export-data', { id: 'data', format: 'csv' });
    expect(out.fileName).toBe('Data data.csv');
    const lines = Buffer.from(out.base64, 'base64').toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,run,run_path,metric,filter,seq,step,value,stderr');
    expect(out.rows).toBe(expectedPoints + expectedEvals);
    expect(lines).toHaveLength(1 + expectedPoints + expectedEvals);
    expect(lines.filter((l) => l.startsWith('scalar,'))).toHaveLength(expectedPoints);
    // The fp16 run's NaN loss at step 700 is a point like any other.
    expect(lines.some((l) => l.startsWith('scalar,') && l.includes(',fp16-nan-spike,loss,,') && l.endsWith(',700,NaN,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('eval,runlens-demo/llama-3-8b-sft,evals/llama-3-8b-sft,gsm8k exact_match,strict-match,,,0.62,'))).toBe(true);
  });

  it('Parquet: the same rows, readable by any Parquet reader', async () => {
    const out = await call(host, 'report:export-data', { id: 'data', format: 'parquet' });
    const file = path.join(t.dir, 'data.parquet');
    await writeFile(file, Buffer.from(out.base64, 'base64'));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll(`SELECT kind, count(*)::INTEGER AS n FROM read_parquet('${file.replaceAll("'", "''")}') GROUP BY kind ORDER BY kind`)).getRowObjectsJS();
    expect(rows).toEqual([
      { kind: 'eval', n: expectedEvals },
      { kind: 'scalar', n: expectedPoints },
    ]);
    conn.closeSync();
  });
});
