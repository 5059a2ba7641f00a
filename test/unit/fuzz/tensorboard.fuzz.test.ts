import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorboardImporter } from '../../../main/importers/tensorboard';
import { encodeEvent, encodeEventFile, frameRecord } from '../../../main/importers/tensorboard/encode';
import { decodeEvent } from '../../../main/importers/tensorboard/event';
import { readHParams } from '../../../main/importers/tensorboard/hparams';
import { readTensor } from '../../../main/importers/tensorboard/tensor';
import type { FrameStop } from '../../../main/importers/tensorboard/tfrecord';
import { readFrames } from '../../../main/importers/tensorboard/tfrecord';
import { ProtoError, ProtoReader } from '../../../shared/util/protobuf';
import type { Mutation } from '../../helpers/fuzz';
import { applyMutations, fuzz, FUZZ_TIMEOUT_MS, withWatchdog } from '../../helpers/fuzz';
import { collect, memorySource } from '../../helpers/importers';
import type { Corpus } from './support/importer-fuzz';
import { fuzzMutatedRuns, fuzzPrefixKept, loadCorpus, withRuns } from './support/importer-fuzz';
import { concatBytes } from '../../../shared/util/bytes';

/**
 * TensorBoard event files: TFRecord framing (length, masked CRC-32C of the length, payload, CRC of the payload), then
 * protobuf Event → Summary → Value (simple_value, tensor, plugin metadata: scalars, text, hparams).
 * Plain byte mutations almost always break a CRC, which stops the read at that record: they fuzz the framing. To reach
 * the protobuf decoders, the structure-aware mutations edit payloads and frame them again with valid checksums.
 */

const isEvents = (f: string) => f.includes('tfevents');

/** Every decoder path: tensor scalars (float and double, with and without plugin metadata), text, hparams. */
const HANDMADE = encodeEventFile([
  { kind: 'file-version', wallTime: 1.7e9 },
  { kind: 'scalar', wallTime: 1.7e9 + 1, step: 1, tag: 'loss', value: 2.5 },
  { kind: 'tensor-scalar', wallTime: 1.7e9 + 2, step: 2, tag: 'acc', value: 0.5, dtype: 'float', withMetadata: true },
  { kind: 'tensor-scalar', wallTime: 1.7e9 + 3, step: 3, tag: 'acc', value: 0.75, dtype: 'double', withMetadata: false },
  { kind: 'text', wallTime: 1.7e9 + 4, step: 0, tag: 'args/text_summary', text: '{"learning_rate": 0.001, "nested": {"a": [1, 2]}}' },
  { kind: 'text', wallTime: 1.7e9 + 4, step: 0, tag: 'notes/text_summary', text: 'free text' },
  { kind: 'hparams-start', wallTime: 1.7e9 + 5, hparams: { lr: 0.1, optimizer: 'adam', amp: true } },
  { kind: 'scalar', wallTime: 1.7e9 + 6, step: 4, tag: 'loss', value: Number.NaN },
  { kind: 'hparams-end', wallTime: 1.7e9 + 7, status: 2 },
]);

/** The payloads of a TFRecord file, as long as its framing holds. */
function payloadsOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of readFrames(bytes, 0, () => undefined)) out.push(bytes.subarray(f.start, f.end));
  return out;
}

/** Mutates one record's payload (chosen by the first edit's position) and frames every record again with valid CRCs. */
function reframe(bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]): Uint8Array {
  const payloads = payloadsOf(bytes);
  if (payloads.length === 0) return applyMutations(bytes, ops, donors);
  const k = (ops[0]?.at ?? 0) % payloads.length;
  const donorPayloads = donors.flatMap((d) => payloadsOf(d).slice(0, 50));
  payloads[k] = applyMutations(payloads[k] as Uint8Array, ops, donorPayloads);
  return concatBytes(payloads.map((p) => frameRecord(p)));
}

const structured = (file: string, bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]) => (isEvents(file) ? reframe(bytes, ops, donors) : applyMutations(bytes, ops, donors));

let corpus: Corpus;
beforeAll(async () => {
  const fixtures = await loadCorpus(tensorboardImporter, ['tensorboard']);
  corpus = withRuns(fixtures, [{ relPath: 'handmade', files: new Map([['handmade/events.out.tfevents.1.host', HANDMADE]]) }]);
});

describe('tensorboard fuzz', () => {
  it('raw byte mutations of event files (framing, CRC) never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(tensorboardImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('payload mutations behind valid checksums (protobuf Event, Summary, tensors, hparams) never throw', async () => {
    await fuzzMutatedRuns(tensorboardImporter, corpus, { weight: 2, transform: structured });
  }, FUZZ_TIMEOUT_MS);

  it('a cut file keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    await fuzzPrefixKept(tensorboardImporter, corpus, { weight: 0.5 });
    await fuzzPrefixKept(tensorboardImporter, corpus, { weight: 0.5, mutate: true, transform: structured });
  }, FUZZ_TIMEOUT_MS);

  it('the decoders throw nothing but ProtoError on any payload', async () => {
    await fuzz(
      fc.uint8Array({ maxLength: 512 }),
      (buf) => {
        const span = { start: 0, end: buf.length };
        for (const decode of [decodeEvent, readTensor, readHParams]) {
          try {
            decode(buf, span);
          } catch (err) {
            expect(err, `${decode.name} threw a non-ProtoError`).toBeInstanceOf(ProtoError);
          }
        }
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('the frame reader stops at the first bad frame with a reason, on any bytes', async () => {
    await fuzz(
      fc.uint8Array({ maxLength: 256 }),
      (buf) => {
        let stop: FrameStop | null = null;
        let end = 0;
        for (const f of readFrames(buf, 0, (s) => (stop = s))) {
          expect(f.start).toBe(f.offset + 12);
          end = f.end + 4;
        }
        const s = stop as FrameStop | null;
        expect(s).not.toBeNull();
        if (s !== null && s.kind !== 'end') expect(s.offset).toBe(end);
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('tensorboard fuzz regressions', () => {
  it('reads the hand-made file whole: scalars, tensor scalars, text config, hparams and status', async () => {
    const recs = await collect(tensorboardImporter, memorySource({ 'events.out.tfevents.1.host': HANDMADE }));
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([]);
    expect(recs.filter((r) => r.kind === 'config').map((r) => r.kind === 'config' && r.origin)).toEqual(expect.arrayContaining(['args', 'hparams']));
    expect(recs.find((r) => r.kind === 'run-meta')).toMatchObject({ status: 'crashed' });
  });

  // Found by the payload fuzzer: a length varint whose 10 bytes decode (as int64) to a negative number moved the reader
  // backwards, and decodeEvent looped forever on a 38-byte event. Shrunk: Event.summary holding a Value whose length
  // field is that varint.
  const NEGATIVE_LENGTH = Uint8Array.of(0x2a, 0x0b, 0x0a, 0xed, 0xa0, 0x80, 0xed, 0xa0, 0x80, 0xed, 0xa0, 0x80, 0x17);

  it('a negative length field is a ProtoError, not an endless loop', async () => {
    await withWatchdog('negative length', () => {
      expect(() => decodeEvent(NEGATIVE_LENGTH, { start: 0, end: NEGATIVE_LENGTH.length })).toThrow(ProtoError);
      expect(() => new ProtoReader(NEGATIVE_LENGTH, 3).bytes()).toThrow(/negative length/);
    });
  });

  it('an event file holding it ends with a corrupt-record warning and keeps the records before', async () => {
    const good = encodeEvent({ kind: 'scalar', wallTime: 1, step: 1, tag: 'loss', value: 0.5 });
    const file = concatBytes([frameRecord(good), frameRecord(NEGATIVE_LENGTH)]);
    const recs = await withWatchdog('negative length in a file', () => collect(tensorboardImporter, memorySource({ 'events.out.tfevents.1.host': file })));
    expect(recs.filter((r) => r.kind === 'scalars').map((r) => r.kind === 'scalars' && [...r.values])).toEqual([[0.5]]);
    expect(recs.find((r) => r.kind === 'warning')).toMatchObject({ offset: good.length + 16, message: expect.stringMatching(/^Corrupt record at byte \d+: undecodable event/) });
  });

  // Found by the payload fuzzer: a damaged TensorProto (behind a valid CRC) threw ProtoError out of the lazy tensor
  // decoding, through the importer: `parse` rejected instead of warning.
  it('a damaged tensor inside a valid frame ends the file with a warning', async () => {
    const tensorEvent = encodeEvent({ kind: 'tensor-scalar', wallTime: 1, step: 1, tag: 'acc', value: 0.5, dtype: 'float', withMetadata: true });
    // Summary.value.tensor is the last field; its TensorProto starts with dtype (08 01): make that a truncated varint.
    const at = tensorEvent.lastIndexOf(0x08);
    const damaged = tensorEvent.slice();
    damaged[at + 1] = 0x80;
    const recs = await collect(tensorboardImporter, memorySource({ 'events.out.tfevents.1.host': frameRecord(damaged) }));
    expect(recs.find((r) => r.kind === 'warning')).toMatchObject({ offset: 0, message: expect.stringMatching(/^Corrupt record at byte 0: undecodable/) });
  });

  // Found while fixing the same bug in W&B's values: the text-config table was indexed with the raw tag, so a text
  // summary tagged `constructor` took Object.prototype's function as its config origin.
  it('a text summary tagged like an Object.prototype member is not config', async () => {
    const file = encodeEventFile([{ kind: 'text', wallTime: 1, step: 0, tag: 'constructor', text: '{"a": 1}' }]);
    const recs = await collect(tensorboardImporter, memorySource({ 'events.out.tfevents.1.host': file }));
    expect(recs.filter((r) => r.kind === 'config')).toEqual([]);
  });
});
