import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { wandbImporter } from '../../../main/importers/wandb';
import { continueConsole, NO_CONSOLE } from '../../../main/importers/wandb/console-carry';
import { consoleLines, findTracebacks } from '../../../main/importers/wandb/console';
import { encodeLog, frameLog, items } from '../../../main/importers/wandb/encode';
import { readLog } from '../../../main/importers/wandb/leveldb-log';
import { decodeRecord } from '../../../main/importers/wandb/record';
import { readConfigYaml, readJsonObject } from '../../../main/importers/wandb/side-files';
import { jsonValue, pointValue } from '../../../main/importers/wandb/values';
import { ProtoError } from '../../../shared/util/protobuf';
import type { Mutation } from '../../helpers/fuzz';
import { applyMutations, fuzz, FUZZ_TIMEOUT_MS, longLineArb, textArb } from '../../helpers/fuzz';
import type { Corpus } from './support/importer-fuzz';
import { fuzzMutatedRuns, fuzzPrefixKept, loadCorpus, withRuns } from './support/importer-fuzz';

/**
 * W&B run folders: the `.wandb` transaction log (LevelDB log framing: 32 KiB blocks, chunks with a CRC-32 over type and
 * payload, records split FIRST/MIDDLE/LAST across blocks; then `wandb.internal.Record` protobufs), and the `files/`
 * copies (config.yaml, wandb-summary.json, wandb-metadata.json, output.log). Byte mutations fuzz the framing; the
 * structure-aware ones edit record payloads and frame them again, so the protobuf decoder and the history, summary,
 * config and console handling see damaged records with valid checksums.
 */

const isLog = (f: string) => f.endsWith('.wandb');

/** Every record kind the importer reads, both key styles, NaN, a console traceback, a record split across blocks. */
const HANDMADE = encodeLog([
  { kind: 'header', producer: '0.19.0' },
  { kind: 'run', runId: 'abc', displayName: 'fuzz', project: 'p', startSec: 1.7e9, config: items({ lr: '0.1', opt: '"adam"' }), tags: ['a'] },
  { kind: 'history', items: [...items({ loss: 2.5, 'train/acc': '0.5' }, 'key'), { nested: ['eval', 'loss'], json: 'NaN' }, { key: '_step', json: '1' }], step: 1 },
  { kind: 'history', items: [{ key: 'loss', json: '"not a number"' }, { key: 'media', json: '{"_type":"image-file"}' }], step: 2 },
  { kind: 'output', text: 'epoch 1\rprogress 50%\rprogress 100%\n', raw: true, wallSec: 1.7e9 + 1 },
  { kind: 'output', text: 'Traceback (most recent call last):\n  File "t.py", line 1, in <module>\nValueError: boom\n' },
  { kind: 'summary', update: items({ loss: 2.5 }), remove: items({ old: 1 }) },
  { kind: 'config', update: items({ batch: 32 }) },
  { kind: 'history', items: [{ key: 'big', json: `"${'x'.repeat(40_000)}"` }], step: 3 },
  { kind: 'stats', wallSec: 1.7e9 + 2 },
  { kind: 'telemetry' },
  { kind: 'exit', exitCode: 1, runtimeSec: 12 },
]);

/** The record payloads of a `.wandb` log, as long as its framing holds. */
function payloadsOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const item of readLog(bytes)) if (item.kind === 'record') out.push(item.bytes);
  return out;
}

/** Mutates one record's payload (chosen by the first edit's position) and frames the log again with valid CRCs. */
function reframe(bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]): Uint8Array {
  const payloads = payloadsOf(bytes);
  if (payloads.length === 0) return applyMutations(bytes, ops, donors);
  const k = (ops[0]?.at ?? 0) % payloads.length;
  const donorPayloads = donors.filter((d) => d.length > 0 && d[0] === 0x3a).flatMap((d) => payloadsOf(d).slice(0, 30));
  payloads[k] = applyMutations(payloads[k] as Uint8Array, ops, donorPayloads);
  return frameLog(payloads);
}

const structured = (file: string, bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]) => (isLog(file) ? reframe(bytes, ops, donors) : applyMutations(bytes, ops, donors));

let corpus: Corpus;
beforeAll(async () => {
  const fixtures = await loadCorpus(wandbImporter, ['wandb']);
  corpus = withRuns(fixtures, [{ relPath: 'wandb/run-20250101_000000-abc', files: new Map([['wandb/run-20250101_000000-abc/run-abc.wandb', HANDMADE]]) }]);
});

describe('wandb fuzz', () => {
  it('raw byte mutations of any run file (log framing, side files) never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(wandbImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('payload mutations behind valid chunk checksums (Record protobufs, item JSON, console text) never throw', async () => {
    await fuzzMutatedRuns(wandbImporter, corpus, { weight: 2, transform: structured });
  }, FUZZ_TIMEOUT_MS);

  it('a cut log keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    const logs = { ...corpus, targets: corpus.targets.filter((t) => isLog(t.file)) };
    await fuzzPrefixKept(wandbImporter, logs, { weight: 0.5 });
    await fuzzPrefixKept(wandbImporter, logs, { weight: 0.5, mutate: true, transform: structured });
  }, FUZZ_TIMEOUT_MS);

  it('the record decoder throws nothing but ProtoError on any payload', async () => {
    await fuzz(
      fc.uint8Array({ maxLength: 512 }),
      (buf) => {
        try {
          decodeRecord(buf);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtoError);
        }
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('the log reader never throws and reports damage inside the bytes, on any bytes after a valid header', async () => {
    await fuzz(
      fc.uint8Array({ maxLength: 2048 }),
      (tail) => {
        const buf = new Uint8Array(7 + tail.length);
        buf.set(HANDMADE.subarray(0, 7));
        buf.set(tail, 7);
        const it = readLog(buf);
        for (let r = it.next(); ; r = it.next()) {
          if (r.done) {
            expect(r.value.next).toBeGreaterThanOrEqual(0);
            expect(r.value.next).toBeLessThanOrEqual(buf.length);
            break;
          }
          expect(r.value.offset).toBeLessThanOrEqual(buf.length);
        }
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('console text: any text and long redraw lines never throw, and lines never outnumber the newlines + 1', async () => {
    const text = fc.oneof(textArb(2000), longLineArb({ units: ['\r', '\r\n', 'ab\r', '\x1b[2K\r', 'Traceback (most recent call last):\n', '  File "x", line 1\n'] }));
    await fuzz(
      text,
      (t) => {
        const lines = consoleLines(t);
        expect(lines.length).toBeLessThanOrEqual(t.split('\n').length);
        for (const tb of findTracebacks(lines)) expect(tb.end).toBeGreaterThanOrEqual(tb.start);
        // Live follow in two reads gives the lines of one read.
        const cut = Math.floor(t.length / 2);
        const first = continueConsole(NO_CONSOLE, t.slice(0, cut));
        const second = continueConsole(first.next, t.slice(cut));
        const whole = continueConsole(NO_CONSOLE, t);
        expect(second.lastException).toBe(whole.lastException);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('item values and side files: any text never throws', async () => {
    await fuzz(
      fc.oneof(textArb(300), longLineArb({ maxChars: 20_000, units: ['[', '{"a":', 'NaN,', '1e'] })),
      (t) => {
        const p = pointValue(t);
        expect(p === null || typeof p === 'number').toBe(true);
        jsonValue(t);
        const bytes = new TextEncoder().encode(t);
        readJsonObject('files/wandb-summary.json', bytes);
        readConfigYaml('files/config.yaml', bytes);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('wandb fuzz regressions', () => {
  // Found by the item-value fuzzer: the non-finite token table was indexed with the raw text, so `toString` (or
  // `constructor`) found Object.prototype's function and became a "point".
  it('a history value that names an Object.prototype member is not a point', () => {
    for (const t of ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty']) expect(pointValue(t)).toBeNull();
    expect(pointValue('NaN')).toBeNaN();
    expect(pointValue('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
  });
});
