import { describe, expect, it } from 'vitest';
import { dvcliveImporter } from '../../../main/importers/dvclive';
import { metricNameOf } from '../../../main/importers/dvclive/detect';
import type { DirNode } from '../../../shared/importers/importer';
import type { ConfigRecord, ScalarBatchRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const peek = async () => new Uint8Array();
/** A DirNode for the folder `root`, holding `paths` (relative to it). */
function tree(root: string, paths: string[], rel = root): DirNode {
  const files = paths.filter((p) => !p.includes('/')).map((n) => ({ name: n, size: 1, mtimeMs: 0 }));
  const subdirs = [...new Set(paths.filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))))];
  const dirs = subdirs.map((d) => tree(d, paths.filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1)), `${rel}/${d}`));
  return { relPath: rel, name: root.split('/').pop() ?? root, files, dirs };
}
const parse = (files: Record<string, string>) => collect(dvcliveImporter, memorySource(files, 'p/dvclive'));
const warnings = (recs: Awaited<ReturnType<typeof parse>>) => recs.filter((r): r is WarningRecord => r.kind === 'warning');

describe('dvclive detect', () => {
  it('claims the TSVs (sorted, nested names included), then metrics.json and params.yaml', async () => {
    const d = tree('p/dvclive', ['metrics.json', 'params.yaml', 'dvc.yaml', 'report.html', 'plots/metrics/train/loss.tsv', 'plots/metrics/lr.tsv', 'plots/images/x.png', 'plots/metrics/eval/loss.tsv']);
    expect(await dvcliveImporter.detect(d, peek)).toEqual({
      confidence: 0.9,
      files: ['p/dvclive/plots/metrics/eval/loss.tsv', 'p/dvclive/plots/metrics/lr.tsv', 'p/dvclive/plots/metrics/train/loss.tsv', 'p/dvclive/metrics.json', 'p/dvclive/params.yaml'],
    });
  });

  it('finds a Live(dir=…) folder by its plots, and a default folder by its name alone', async () => {
    expect(await dvcliveImporter.detect(tree('p/logs', ['plots/metrics/acc.tsv']), peek)).toEqual({ confidence: 0.9, files: ['p/logs/plots/metrics/acc.tsv'] });
    expect(await dvcliveImporter.detect(tree('p/dvclive', ['params.yaml']), peek)).toEqual({ confidence: 0.9, files: ['p/dvclive/params.yaml'] });
  });

  it('does not claim a DVC project root (its own params.yaml and metrics.json) or empty plots', async () => {
    expect(await dvcliveImporter.detect(tree('p', ['params.yaml', 'metrics.json', 'dvc.yaml']), peek)).toBeNull();
    expect(await dvcliveImporter.detect(tree('p/out', ['plots/metrics/readme.txt']), peek)).toBeNull();
  });

  it('names a metric by its path below plots/metrics', () => {
    expect(metricNameOf('p/dvclive', 'p/dvclive/plots/metrics/train/loss.tsv')).toBe('train/loss');
    expect(metricNameOf('', 'plots/metrics/acc.tsv')).toBe('acc');
  });
});

describe('dvclive parse', () => {
  it('reads step<TAB>value rows, names the series from the path, keeps nan/inf and restarts', async () => {
    const recs = await parse({ 'p/dvclive/plots/metrics/train/loss.tsv': 'step\tloss\n0\t1.5\n1\tnan\n2\tinf\n1\t0.75\n' });
    expect(seriesOf(recs)).toEqual(new Map([['train/loss', { steps: [0, 1, 2, 1], values: [1.5, Number.NaN, Number.POSITIVE_INFINITY, 0.75] }]]));
    expect(recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars')?.wallTimesSec).toBeNull();
    expect(warnings(recs)).toEqual([]);
  });

  it('reads the older timestamp<TAB>step<TAB>value layout, with wall times in seconds', async () => {
    const recs = await parse({ 'p/dvclive/plots/metrics/acc.tsv': 'timestamp\tstep\tacc\n1650000000000\t0\t0.5\n1650000001500\t1\t0.6\n' });
    const batch = recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars');
    expect(batch?.metric).toBe('acc');
    expect([...(batch?.wallTimesSec ?? [])]).toEqual([1650000000, 1650000001.5]);
    expect([...(batch?.steps ?? [])]).toEqual([0, 1]);
  });

  it('accepts a value column named by the full metric name, and skips a non-numeric value with a warning', async () => {
    const recs = await parse({ 'p/dvclive/plots/metrics/val/f1.tsv': 'step\tval/f1\n0\t0.3\n1\tpending\n2\t0.4\n' });
    expect(seriesOf(recs).get('val/f1')).toEqual({ steps: [0, 2], values: [0.3, 0.4] });
    expect(warnings(recs)).toEqual([expect.objectContaining({ file: 'p/dvclive/plots/metrics/val/f1.tsv', message: 'Rows without a number in the value column, skipped: 1 row, first at line 3.' })]);
  });

  it('warns about a TSV with no value column, and about an unfinished last line', async () => {
    const recs = await parse({ 'p/dvclive/plots/metrics/a.tsv': 'step\ttimestamp\n0\t1\n', 'p/dvclive/plots/metrics/b.tsv': 'step\tb\n0\t1\n1\t0.' });
    expect(seriesOf(recs).get('b')).toEqual({ steps: [0], values: [1] });
    expect(warnings(recs).map((w) => [w.file, w.offset])).toEqual([
      ['p/dvclive/plots/metrics/a.tsv', 0],
      ['p/dvclive/plots/metrics/b.tsv', 11],
    ]);
  });

  it('reads metrics.json as the summary (names re-joined with /) and params.yaml as config; no points from either', async () => {
    const recs = await parse({ 'p/dvclive/metrics.json': '{"train": {"loss": 0.1, "acc": NaN}, "step": 9, "tags": ["a"]}', 'p/dvclive/params.yaml': 'model:\n  depth: 4\nlr: 0.01\n' });
    const configs = recs.filter((r): r is ConfigRecord => r.kind === 'config');
    expect(configs).toEqual([
      { kind: 'config', origin: 'summary', entries: { 'train/loss': 0.1, 'train/acc': 'NaN', step: 9, tags: '["a"]' } },
      { kind: 'config', origin: 'params.yaml', entries: { 'model.depth': 4, lr: 0.01 } },
    ]);
    expect(seriesOf(recs).size).toBe(0);
  });

  it('keeps what came before a cut in metrics.json and says where it stopped', async () => {
    const recs = await parse({ 'p/dvclive/metrics.json': '{"loss": 0.5, "acc": 0.' });
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config')?.entries).toEqual({ loss: 0.5 });
    expect(warnings(recs)).toEqual([expect.objectContaining({ file: 'p/dvclive/metrics.json', message: expect.stringContaining('cut short') })]);
  });
});
