import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { dvcliveImporter } from '../../main/importers/dvclive';
import { fixturesDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Counts;

// No real DVCLive output was found (see test/fixtures/dvclive/README.md): the fixtures are hand-made from the documented
// layout, and counts come from scripts/verify/dvclive_counts.py (Python's csv module).
describe('dvclive over the committed fixtures', () => {
  it('matches the independent reader: one series per TSV, named by its path', async () => {
    const report = await inspectFolder(path.join(fixturesDir, 'dvclive'), [dvcliveImporter]);
    expect(Object.fromEntries(report.runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]))).toEqual(expected('dvclive-fixture-counts.json'));
    const byPath = new Map(report.runs.map((r) => [r.path, r]));
    expect(byPath.get('sound-event-detection/dvclive')?.config).toBe(12); // 6 params + 6 summary entries
    expect(byPath.get('killed-early/dvclive')?.config).toBe(2); // 2 params; the summary is {}
    expect(byPath.get('still-writing/dvclive')?.warnings).toEqual([
      expect.objectContaining({ file: 'still-writing/dvclive/plots/metrics/loss.tsv', offset: 34, message: expect.stringContaining('Line 6') }),
    ]);
    expect(byPath.get('custom-dir/logs')?.warnings).toEqual([expect.objectContaining({ file: 'custom-dir/logs/plots/metrics/val/f1.tsv', message: expect.stringContaining('line 5') })]);
  });
});
