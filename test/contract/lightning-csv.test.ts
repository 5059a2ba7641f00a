import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { lightningCsvImporter } from '../../main/importers/lightning-csv';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Counts;
const countsOf = async (dir: string): Promise<Counts> =>
  Object.fromEntries((await inspectFolder(dir, [lightningCsvImporter])).runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]));

// Counts from scripts/verify/lightning_csv_counts.py (Python's csv module): non-empty cells per column.
describe('lightning-csv against an independent reader', () => {
  it.skipIf(!hasRealdata)('realdata: every run and column', async () => {
    expect(await countsOf(path.join(realdataDir, 'lightning-csv'))).toEqual(expected('lightning-csv-counts.json'));
  });
  it('committed fixtures', async () => {
    expect(await countsOf(path.join(fixturesDir, 'lightning-csv'))).toEqual(expected('lightning-csv-fixture-counts.json'));
  });
});
