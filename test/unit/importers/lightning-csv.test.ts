import { describe, expect, it } from 'vitest';
import { lightningCsvImporter } from '../../../main/importers/lightning-csv';
import type { DirNode, Peek } from '../../../shared/importers/importer';
import type { ConfigRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const enc = new TextEncoder();
const dir = (name: string, files: string[]): DirNode => ({ relPath: `logs/${name}`, name, files: files.map((n) => ({ name: n, size: 1, mtimeMs: 0 })), dirs: [] });
const peekOf =
  (text: string): Peek =>
  async () =>
    enc.encode(text);
const noPeek: Peek = async () => {
  throw new Error('EACCES');
};
const parse = (files: Record<string, string>) => collect(lightningCsvImporter, memorySource(files, 'r'));
const warnings = (recs: Awaited<ReturnType<typeof parse>>) => recs.filter((r): r is WarningRecord => r.kind === 'warning');

describe('lightning-csv detect', () => {
  it('claims metrics.csv with its hparams.yaml in a version folder', async () => {
    expect(await lightningCsvImporter.detect(dir('version_0', ['hparams.yaml', 'metrics.csv']), noPeek)).toEqual({ confidence: 0.9, files: ['logs/version_0/metrics.csv', 'logs/version_0/hparams.yaml'] });
  });

  it('shows a version folder that died before logging (hparams.yaml only) at lower confidence', async () => {
    expect(await lightningCsvImporter.detect(dir('version_3', ['hparams.yaml']), noPeek)).toEqual({ confidence: 0.6, files: ['logs/version_3/hparams.yaml'] });
    expect(await lightningCsvImporter.detect(dir('other', ['hparams.yaml']), noPeek)).toBeNull();
  });

  it('leaves hparams.yaml beside event files to the TensorBoard importer, but keeps a CSV there', async () => {
    expect(await lightningCsvImporter.detect(dir('version_0', ['hparams.yaml', 'events.out.tfevents.1.h.1.0']), noPeek)).toBeNull();
    expect(await lightningCsvImporter.detect(dir('version_0', ['hparams.yaml', 'metrics.csv', 'events.out.tfevents.1.h.1.0']), noPeek)).toEqual({ confidence: 0.9, files: ['logs/version_0/metrics.csv'] });
  });

  it('outside Lightning layout, claims a metrics.csv only when its header has the `step` column', async () => {
    expect(await lightningCsvImporter.detect(dir('exp-a', ['metrics.csv']), peekOf('epoch,lr-Adam,step\n0,0.1,0\n'))).toEqual({ confidence: 0.9, files: ['logs/exp-a/metrics.csv'] });
    expect(await lightningCsvImporter.detect(dir('exp-a', ['metrics.csv']), peekOf('"step",loss'))).toMatchObject({ confidence: 0.9 });
    expect(await lightningCsvImporter.detect(dir('results', ['metrics.csv']), peekOf('model,accuracy\nbert,0.9\n'))).toBeNull();
    expect(await lightningCsvImporter.detect(dir('results', ['metrics.csv']), noPeek)).toBeNull();
  });
});

describe('lightning-csv parse', () => {
  it('reads sparse rows: every non-empty cell is a point at its row step; epoch is a series, step is not', async () => {
    const recs = await parse({ 'r/metrics.csv': 'epoch,step,train_loss,val_loss\n0,49,2.5,\n0,99,2.25,\n0,99,,2.125\n1,149,2,\n' });
    const s = seriesOf(recs);
    expect(s.get('train_loss')).toEqual({ steps: [49, 99, 149], values: [2.5, 2.25, 2] });
    expect(s.get('val_loss')).toEqual({ steps: [99], values: [2.125] });
    expect(s.get('epoch')).toEqual({ steps: [49, 99, 99, 149], values: [0, 0, 0, 1] });
    expect([...s.keys()]).toEqual(['epoch', 'train_loss', 'val_loss']);
    expect(warnings(recs)).toEqual([]);
  });

  it('keeps nan, inf and -inf as values', async () => {
    const s = seriesOf(await parse({ 'r/metrics.csv': 'loss,step\nnan,1\ninf,2\n-inf,3\nNaN,4\n' }));
    expect(s.get('loss')?.values).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
  });

  it('keeps a restart (steps going back) in read order, CRLF line ends and quoted cells', async () => {
    const s = seriesOf(await parse({ 'r/metrics.csv': 'step,"loss, smoothed"\r\n10,1\r\n20,0.5\r\n10,0.75\r\n' }));
    expect(s.get('loss, smoothed')).toEqual({ steps: [10, 20, 10], values: [1, 0.5, 0.75] });
  });

  it('uses the row index as the step when there is no step column', async () => {
    const s = seriesOf(await parse({ 'r/metrics.csv': 'epoch,loss\n0,3\n0,2\n1,1\n' }));
    expect(s.get('loss')).toEqual({ steps: [0, 1, 2], values: [3, 2, 1] });
  });

  it('does not read an unfinished last line, and says which line and byte', async () => {
    const recs = await parse({ 'r/metrics.csv': 'loss,step\n1.5,0\n1.2' });
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [0], values: [1.5] });
    expect(warnings(recs)).toEqual([{ kind: 'warning', file: 'r/metrics.csv', offset: 16, message: expect.stringMatching(/^Line 3 \(byte 16\) is unfinished/) }]);
  });

  it('reads a row with a missing or extra cell by position and warns once', async () => {
    const recs = await parse({ 'r/metrics.csv': 'loss,step,acc\n1,0,0.5\n2,1\n3,2,0.7,9\n' });
    expect(seriesOf(recs).get('acc')).toEqual({ steps: [0, 2], values: [0.5, 0.7] });
    expect(warnings(recs)).toEqual([expect.objectContaining({ offset: 22, message: expect.stringMatching(/^Rows with a different number of cells than the header, read by position: 2 rows, first at line 3\.$/) })]);
  });

  it('reads hparams.yaml with Python tags and nesting as dotted config', async () => {
    const yaml = "loss_fn: !!python/name:__main__.arcface_loss ''\noptimizer: !!python/object:torch.optim.AdamW\n  lr: 0.0003\ncfg:\n  model:\n    n_layer: 6\ndropout: null\n";
    const recs = await parse({ 'r/hparams.yaml': yaml });
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config')).toEqual({ kind: 'config', origin: 'hparams.yaml', entries: { loss_fn: '', 'optimizer.lr': 0.0003, 'cfg.model.n_layer': 6, dropout: null } });
    expect(warnings(recs)).toEqual([]);
  });

  it('an empty `{}` hparams.yaml is an empty config, and an empty metrics.csv is no series and no warning', async () => {
    const recs = await parse({ 'r/hparams.yaml': '{}\n', 'r/metrics.csv': '' });
    // The empty CSV is waited for from its first byte (a run that has not logged yet).
    expect(recs).toEqual([
      { kind: 'config', origin: 'hparams.yaml', entries: {} },
      { kind: 'resume-point', file: 'r/metrics.csv', offset: 0, linesBefore: 0, state: { header: null, rows: 0 } },
    ]);
  });

  it('turns an unreadable file into a warning', async () => {
    const src = { ...memorySource({}, 'r'), files: ['r/metrics.csv'] };
    const recs = await collect(lightningCsvImporter, src);
    expect(recs).toEqual([expect.objectContaining({ kind: 'warning', file: 'r/metrics.csv', message: expect.stringContaining('ENOENT') })]);
  });
});
