import { describe, expect, it } from 'vitest';
import { tableImporter } from '../../../main/importers/table';
import type { Detection, DirNode, Peek } from '../../../shared/importers/importer';
import type { WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const enc = new TextEncoder();
const dir = (files: Record<string, string>): { node: DirNode; peek: Peek } => ({
  node: { relPath: 'd', name: 'd', files: Object.keys(files).map((n) => ({ name: n, size: 1, mtimeMs: 0 })), dirs: [] },
  peek: async (rel, bytes) => {
    const text = files[rel.slice(2)];
    if (text === undefined) throw new Error(`ENOENT ${rel}`);
    return enc.encode(text).subarray(0, bytes);
  },
});
const detect = async (files: Record<string, string>) => {
  const { node, peek } = dir(files);
  return (await tableImporter.detect(node, peek)) as readonly Detection[];
};
const parse = (name: string, text: string) => collect(tableImporter, memorySource({ [`d/${name}`]: text }, 'd'));
const warnings = (recs: Awaited<ReturnType<typeof parse>>) => recs.filter((r): r is WarningRecord => r.kind === 'warning');

describe('table detect', () => {
  it('claims each CSV/TSV/JSONL with a step-like column and a number, one run per file at its path without extension', async () => {
    expect(
      await detect({
        'train.csv': 'step,loss\n0,1.5\n',
        'eval.tsv': 'iteration\tacc\n10\t0.5\n',
        'history.jsonl': '{"_step": 0, "loss": 2}\n',
        'tb.csv': 'Wall time,Step,Value\n1714995112.1,0,3.0\n',
        'notes.txt': 'step,loss\n0,1\n',
      }),
    ).toEqual([
      { confidence: 0.3, runPath: 'd/train', files: ['d/train.csv'] },
      { confidence: 0.3, runPath: 'd/eval', files: ['d/eval.tsv'] },
      { confidence: 0.3, runPath: 'd/history', files: ['d/history.jsonl'] },
      { confidence: 0.3, runPath: 'd/tb', files: ['d/tb.csv'] },
    ]);
  });

  it('passes over tables without a step-like column, without another number, or with only a header', async () => {
    expect(
      await detect({
        'labels.csv': 'id,label,score\n1,cat,0.9\n',
        'schedule.csv': 'step,phase\n0,warmup\n',
        'index-only.csv': ',step,name\n0,0,a\n', // pandas' unnamed index is not a metric
        'header.csv': 'step,loss\n',
        'samples.jsonl': '{"doc_id": 0, "acc": 1}\n',
        'text-step.jsonl': '{"step": "0", "loss": 1}\n',
        'array.jsonl': '[1, 2]\n',
      }),
    ).toEqual([]);
  });

  it('reads a first row cut by the peek: its whole cells count, the cut one does not', async () => {
    expect(await detect({ 'long-row.csv': `step,loss,note\n0,1.5,"${'x'.repeat(40000)}"\n` })).toHaveLength(1);
    expect(await detect({ 'long-row.csv': `step,note,loss\n0,"${'x'.repeat(40000)}",1.5\n` })).toEqual([]); // the number is past the peek
    const longJson = `{"epoch": 1, "loss": 0.5, "blob": "${'x'.repeat(40000)}"}\n`;
    expect(await detect({ 'long.jsonl': longJson })).toHaveLength(1);
    expect(await detect({ 'cut.csv': 'step,loss\n0,1' })).toEqual([]); // only a possibly cut `1`: not known yet
  });

  it('skips a file it cannot peek at', async () => {
    const { node } = dir({ 'a.csv': 'step,loss\n0,1\n' });
    expect(await tableImporter.detect(node, async () => Promise.reject(new Error('EACCES')))).toEqual([]);
  });
});

describe('table parse (CSV/TSV)', () => {
  it('uses the most specific step column (global_step over epoch); other step-like columns are series', async () => {
    const s = seriesOf(await parse('e.csv', 'epoch,global_step,eval_loss\n0.5,100,1.0\n1.0,200,0.5\n'));
    expect(s.get('eval_loss')).toEqual({ steps: [100, 200], values: [1, 0.5] });
    expect(s.get('epoch')).toEqual({ steps: [100, 200], values: [0.5, 1] });
    expect(s.has('global_step')).toBe(false);
  });

  it('skips pandas index and text columns; an empty cell is no point; nan is kept', async () => {
    const recs = await parse('h.csv', ',epoch,loss,phase\r\n0,0,0.9,warmup\r\n1,1,,train\r\n2,2,nan,"a, b"\r\n');
    expect(seriesOf(recs)).toEqual(new Map([['loss', { steps: [0, 2], values: [0.9, Number.NaN] }]]));
    expect(warnings(recs)).toEqual([]);
  });

  it('matches the step column case-insensitively and keeps the header spelling for series', async () => {
    const s = seriesOf(await parse('tb.csv', 'Wall time,Step,Value\n100.5,0,3\n130.5,50,2\n'));
    expect(s.get('Value')).toEqual({ steps: [0, 50], values: [3, 2] });
    expect(s.get('Wall time')?.values).toEqual([100.5, 130.5]);
  });

  it('reads TSV; keeps restarts; a row without a step takes its row index, with a warning', async () => {
    const recs = await parse('m.tsv', 'iter\tloss\n0\t5\n10\t4\n0\t4.5\n\t4.4\n');
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [0, 10, 0, 3], values: [5, 4, 4.5, 4.4] });
    expect(warnings(recs)).toEqual([expect.objectContaining({ file: 'd/m.tsv', offset: 25, message: 'Rows with no number in the "iter" column, placed at their row index: 1 row, first at line 5.' })]);
  });

  it('does not read an unfinished last row', async () => {
    const recs = await parse('m.csv', 'step,loss\n0,1\n1,0.');
    expect(seriesOf(recs).get('loss')?.steps).toEqual([0]);
    expect(warnings(recs)).toEqual([expect.objectContaining({ file: 'd/m.csv', offset: 14, message: expect.stringMatching(/^Line 3 \(byte 14\) is unfinished/) })]);
  });
});

describe('table parse (JSONL)', () => {
  it('joins nested names with /, ignores strings and booleans, keeps NaN', async () => {
    const recs = await parse('h.jsonl', '{"_step": 0, "train": {"loss": 2.3}, "note": "x", "ok": true}\n{"_step": 1, "train": {"loss": NaN}, "eval": {"acc": 0.4}}\n');
    expect(seriesOf(recs)).toEqual(
      new Map([
        ['train/loss', { steps: [0, 1], values: [2.3, Number.NaN] }],
        ['eval/acc', { steps: [1], values: [0.4] }],
      ]),
    );
  });

  it('skips a bad line mid-file, keeps a complete last line without newline, warns about a cut one', async () => {
    const good = '{"step": 1, "loss": 3}\n';
    const recs = await parse('h.jsonl', `${good}oops\n{"step": 2, "loss": 2}`);
    expect(seriesOf(recs).get('loss')?.steps).toEqual([1, 2]);
    expect(warnings(recs)).toEqual([expect.objectContaining({ offset: good.length, message: expect.stringMatching(/^Line 2 .* was skipped/) })]);
    const cut = await parse('h.jsonl', `${good}{"step": 2, "lo`);
    expect(seriesOf(cut).get('loss')?.steps).toEqual([1]);
    expect(warnings(cut)).toEqual([expect.objectContaining({ file: 'd/h.jsonl', offset: good.length, message: expect.stringMatching(/^Line 2 .* is unfinished/) })]);
  });

  it('a row without the step key takes its row index, with a warning', async () => {
    const recs = await parse('h.jsonl', '{"epoch": 0.5, "loss": 3}\n{"loss": 2}\n');
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [0.5, 1], values: [3, 2] });
    expect(warnings(recs)).toHaveLength(1);
  });
});

describe('table parse (cancel)', () => {
  it('yields nothing once the import is cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const out = [];
    for await (const r of tableImporter.parse(memorySource({ 'd/a.csv': 'step,loss\n0,1\n' }, 'd'), ctrl.signal)) out.push(r);
    expect(out).toEqual([]);
  });
});
