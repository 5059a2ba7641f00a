import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { mlflowImporter } from '../../main/importers/mlflow';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Counts;
// Runs of a SQL store (`<db>/<exp>/<run>`) are checked against their own counter in mlflow-db.test.ts.
const countsOf = async (dir: string): Promise<Counts> =>
  Object.fromEntries(
    (await inspectFolder(dir, [mlflowImporter])).runs.filter((r) => !/\.db\//.test(r.path)).map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]),
  );

// "MLflow metric points = lines in each metric file" (issue 4), counted by scripts/verify/mlflow_counts.py.
describe('mlflow file store against an independent reader', () => {
  it.skipIf(!hasRealdata)('realdata: every run and metric, incl. 63k-point files, names with spaces and slashes', async () => {
    expect(await countsOf(path.join(realdataDir, 'mlflow'))).toEqual(expected('mlflow-counts.json'));
  });
  it('committed fixtures', async () => {
    expect(await countsOf(path.join(fixturesDir, 'mlflow'))).toEqual(expected('mlflow-fixture-counts.json'));
  });
});
