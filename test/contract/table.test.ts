import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { tableImporter } from '../../main/importers/table';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Counts;
const inspect = (dir: string) => inspectFolder(dir, [tableImporter]);
const countsOf = (report: Awaited<ReturnType<typeof inspect>>): Counts => Object.fromEntries(report.runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]));

// Counts from scripts/verify/table_counts.py. There is no "table" realdata folder: alone, the table importer reads
// every CSV/JSONL with a step-like column in the whole tree (Lightning CSVs, LLaMA-Factory logs by their `epoch`).
describe.skipIf(!hasRealdata)('table over the whole of ../shared/realdata', () => {
  it('finds exactly the tables the independent reader finds, with exact points per column', async () => {
    const report = await inspect(realdataDir);
    expect(countsOf(report)).toEqual(expected('table-counts.json'));
  });

  it('gives a Lightning CSV the same counts as the Lightning reader does', async () => {
    const lightning = expected('lightning-csv-counts.json');
    const table = expected('table-counts.json');
    for (const [run, counts] of Object.entries(lightning)) if (Object.keys(counts).length > 0) expect(table[`lightning-csv/${run}/metrics`]).toEqual(counts);
  });
});

describe('table over the committed fixtures', () => {
  it('matches the independent reader; files without a step-like column or a number are not runs', async () => {
    const report = await inspect(path.join(fixturesDir, 'table'));
    expect(countsOf(report)).toEqual(expected('table-fixture-counts.json'));
    expect(report.runs.some((r) => r.path.startsWith('not-metrics/'))).toBe(false);
    const tsv = report.runs.find((r) => r.path === 'custom-loop/metrics');
    expect(tsv?.warnings.map((w) => w.message)).toEqual([expect.stringContaining('different number of cells'), expect.stringContaining('Line 8')]);
  });
});
