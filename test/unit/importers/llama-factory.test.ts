import { describe, expect, it } from 'vitest';
import { llamaFactoryImporter } from '../../../main/importers/llama-factory';
import { parseTimedelta } from '../../../main/importers/llama-factory/duration';
import type { DirNode } from '../../../shared/importers/importer';
import type { ConfigRecord, RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const dir = (files: string[]): DirNode => ({ relPath: 'out', name: 'out', files: files.map((n) => ({ name: n, size: 1, mtimeMs: 0 })), dirs: [] });
const peek = async () => new Uint8Array();
const parse = (log: string, extra: Record<string, string> = {}) => collect(llamaFactoryImporter, memorySource({ 'out/trainer_log.jsonl': log, ...extra }, 'out'));
const row = (o: Record<string, unknown>) => `${JSON.stringify(o)}\n`;

describe('llama-factory detect', () => {
  it('claims trainer_log.jsonl (and training_args.yaml when present) as the folder run', async () => {
    expect(await llamaFactoryImporter.detect(dir(['trainer_log.jsonl']), peek)).toEqual({ confidence: 0.9, files: ['out/trainer_log.jsonl'] });
    expect(await llamaFactoryImporter.detect(dir(['training_args.yaml', 'trainer_log.jsonl']), peek)).toEqual({ confidence: 0.9, files: ['out/trainer_log.jsonl', 'out/training_args.yaml'] });
    expect(await llamaFactoryImporter.detect(dir(['training_args.yaml']), peek)).toBeNull();
  });

  it('beside trainer_state.json (the HF run) it is a second run with a path of its own', async () => {
    expect(await llamaFactoryImporter.detect(dir(['trainer_log.jsonl', 'trainer_state.json']), peek)).toEqual({ confidence: 0.9, runPath: 'out/trainer_log', files: ['out/trainer_log.jsonl'] });
  });
});

describe('llama-factory parse', () => {
  it('parses Python timedeltas', () => {
    expect(['0:01:03', '3 days, 17:51:32', '1 day, 0:00:05.5', '-1 day, 23:59:59', 'soon', '1:2:3'].map(parseTimedelta)).toEqual([63, 323492, 86405.5, -1, null, null]);
  });

  it('makes series at current_steps; durations in seconds under *_seconds; strings, total_steps and current_steps are not series', async () => {
    const recs = await parse(
      row({ current_steps: 1, total_steps: 4, loss: 0.65, lr: 1e-9, elapsed_time: '0:01:03', remaining_time: '3 days, 17:51:32', note: 'x', flag: true }) +
        '{"current_steps": 2, "total_steps": 4, "loss": NaN, "eval_loss": 0.7, "elapsed_time": "0:02:00"}\n',
    );
    const s = seriesOf(recs);
    expect([...s.keys()]).toEqual(['loss', 'lr', 'elapsed_time_seconds', 'remaining_time_seconds', 'eval_loss']);
    expect(s.get('loss')).toEqual({ steps: [1, 2], values: [0.65, Number.NaN] });
    expect(s.get('eval_loss')).toEqual({ steps: [2], values: [0.7] });
    expect(s.get('elapsed_time_seconds')?.values).toEqual([63, 120]);
    expect(s.get('remaining_time_seconds')?.values).toEqual([323492]);
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config')).toEqual({ kind: 'config', origin: 'trainer_log', entries: { total_steps: 4 } });
    expect(recs.find((r): r is RunMetaRecord => r.kind === 'run-meta')?.status).toBe('unknown');
  });

  it('is finished when the last step is total_steps', async () => {
    const recs = await parse(row({ current_steps: 5, total_steps: 10, loss: 1 }) + row({ current_steps: 10, total_steps: 10, epoch: 1 }));
    expect(recs.find((r): r is RunMetaRecord => r.kind === 'run-meta')?.status).toBe('finished');
  });

  it('skips a damaged line mid-file with its line and byte, and keeps reading', async () => {
    const first = row({ current_steps: 1, total_steps: 3, loss: 3 });
    const recs = await parse(`${first}garbage\n${row({ total_steps: 3, loss: 9 })}${row({ current_steps: 3, total_steps: 3, loss: 1 })}`);
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [1, 3], values: [3, 1] });
    const w = recs.filter((r): r is WarningRecord => r.kind === 'warning');
    expect(w).toEqual([
      { kind: 'warning', file: 'out/trainer_log.jsonl', offset: first.length + 8, message: 'Rows without a numeric "current_steps", skipped: 1 row, first at line 3.' },
      { kind: 'warning', file: 'out/trainer_log.jsonl', offset: first.length, message: expect.stringMatching(new RegExp(`^Line 2 \\(byte ${first.length}\\) was skipped`)) },
    ]);
  });

  it('keeps a complete last line without its newline, and warns about a cut one', async () => {
    const first = row({ current_steps: 1, total_steps: 3, loss: 3 });
    expect(seriesOf(await parse(`${first}{"current_steps": 2, "loss": 2}`)).get('loss')?.steps).toEqual([1, 2]);
    const recs = await parse(`${first}{"current_steps": 2, "lo`);
    expect(seriesOf(recs).get('loss')?.steps).toEqual([1]);
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([{ kind: 'warning', file: 'out/trainer_log.jsonl', offset: first.length, message: expect.stringMatching(/^Line 2 .* is unfinished/) }]);
  });

  it('reads training_args.yaml as config', async () => {
    const recs = await parse(row({ current_steps: 1, total_steps: 1, loss: 1 }), { 'out/training_args.yaml': 'stage: sft\nlearning_rate: 5.0e-05\n' });
    expect(recs.filter((r): r is ConfigRecord => r.kind === 'config' && r.origin === 'training_args.yaml')[0]?.entries).toEqual({ stage: 'sft', learning_rate: 5e-5 });
  });
});
