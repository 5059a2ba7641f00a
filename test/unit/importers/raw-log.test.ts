import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawLogImporter } from '../../../main/importers/raw-log';
import { cleanLine, stripLauncherPrefix } from '../../../main/importers/raw-log/clean-line';
import { pointsOfLine } from '../../../main/importers/raw-log/metric-lines';
import type { DirNode } from '../../../shared/importers/importer';
import type { LogLinesRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

describe('cleaning a log line as a terminal shows it', () => {
  it.each([
    ['\x1b[2m\x1b[36m(main_task pid=64899)\x1b[0m step:0 - a:1', '(main_task pid=64899) step:0 - a:1'],
    [' 10%|█   | 1/10 [00:01<00:09]\r 20%|██  | 2/10 [00:02<00:08]\r', ' 20%|██  | 2/10 [00:02<00:08]'],
    ['plain line with CRLF\r', 'plain line with CRLF'],
    ['trailing spaces   ', 'trailing spaces'],
  ])('%j → %j', (raw, want) => {
    expect(cleanLine(raw)).toBe(want);
  });
  it('drops launcher prefixes', () => {
    expect(stripLauncherPrefix('[rank3]: Traceback')).toBe('Traceback');
    expect(stripLauncherPrefix('[default0]: iteration 1/ 2 | lm loss: 1')).toBe('iteration 1/ 2 | lm loss: 1');
    expect(stripLauncherPrefix('(WorkerDict pid=12, ip=10.0.0.1) step:1 - x:2')).toBe('step:1 - x:2');
  });
});

describe('metric line shapes', () => {
  it('Megatron/DeepSpeed iteration lines, nan kept', () => {
    const p = pointsOfLine(' iteration     5426/  250000 | consumed samples: 43408 | lm loss: 2.46E+00 | grad norm: nan | loss scale: 1.0 |');
    expect(p?.step).toBe(5426);
    expect(p?.values.map(([k, v]) => [k, Number.isNaN(v) ? 'NaN' : v])).toEqual([['consumed samples', 43408], ['lm loss', 2.46], ['grad norm', 'NaN'], ['loss scale', 1]]);
  });
  it('verl step lines', () => {
    expect(pointsOfLine('step:12 - critic/kl:0.001 - timing/gen:48.9 - note:abc')).toEqual({ step: 12, values: [['critic/kl', 0.001], ['timing/gen', 48.9]], shape: 'verl' });
  });
  it('HF printed dicts, after a progress bar too; config dicts are not metrics', () => {
    expect(pointsOfLine("  5%|█| 10/218 [00:52<18:07]{'loss': 1.7658, 'learning_rate': 0.0002, 'epoch': 0.05}")).toEqual({ step: null, values: [['loss', 1.7658], ['learning_rate', 0.0002], ['epoch', 0.05]], shape: 'hf-dict' });
    expect(pointsOfLine("{'temperature': 1.0, 'top_k': -1, 'n': 1}")).toBeNull();
    expect(pointsOfLine('nothing to see')).toBeNull();
  });
});

describe('raw-log importer', () => {
  const dir = (relPath: string, files: string[]): DirNode => ({ relPath, name: relPath.split('/').pop() ?? '', files: files.map((n) => ({ name: n, size: 10, mtimeMs: 0 })), dirs: [] });
  it('claims each text log as its own run, but not READMEs, binaries or W&B internals', async () => {
    const peek = async (rel: string) => (rel.endsWith('bin.log') ? Uint8Array.from([0x41, 0, 0x42]) : new TextEncoder().encode('hello'));
    const d = await rawLogImporter.detect(dir('logs', ['train.log', 'job.out', 'README.txt', 'requirements.txt', 'vocab.txt', 'merges.txt', 'bin.log', 'data.json']), peek);
    expect(d).toEqual([
      { confidence: 0.5, runPath: 'logs/train.log', files: ['logs/train.log'] },
      { confidence: 0.5, runPath: 'logs/job.out', files: ['logs/job.out'] },
    ]);
    expect(await rawLogImporter.detect(dir('wandb/run-20251211_022844-guiqncrk/files', ['output.log']), peek)).toBeNull();
    expect(await rawLogImporter.detect(dir('wandb/run-20251211_022844-guiqncrk/logs', ['debug.log']), peek)).toBeNull();
  });

  it('keeps every line with its number and counts HF dict steps, eval dicts at the step before them', async () => {
    const log = "start\n{'loss': 2.0, 'epoch': 0.1}\nnoise\n{'loss': 1.5, 'epoch': 0.2}\n{'eval_loss': 1.7, 'epoch': 0.2}\n";
    const recs = await collect(rawLogImporter, memorySource({ 'a.log': log }, 'a.log'));
    const lines = recs.filter((r): r is LogLinesRecord => r.kind === 'log-lines');
    expect(lines).toEqual([{ kind: 'log-lines', file: 'a.log', firstLine: 1, lines: ['start', "{'loss': 2.0, 'epoch': 0.1}", 'noise', "{'loss': 1.5, 'epoch': 0.2}", "{'eval_loss': 1.7, 'epoch': 0.2}"] }]);
    const s = seriesOf(recs);
    expect(s.get('loss')).toEqual({ steps: [1, 2], values: [2, 1.5] });
    expect(s.get('eval_loss')).toEqual({ steps: [2], values: [1.7] });
  });

  it('never throws on a cut, binary junk or invalid UTF-8, and keeps a growing prefix', async () => {
    const real = readFileSync(path.join(fixturesDir, 'raw-log', 'github-issues', 'bigscience-workshop__Megatron-DeepSpeed', 'issue-396_nan_grad_norm_megatron.excerpt.log'));
    let prev = 0;
    for (let cut = 0; cut <= real.length; cut += 7) {
      const recs = await collect(rawLogImporter, memorySource({ 'x.log': new Uint8Array(real.subarray(0, cut)) }, 'x.log'));
      const n = [...seriesOf(recs).values()].reduce((a, x) => a + x.steps.length, 0);
      expect(n).toBeGreaterThanOrEqual(prev - 12); // a cut mid-line can drop that line's fields, never earlier ones
      prev = Math.max(prev, n);
    }
    const junk = await collect(rawLogImporter, memorySource({ 'j.log': Uint8Array.from([0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a, 0x1b, 0x5b]) }, 'j.log'));
    expect(junk.filter((r): r is LogLinesRecord => r.kind === 'log-lines')[0]?.lines).toHaveLength(3);
  });
});
