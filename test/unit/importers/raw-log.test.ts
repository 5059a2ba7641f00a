import { describe, expect, it } from 'vitest';
import { rawLogImporter } from '../../../main/importers/raw-log';
import { looksLikeText } from '../../../main/importers/raw-log/detect';
import { CHUNK_LINES } from '../../../main/importers/raw-log/parse-log';
import type { DirNode, Peek } from '../../../shared/importers/importer';
import type { ImportRecord, LogLinesRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const enc = new TextEncoder();
const dir = (relPath: string, files: string[], size = 10): DirNode => ({
  relPath,
  name: relPath.split('/').pop() ?? '',
  files: files.map((n) => ({ name: n, size, mtimeMs: 0 })),
  dirs: [],
});
const textPeek: Peek = async (rel) => (rel.endsWith('bin.log') ? Uint8Array.from([0x41, 0, 0x42]) : enc.encode('hello\n'));
const parse = (text: string | Uint8Array, file = 'a.log') => collect(rawLogImporter, memorySource({ [file]: text }, file));
const linesOf = (recs: readonly ImportRecord[]) => recs.filter((r): r is LogLinesRecord => r.kind === 'log-lines');
const warningsOf = (recs: readonly ImportRecord[]) => recs.filter((r): r is WarningRecord => r.kind === 'warning');

describe('raw-log detect', () => {
  it('claims each text log as its own run at 0.5, never docs, pip lists, vocabularies, binaries or empty files', async () => {
    const names = ['train.log', 'job.out', 'slurm-123.out', 'notes.TXT', 'README.txt', 'readme', 'LICENSE.txt', 'requirements.txt', 'requirements-dev.txt', 'vocab.txt', 'merges.txt', 'bin.log', 'data.json', 'log'];
    expect(await rawLogImporter.detect(dir('logs', names), textPeek)).toEqual(
      ['train.log', 'job.out', 'slurm-123.out', 'notes.TXT'].map((n) => ({ confidence: 0.5, runPath: `logs/${n}`, files: [`logs/${n}`] })),
    );
    expect(await rawLogImporter.detect(dir('', ['train.log'], 0), textPeek)).toBeNull();
    expect(await rawLogImporter.detect(dir('', ['output.log']), textPeek)).toEqual([{ confidence: 0.5, runPath: 'output.log', files: ['output.log'] }]);
  });

  it('leaves W&B run folders to the W&B importer (files/output.log, logs/debug*.log, wandb/debug.log)', async () => {
    expect(await rawLogImporter.detect(dir('wandb/run-20251211_022844-guiqncrk/files', ['output.log']), textPeek)).toBeNull();
    expect(await rawLogImporter.detect(dir('x/wandb/offline-run-20251211_022844-abc/logs', ['debug.log', 'debug-internal.log']), textPeek)).toBeNull();
    expect(await rawLogImporter.detect(dir('wandb', ['debug.log', 'debug-internal.log', 'train.log']), textPeek)).toEqual([
      { confidence: 0.5, runPath: 'wandb/train.log', files: ['wandb/train.log'] },
    ]);
    // A folder merely called `files` is not W&B's.
    expect(await rawLogImporter.detect(dir('experiments/files', ['output.log']), textPeek)).toHaveLength(1);
  });

  it('a file that cannot be peeked is skipped, not thrown', async () => {
    const failing: Peek = async () => {
      throw new Error('EACCES');
    };
    expect(await rawLogImporter.detect(dir('', ['train.log']), failing)).toBeNull();
  });

  it('text test: UTF-8, colours and a stray Latin-1 byte pass; NUL or mostly-invalid bytes fail', () => {
    expect(looksLikeText(enc.encode('\x1b[32mok\x1b[0m ✓ 100%|██| 2/2\r\n'))).toBe(true);
    expect(looksLikeText(Uint8Array.from([...enc.encode('a'.repeat(200)), 0xe9, 0x0a]))).toBe(true);
    expect(looksLikeText(Uint8Array.from([0x41, 0x00, 0x42]))).toBe(false);
    expect(looksLikeText(Uint8Array.from({ length: 400 }, (_, i) => (i * 37 + 128) % 256 | 0x80))).toBe(false);
    // A multi-byte character cut by the 4 KB peek does not count against the file.
    expect(looksLikeText(Uint8Array.from([0x61, 0x62, 0xe2, 0x96]))).toBe(true);
  });
});

describe('raw-log parse', () => {
  it('keeps every line with its 1-based number, cleaned, and the launcher prefix on the stored line', async () => {
    const recs = await parse('\x1b[32mstart\x1b[0m\n[rank1]: {\'loss\': 2.0, \'epoch\': 0.1}\n\nbar 10%\rbar 100%\r\nend  \n');
    expect(linesOf(recs)).toEqual([{ kind: 'log-lines', file: 'a.log', firstLine: 1, lines: ['start', "[rank1]: {'loss': 2.0, 'epoch': 0.1}", '', 'bar 100%', 'end'] }]);
    expect(warningsOf(recs)).toEqual([]);
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [1], values: [2] });
  });

  it('HF dicts: train dicts count steps, eval and summary dicts sit at the last train step, an explicit step resets the count', async () => {
    const log = [
      "{'eval_loss': 3.0, 'epoch': 0.0}",
      "{'loss': 2.0, 'learning_rate': 1e-05, 'epoch': 0.1}",
      'noise',
      "  5%|█| 2/40 [00:01<00:10]{'loss': 1.5, 'learning_rate': 2e-05, 'epoch': 0.2}",
      "{'eval_loss': 1.7, 'epoch': 0.2}",
      "{'loss': 1.2, 'step': 50, 'epoch': 0.3}",
      "{'loss': 1.1, 'epoch': 0.4}",
      "{'train_runtime': 9.5, 'train_loss': 1.4, 'epoch': 0.4}",
      '',
    ].join('\n');
    const s = seriesOf(await parse(log));
    expect(s.get('loss')).toEqual({ steps: [1, 2, 50, 51], values: [2, 1.5, 1.2, 1.1] });
    expect(s.get('eval_loss')).toEqual({ steps: [0, 2], values: [3, 1.7] });
    expect(s.get('train_loss')).toEqual({ steps: [51], values: [1.4] });
    expect(s.get('epoch')?.steps).toEqual([0, 1, 2, 2, 50, 51, 51]);
    expect(s.has('step')).toBe(false);
  });

  it('Megatron and verl lines keep read order: a restart that goes back in steps is data', async () => {
    const log = [
      '[default0]: iteration       10/     100 | lm loss: 2.5E+00 | grad norm: nan | loss scale: 4096.0 |',
      '[default0]: iteration       20/     100 | lm loss: 2.4E+00 | grad norm: 1.5 | loss scale: 4096.0 |',
      '[default0]: iteration       10/     100 | lm loss: 2.6E+00 | grad norm: inf | loss scale: 2048.0 |',
      '\x1b[2m\x1b[36m(main_task pid=1)\x1b[0m step:0 - critic/kl:0.000 - actor/pg_loss:-0.025',
      '',
    ].join('\n');
    const s = seriesOf(await parse(log));
    expect(s.get('lm loss')).toEqual({ steps: [10, 20, 10], values: [2.5, 2.4, 2.6] });
    expect(s.get('grad norm')?.values).toEqual([Number.NaN, 1.5, Number.POSITIVE_INFINITY]);
    expect(s.get('actor/pg_loss')).toEqual({ steps: [0], values: [-0.025] });
  });

  it('a last line without a newline is kept but not mined, with a warning at its byte offset', async () => {
    const head = "{'loss': 1.0, 'epoch': 0.1}\nné\n";
    const recs = await parse(`${head}{'loss': 0.9, 'epoch': 0.2}`);
    expect(linesOf(recs)[0]?.lines).toEqual(["{'loss': 1.0, 'epoch': 0.1}", 'né', "{'loss': 0.9, 'epoch': 0.2}"]);
    expect(seriesOf(recs).get('loss')?.values).toEqual([1]);
    expect(warningsOf(recs)).toEqual([{ kind: 'warning', file: 'a.log', offset: enc.encode(head).length, message: expect.stringContaining('Line 3 has no line end') }]);
  });

  it('invalid UTF-8, NUL bytes and binary junk: replacement characters, one warning, no throw', async () => {
    const bytes = Uint8Array.from([...enc.encode('ok\n'), 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a, 0x00, 0x01, 0x41, 0x0a, 0x1b, 0x5b]);
    const recs = await parse(bytes);
    expect(linesOf(recs)[0]?.lines).toEqual(['ok', '\ufffd\ufffd', '\ufffd(', 'A', '']);
    expect(warningsOf(recs).map((w) => [w.offset, w.message.slice(0, 25)])).toEqual([
      [13, 'Line 5 has no line end: t'],
      [3, '2 line(s) hold bytes that'],
    ]);
  });

  it('a huge line is stored cut, its metrics read from the whole line', async () => {
    const big = `step:7 - a:1.5 - pad:${'x'.repeat(200_000)} - b:2.5\n`;
    const recs = await parse(big);
    expect(linesOf(recs)[0]?.lines[0]?.length).toBeLessThan(70_000);
    expect(seriesOf(recs).get('a')).toEqual({ steps: [7], values: [1.5] });
    expect(seriesOf(recs).get('b')).toEqual({ steps: [7], values: [2.5] });
  });

  it(`log lines come in chunks of ${CHUNK_LINES} with their first line number`, async () => {
    const n = CHUNK_LINES * 2 + 3;
    const recs = await parse(Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    const chunks = linesOf(recs);
    expect(chunks.map((c) => [c.firstLine, c.lines.length])).toEqual([
      [1, CHUNK_LINES],
      [CHUNK_LINES + 1, CHUNK_LINES],
      [2 * CHUNK_LINES + 1, 3],
    ]);
    expect(chunks[1]?.lines[0]).toBe(`line ${CHUNK_LINES + 1}`);
  });

  it('empty file: nothing; unreadable file: a warning; a cancelled import stops', async () => {
    expect(await parse('')).toEqual([{ kind: 'resume-point', file: expect.any(String), offset: 0, linesBefore: 0, state: { hfStep: 0 } }]);
    const failing = { relPath: 'x.log', files: ['x.log'], readFile: async () => Promise.reject(new Error('EIO')) };
    expect(await collect(rawLogImporter, failing)).toEqual([{ kind: 'warning', file: 'x.log', offset: null, message: expect.stringContaining('EIO') }]);
    const ac = new AbortController();
    ac.abort();
    const out: ImportRecord[] = [];
    for await (const r of rawLogImporter.parse(memorySource({ 'a.log': 'step:1 - a:1\n' }, 'a.log'), ac.signal)) out.push(r);
    expect(out).toEqual([]);
  });
});
