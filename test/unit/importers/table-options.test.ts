import { describe, expect, it } from 'vitest';
import { tableImporter } from '../../../main/importers/table';
import { tableColumnsIn } from '../../../main/importers/table/detect';
import { readTableOptions, tableOptionsFor } from '../../../main/importers/table/options';
import type { ImportRecord, RunMetaRecord, ScalarBatchRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const CSV = 'step,epoch,time,loss\n0,0,1000,4\n10,0,1010,3\n20,1,1020,2\n';
const JSONL = '{"step": 0, "epoch": 0, "time": 1000, "loss": 4}\n{"step": 10, "epoch": 0, "time": 1010, "loss": 3}\n{"step": 20, "epoch": 1, "time": 1020, "loss": 2}\n';

async function parse(name: string, text: string, options?: Record<string, string>): Promise<ImportRecord[]> {
  const src = memorySource({ [`d/${name}`]: text }, 'd');
  return collect(tableImporter, options ? { ...src, options } : src);
}
const warnings = (recs: readonly ImportRecord[]) => recs.filter((r): r is WarningRecord => r.kind === 'warning');
const walls = (recs: readonly ImportRecord[], metric: string) => [...((recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars' && r.metric === metric)?.wallTimesSec) ?? [])];

describe.each([
  ['metrics.csv', CSV],
  ['metrics.jsonl', JSONL],
])('table importer with the user’s columns (%s)', (name, text) => {
  it('uses the detected step column without options', async () => {
    const s = seriesOf(await parse(name, text));
    expect(s.get('loss')?.steps).toEqual([0, 10, 20]);
    expect(s.has('step')).toBe(false);
    expect(s.get('epoch')?.values).toEqual([0, 0, 1]);
  });

  it('puts points at the chosen column, which stops being a series while the detected one becomes one', async () => {
    const recs = await parse(name, text, tableOptionsFor({ step: 'epoch', wall: null }));
    const s = seriesOf(recs);
    expect(s.get('loss')?.steps).toEqual([0, 0, 1]);
    expect(s.has('epoch')).toBe(false);
    expect(s.get('step')?.values).toEqual([0, 10, 20]);
    expect(warnings(recs)).toEqual([]);
  });

  it('numbers the rows when the user chose row numbers', async () => {
    const s = seriesOf(await parse(name, text, tableOptionsFor({ step: null, wall: null })));
    expect(s.get('loss')?.steps).toEqual([0, 1, 2]);
    expect(s.get('step')?.values).toEqual([0, 10, 20]);
  });

  it('reads a chosen wall-time column as each point’s wall time and the run’s span', async () => {
    const recs = await parse(name, text, tableOptionsFor({ step: 'step', wall: 'time' }));
    expect(seriesOf(recs).has('time')).toBe(false);
    expect(walls(recs, 'loss')).toEqual([1000, 1010, 1020]);
    const meta = recs.filter((r): r is RunMetaRecord => r.kind === 'run-meta');
    expect(meta).toEqual([{ kind: 'run-meta', wallStartSec: 1000, wallEndSec: 1020 }]);
  });

  it('falls back to the detected column, with a warning, when the chosen one is not in the file', async () => {
    const recs = await parse(name, text, tableOptionsFor({ step: 'gone', wall: 'also-gone' }));
    expect(seriesOf(recs).get('loss')?.steps).toEqual([0, 10, 20]);
    expect(warnings(recs).map((w) => w.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('"gone" is not in this file'), expect.stringContaining('"also-gone" is not in this file')]),
    );
  });
});

describe('table options bag', () => {
  it('round-trips the user’s choice and ignores malformed bags', () => {
    expect(readTableOptions(tableOptionsFor({ step: 'epoch', wall: 'time' }))).toEqual({ step: { kind: 'column', name: 'epoch' }, wall: 'time' });
    expect(readTableOptions(tableOptionsFor({ step: null, wall: null }))).toEqual({ step: { kind: 'row' }, wall: null });
    expect(readTableOptions(undefined)).toEqual({ step: { kind: 'detected' }, wall: null });
    expect(readTableOptions({ stepIsRowNumber: 'yes' })).toEqual({ step: { kind: 'detected' }, wall: null });
  });

  it('lists a table’s columns and the detected step from its first bytes', () => {
    const enc = new TextEncoder();
    expect(tableColumnsIn(enc.encode(CSV), 'csv')).toEqual({ columns: ['step', 'epoch', 'time', 'loss'], detectedStep: 'step' });
    expect(tableColumnsIn(enc.encode(',a,iter\n0,1,2\n'), 'csv')).toEqual({ columns: ['a', 'iter'], detectedStep: 'iter' });
    expect(tableColumnsIn(enc.encode('{"_step": 1, "m": {"acc": 0.5}, "name": "x"}\n'), 'jsonl')).toEqual({ columns: ['_step', 'm/acc'], detectedStep: '_step' });
    expect(tableColumnsIn(enc.encode('step,lo'), 'csv')).toBeNull();
  });
});
