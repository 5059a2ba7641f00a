import { describe, expect, it } from 'vitest';
import { wandbImporter } from '../../../main/importers/wandb';
import type { RecordSpec } from '../../../main/importers/wandb/encode';
import { encodeLog, items } from '../../../main/importers/wandb/encode';
import type { DirNode } from '../../../shared/importers/importer';
import type { ConfigRecord, ImportRecord, LogLinesRecord, RunMetaRecord, ScalarBatchRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const noPeek = async () => new Uint8Array();

function dir(relPath: string, files: string[], dirs: DirNode[] = []): DirNode {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return { relPath, name, files: files.map((f) => ({ name: f, size: 1, mtimeMs: 0 })), dirs };
}

/** A run folder `<parent>/<name>` with a log and the given `files/` entries. */
function runDir(parent: string, name: string, logs: string[], side: string[] = []): DirNode {
  const rel = parent === '' ? name : `${parent}/${name}`;
  return dir(rel, logs, side.length > 0 ? [dir(`${rel}/files`, side)] : []);
}

const meta = (recs: ImportRecord[]) => recs.find((r): r is RunMetaRecord => r.kind === 'run-meta');
const warnings = (recs: ImportRecord[]) => recs.filter((r): r is WarningRecord => r.kind === 'warning');
const config = (recs: ImportRecord[], origin: string) => recs.find((r): r is ConfigRecord => r.kind === 'config' && r.origin === origin)?.entries;
const logLines = (recs: ImportRecord[]) => recs.filter((r): r is LogLinesRecord => r.kind === 'log-lines');
const nanSafe = (vs: number[]) => vs.map((v) => (Number.isNaN(v) ? 'NaN' : v));

const SEG = 'wandb/run-20250101_000000-abc12345';
const LOG = `${SEG}/run-abc12345.wandb`;

function parseOne(specs: RecordSpec[], side: Record<string, string> = {}) {
  return collect(wandbImporter, memorySource({ [LOG]: encodeLog(specs), ...Object.fromEntries(Object.entries(side).map(([k, v]) => [`${SEG}/files/${k}`, v])) }, SEG));
}

const row = (step: number, values: Record<string, string | number>, style: 'key' | 'nested' = 'nested') =>
  ({ kind: 'history', step, items: items({ ...values, _step: step, _timestamp: 1_700_000_000 + step, _runtime: step }, style) }) as const;

describe('wandb detect', () => {
  it('claims a wandb/ folder: one run per id, a resumed id as one run named after its first folder, segments in time order', async () => {
    const wandb = dir('p/wandb', ['debug.log'], [
      runDir('p/wandb', 'run-20251210_213204-c6vuyz6a', ['run-c6vuyz6a.wandb', 'run-c6vuyz6a.wandb.synced'], ['output.log', 'config.yaml', 'requirements.txt']),
      runDir('p/wandb', 'run-20251210_205854-c6vuyz6a', ['run-c6vuyz6a.wandb'], ['wandb-metadata.json', 'wandb-summary.json', 'config.yaml', 'output.log']),
      runDir('p/wandb', 'offline-run-20251211_021611-nn53m5er', ['run-nn53m5er.wandb']),
      runDir('p/wandb', 'run-20251211_000000-nolog0000', [], ['config.yaml']), // no transaction log: not a run
      dir('p/wandb/latest-run', []),
    ]);
    expect(await wandbImporter.detect(wandb, noPeek)).toEqual([
      { confidence: 0.95, runPath: 'p/wandb/offline-run-20251211_021611-nn53m5er', files: ['p/wandb/offline-run-20251211_021611-nn53m5er/run-nn53m5er.wandb'] },
      {
        confidence: 0.95,
        runPath: 'p/wandb/run-20251210_205854-c6vuyz6a',
        files: [
          'p/wandb/run-20251210_205854-c6vuyz6a/run-c6vuyz6a.wandb',
          'p/wandb/run-20251210_205854-c6vuyz6a/files/config.yaml',
          'p/wandb/run-20251210_205854-c6vuyz6a/files/wandb-summary.json',
          'p/wandb/run-20251210_205854-c6vuyz6a/files/wandb-metadata.json',
          'p/wandb/run-20251210_205854-c6vuyz6a/files/output.log',
          'p/wandb/run-20251210_213204-c6vuyz6a/run-c6vuyz6a.wandb',
          'p/wandb/run-20251210_213204-c6vuyz6a/files/config.yaml',
          'p/wandb/run-20251210_213204-c6vuyz6a/files/output.log',
        ],
      },
    ]);
  });

  it('leaves a conventionally named run folder to its parent, but claims one given directly or renamed', async () => {
    const conventional = runDir('p/wandb', 'run-20251210_205854-c6vuyz6a', ['run-c6vuyz6a.wandb'], ['output.log']);
    expect(await wandbImporter.detect(conventional, noPeek)).toBeNull();
    const asRoot = { ...conventional, relPath: '', dirs: [dir('files', ['output.log'])] };
    expect(await wandbImporter.detect(asRoot, noPeek)).toEqual([{ confidence: 0.95, files: ['run-c6vuyz6a.wandb', 'files/output.log'] }]);
    const renamed = runDir('exports', 'my-best-run', ['run-c6vuyz6a.wandb']);
    expect(await wandbImporter.detect(renamed, noPeek)).toEqual([{ confidence: 0.95, files: ['exports/my-best-run/run-c6vuyz6a.wandb'] }]);
  });

  it('ignores folders with no W&B log', async () => {
    expect(await wandbImporter.detect(dir('x', ['trainer_state.json', 'run-abc.wandb.synced']), noPeek)).toBeNull();
    expect(await wandbImporter.detect(dir('x', [], [dir('x/run-notastamp-abc', ['run-abc.wandb'])]), noPeek)).toBeNull();
  });
});

describe('wandb parse: history', () => {
  it('reads both key styles, keeps NaN/Inf and restarts, skips non-numbers, takes step from _step and wall time from _timestamp', async () => {
    const recs = await parseOne([
      { kind: 'header', producer: '0.23.1' },
      { kind: 'run', runId: 'abc12345', displayName: 'my_dpo', startSec: 1_700_000_000.5 },
      { kind: 'telemetry' },
      row(0, { 'train/loss': 2, 'train/lr': '5e-05' }, 'key'),
      row(1, { 'train/loss': 'NaN', flag: 'true', note: '"text"', empty: 'null' }),
      row(2, { 'train/loss': 'Infinity', hist: '{"_type": "histogram", "values": [1, 2], "bins": [0, 1, 2]}' }),
      row(1, { 'train/loss': '-Infinity', 'train/lr': '1e-5' }), // a restart: the step goes back, and is kept
      { kind: 'history', step: 3, items: [{ nested: ['eval', 'acc'], json: '0.75' }, { nested: ['_step'], json: '3' }] },
      { kind: 'exit', exitCode: 0, runtimeSec: 9 },
    ]);
    const s = seriesOf(recs);
    expect([...s.keys()].sort()).toEqual(['eval/acc', 'train/loss', 'train/lr']);
    expect(s.get('train/loss')?.steps).toEqual([0, 1, 2, 1]);
    expect(nanSafe(s.get('train/loss')?.values ?? [])).toEqual([2, 'NaN', Infinity, -Infinity]);
    expect(s.get('train/lr')).toEqual({ steps: [0, 1], values: [5e-5, 1e-5] });
    expect(s.get('eval/acc')).toEqual({ steps: [3], values: [0.75] });
    const loss = recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars' && r.metric === 'train/loss');
    expect([...(loss?.wallTimesSec ?? [])]).toEqual([1_700_000_000, 1_700_000_001, 1_700_000_002, 1_700_000_001]);
    expect(Number.isNaN(recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars' && r.metric === 'eval/acc')?.wallTimesSec?.[0])).toBe(true);
    expect(meta(recs)).toEqual({ kind: 'run-meta', name: 'my_dpo', status: 'finished', wallStartSec: 1_700_000_000.5, wallEndSec: 1_700_000_002 });
    expect(warnings(recs)).toEqual([]);
  });

  it('falls back to HistoryStep.num (step 0 is an empty message), then to the row count, when _step is missing', async () => {
    const recs = await parseOne([
      { kind: 'history', step: 0, items: items({ a: 1 }) },
      { kind: 'history', step: 7, items: items({ a: 2 }) },
      { kind: 'history', items: items({ a: 3 }) },
      { kind: 'history', items: items({ a: 4, _step: 'null' }) },
    ]);
    expect(seriesOf(recs).get('a')).toEqual({ steps: [0, 7, 8, 9], values: [1, 2, 3, 4] });
  });

  it('joins a resumed run id across folders: both segments in order, status from the last one', async () => {
    const seg2 = 'wandb/run-20250101_010000-abc12345';
    const first = encodeLog([
      { kind: 'run', runId: 'abc12345', displayName: 'pretrain', startSec: 1000 },
      row(0, { loss: 5 }),
      row(1, { loss: 4 }),
      { kind: 'output', raw: true, text: 'Traceback (most recent call last):\n  File "t.py", line 1, in <module>\nKeyboardInterrupt\n' },
      { kind: 'exit', exitCode: 255, runtimeSec: 60 },
    ]);
    const second = encodeLog([
      { kind: 'run', runId: 'abc12345', displayName: 'pretrain', startSec: 2000, resumed: true, startingStep: 2 },
      row(2, { loss: 3 }),
      row(3, { loss: 2 }),
      { kind: 'exit', exitCode: 0, runtimeSec: 120 },
    ]);
    const recs = await collect(wandbImporter, memorySource({ [LOG]: first, [`${seg2}/run-abc12345.wandb`]: second }, SEG));
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [0, 1, 2, 3], values: [5, 4, 3, 2] });
    expect(meta(recs)).toMatchObject({ name: 'pretrain', status: 'finished', wallStartSec: 1000 });
    // The first segment's interrupt is still there to read, with its own file.
    expect(logLines(recs).map((l) => [l.file, l.firstLine, l.lines.at(-1)])).toEqual([[LOG, 1, 'KeyboardInterrupt']]);
  });
});

describe('wandb parse: config, summary, metadata', () => {
  it('builds config from the run record and later updates, drops _wandb, flattens JSON values and applies removals', async () => {
    const recs = await parseOne([
      { kind: 'run', runId: 'abc12345', project: 'huggingface', tags: ['dpo'], config: [{ key: '_wandb', json: '{"cli_version": "0.23.1"}' }, { key: 'seed', json: '42' }] },
      { kind: 'config', update: [{ key: 'peft_config', json: '{"default": {"r": 64, "target_modules": ["q", "v"]}}' }, { key: 'lr_scheduler_type', json: '"linear"' }, { key: 'old', json: '1' }] },
      { kind: 'config', update: [{ nested: ['model', 'num_parameters'], json: '158956800' }], remove: [{ key: 'old', json: '' }] },
      { kind: 'config', update: [{ key: 'peft_config', json: '{"default": {"r": 16}}' }] },
    ]);
    expect(config(recs, 'config')).toEqual({ seed: 42, lr_scheduler_type: 'linear', 'model.num_parameters': 158956800, 'peft_config.default.r': 16 });
    expect(config(recs, 'wandb-run')).toEqual({ run_id: 'abc12345', project: 'huggingface', tags: '["dpo"]' });
  });

  it('uses config.yaml (both writers) only when the log carried no config', async () => {
    const legacy = 'wandb_version: 1\n_wandb:\n  desc: null\n  value:\n    cli_version: 0.16.3\nlearning_rate:\n  desc: null\n  value: 5.0e-05\nmodel:\n  desc: null\n  value:\n    layers: 12\n';
    const recs = await parseOne([{ kind: 'run', runId: 'abc12345' }, row(0, { loss: 1 })], { 'config.yaml': legacy });
    expect(config(recs, 'config')).toEqual({ learning_rate: 5e-5, 'model.layers': 12 });
    const core = 'learning_rate:\n  value: 0.001\n';
    const withLogConfig = await parseOne([{ kind: 'run', runId: 'abc12345', config: [{ key: 'learning_rate', json: '0.002' }] }], { 'config.yaml': core });
    expect(config(withLogConfig, 'config')).toEqual({ learning_rate: 0.002 });
  });

  it('keeps the last summary value per key from the log, else wandb-summary.json; media become their type', async () => {
    const recs = await parseOne(
      [
        { kind: 'summary', update: [{ nested: ['train/loss'], json: '0.9' }, { nested: ['_wandb', 'runtime'], json: '3' }] },
        { kind: 'summary', update: [{ nested: ['train/loss'], json: '0.5' }, { nested: ['samples'], json: '{"_type": "table-file", "path": "media/t.json"}' }] },
      ],
      { 'wandb-summary.json': '{"train/loss": 123}' },
    );
    expect(config(recs, 'summary')).toEqual({ 'train/loss': 0.5, samples: '<table-file>' });
    const fromFile = await parseOne([{ kind: 'run', runId: 'abc12345' }], { 'wandb-summary.json': '{"train/loss": 0.41, "nested": {"a": 1}, "_wandb": {"runtime": 1608}, "_step": NaN}' });
    expect(config(fromFile, 'summary')).toEqual({ 'train/loss': 0.41, 'nested/a': 1, _step: 'NaN' });
  });

  it('reads wandb-metadata.json (protojson spacing, int64 as strings) as metadata, and warns on a damaged one', async () => {
    const md = '{"os":  "Linux-5.4", "gpu": "NVIDIA RTX A6000", "gpu_count": 1, "memory": {"total": "540662116352"}, "args": ["--lr", "1e-4"]}';
    const recs = await parseOne([{ kind: 'run', runId: 'abc12345' }], { 'wandb-metadata.json': md });
    expect(config(recs, 'metadata')).toEqual({ os: 'Linux-5.4', gpu: 'NVIDIA RTX A6000', gpu_count: 1, 'memory.total': '540662116352', args: '["--lr","1e-4"]' });
    const cut = await parseOne([{ kind: 'run', runId: 'abc12345' }], { 'wandb-metadata.json': md.slice(0, 40) });
    expect(config(cut, 'metadata')).toEqual({ os: 'Linux-5.4' });
    expect(warnings(cut)).toEqual([{ kind: 'warning', file: `${SEG}/files/wandb-metadata.json`, offset: 40, message: expect.stringContaining('ends early at byte 40') }]);
  });
});

describe('wandb parse: status and console', () => {
  const tb = ['Traceback (most recent call last):', '  File "train.py", line 3, in <module>', '    main()', "TypeError: f() got an unexpected keyword argument 'causal'"];

  it('an exit code with a traceback is crashed, and the traceback is a log-lines record of its own, with no warning', async () => {
    const recs = await parseOne([
      { kind: 'output', raw: true, text: '\x1b[34m\x1b[1mwandb\x1b[0m: Tracking run\n' },
      { kind: 'output', raw: true, text: '\r  0%|          | 0/10 [00:00<?, ?it/s]\r 10%|#         | 1/10' },
      { kind: 'output', raw: true, text: ` [00:01<00:09]${tb[0]}\n${tb.slice(1).join('\n')}\n` },
      { kind: 'exit', exitCode: 1, runtimeSec: 6 },
    ]);
    expect(meta(recs)?.status).toBe('crashed');
    expect(warnings(recs)).toEqual([]);
    expect(logLines(recs)).toEqual([
      { kind: 'log-lines', file: LOG, firstLine: 1, lines: ['wandb: Tracking run'] },
      { kind: 'log-lines', file: LOG, firstLine: 2, lines: [` 10%|#         | 1/10 [00:01<00:09]${tb[0]}`, ...tb.slice(1)] },
    ]);
  });

  it('no exit record: crashed after a traceback (rank-prefixed too), killed without one, unknown when nothing was logged', async () => {
    const ranked = tb.map((l) => `[rank0]: ${l}`).join('\n');
    const crashed = await parseOne([{ kind: 'run', runId: 'abc12345' }, { kind: 'output', text: `${ranked}\n` }, { kind: 'output', text: 'after\n' }]);
    expect(meta(crashed)?.status).toBe('crashed');
    expect(logLines(crashed).map((l) => l.lines.length)).toEqual([4, 1]);
    const killed = await parseOne([{ kind: 'run', runId: 'abc12345' }, { kind: 'output', text: '\r  2%|#  | 1/62\n' }]);
    expect(meta(killed)?.status).toBe('killed');
    expect(logLines(killed)).toEqual([{ kind: 'log-lines', file: LOG, firstLine: 1, lines: ['  2%|#  | 1/62'] }]);
    expect(meta(await parseOne([]))?.status).toBe('unknown');
  });

  it('an interrupted run (exit 255 after KeyboardInterrupt) is killed; exit 0 is finished whatever the output says', async () => {
    const interrupted = await parseOne([{ kind: 'output', raw: true, text: `${tb.slice(0, 3).join('\n')}\nKeyboardInterrupt\n` }, { kind: 'exit', exitCode: 255 }]);
    expect(meta(interrupted)?.status).toBe('killed');
    const finished = await parseOne([{ kind: 'output', raw: true, text: `${tb.join('\n')}\n` }, { kind: 'exit', exitCode: 0 }]);
    expect(meta(finished)?.status).toBe('finished');
  });

  it('reads output.log when the log holds no console output, with its own line numbers', async () => {
    const recs = await parseOne([{ kind: 'run', runId: 'abc12345' }, { kind: 'exit', exitCode: 1 }], { 'output.log': `step 1\n${tb.join('\n')}\n` });
    expect(logLines(recs)).toEqual([
      { kind: 'log-lines', file: `${SEG}/files/output.log`, firstLine: 1, lines: ['step 1'] },
      { kind: 'log-lines', file: `${SEG}/files/output.log`, firstLine: 2, lines: tb },
    ]);
    expect(meta(recs)?.status).toBe('crashed');
  });
});

describe('wandb parse: damage', () => {
  it('a file that is not a W&B log, or an unreadable one, is a warning', async () => {
    const recs = await collect(wandbImporter, memorySource({ [LOG]: new TextEncoder().encode('{"not": "wandb"}') }, SEG));
    expect(warnings(recs)).toEqual([{ kind: 'warning', file: LOG, offset: 0, message: expect.stringContaining('Not a W&B transaction log') }]);
    expect(meta(recs)?.status).toBe('unknown');
    const missing = await collect(wandbImporter, { relPath: SEG, files: [LOG], readFile: () => Promise.reject(new Error('EACCES')) });
    expect(warnings(missing)[0]).toMatchObject({ file: LOG, offset: null, message: expect.stringContaining('EACCES') });
  });

  it('an undecodable record (good checksum, bad protobuf) is skipped with a warning; the records after it are kept', async () => {
    const { frameLog, encodeRecord } = await import('../../../main/importers/wandb/encode');
    const bad = Uint8Array.of(0x12, 0x05, 0x0a); // history field claiming 5 bytes, holding 1
    const bytes = frameLog([encodeRecord(row(0, { a: 1 })), bad, encodeRecord(row(1, { a: 2 }))]);
    const recs = await collect(wandbImporter, memorySource({ [LOG]: bytes }, SEG));
    expect(seriesOf(recs).get('a')).toEqual({ steps: [0, 1], values: [1, 2] });
    expect(warnings(recs)).toEqual([{ kind: 'warning', file: LOG, offset: expect.any(Number), message: expect.stringContaining('Undecodable record') }]);
  });

  it('stops quietly when the import is cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const out: ImportRecord[] = [];
    for await (const r of wandbImporter.parse(memorySource({ [LOG]: encodeLog([row(0, { a: 1 })]) }, SEG), ac.signal)) out.push(r);
    expect(out).toEqual([]);
  });
});
