import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { rawLogImporter } from '../../main/importers/raw-log';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Expected = Record<string, { lines: number; series: Record<string, number> }>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Expected;
const summaryOf = async (dir: string): Promise<Expected> =>
  Object.fromEntries((await inspectFolder(dir, [rawLogImporter])).runs.map((r) => [r.path, { lines: r.logLines, series: Object.fromEntries(r.metrics.map((m) => [m.name, m.points])) }]));

// Lines and extracted points from scripts/verify/raw_log_counts.py, written separately in Python.
describe('raw-log against an independent reader', () => {
  it.skipIf(!hasRealdata)('realdata: every log file', async () => {
    expect(await summaryOf(path.join(realdataDir, 'raw-logs'))).toEqual(expected('raw-log-counts.json'));
  });
  it('committed fixtures', async () => {
    expect(await summaryOf(path.join(fixturesDir, 'raw-log'))).toEqual(expected('raw-log-fixture-counts.json'));
  });
});
