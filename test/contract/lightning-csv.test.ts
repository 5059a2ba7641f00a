import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { lightningCsvImporter } from '../../main/importers/lightning-csv';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Counts;
const inspect = (dir: string) => inspectFolder(dir, [lightningCsvImporter]);
const countsOf = (report: Awaited<ReturnType<typeof inspect>>): Counts => Object.fromEntries(report.runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]));

// Counts from scripts/verify/lightning_csv_counts.py (Python's csv module): non-empty cells per column but `step`.
describe.skipIf(!hasRealdata)('lightning-csv over ../shared/realdata/lightning-csv', () => {
  it('finds every run (the {} one with no CSV included) with exact points per column', async () => {
    const report = await inspect(path.resolve(realdataDir, 'lightning-csv'));
    expect(countsOf(report)).toEqual(expected('lightning-csv-counts.json'));
    expect(report.runs.every((r) => r.format === 'lightning-csv' && r.warnings.length === 0)).toBe(true);
  });

  it('keeps the resumed version on its continued counters, and reads nested hparams as dotted config', async () => {
    const report = await inspect(path.resolve(realdataDir, 'lightning-csv'));
    const resumed = report.runs.find((r) => r.path === '0Xero7__slm_training/lightning_logs/version_5');
    expect(resumed?.metrics.find((m) => m.name === 'train_loss_step')).toMatchObject({ firstStep: 140749, lastStep: 196999 });
    expect(report.runs.find((r) => r.path === 'BvoJa__GPTTT/lightning_logs/version_0')?.config).toBe(17); // vocab_size + 16 leaves under cfg
  });
});

describe('lightning-csv over the committed fixtures', () => {
  it('matches the independent reader, and warns about the unfinished line of the live run', async () => {
    const report = await inspect(path.join(fixturesDir, 'lightning-csv'));
    expect(countsOf(report)).toEqual(expected('lightning-csv-fixture-counts.json'));
    const live = report.runs.find((r) => r.path === 'edge-cases/still-writing/version_1');
    expect(live?.warnings).toEqual([expect.objectContaining({ file: 'edge-cases/still-writing/version_1/metrics.csv', offset: 50, message: expect.stringContaining('Line 5') })]);
  });
});
