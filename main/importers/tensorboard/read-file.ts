import type { ImportRecord } from '../../../shared/importers/records';
import { flattenConfig } from '../../../shared/util/flatten';
import { ProtoError } from '../../../shared/util/protobuf';
import type { DecodedEvent, SummaryValue } from './event';
import { decodeEvent } from './event';
import { readHParams } from './hparams';
import type { RunAccumulator } from './run-accumulator';
import { readTensor } from './tensor';
import type { FrameStop } from './tfrecord';
import { readFrames } from './tfrecord';

/** HF's TensorBoardCallback writes TrainingArguments and the model config as JSON text summaries. */
const TEXT_CONFIG: Record<string, string> = { 'args/text_summary': 'args', 'model_config/text_summary': 'model_config' };
const ABORT_CHECK_EVERY = 4096;

/**
 * Reads one event file into the run accumulator. A CRC mismatch or an undecodable record ends the file with a
 * warning (TensorBoard marks such a file dead too); a truncated tail is a warning; everything before is kept.
 *
 * `bytes` may be the part of the file from `base` on (live follow reads only what a file gained; frames are
 * self-delimiting, so a read can start at any record boundary). Ends with a resume point unless the file is corrupt:
 * a corrupt file is dead, and reading it again from the start is the honest answer if it ever changes.
 */
export function* readEventFile(file: string, bytes: Uint8Array, acc: RunAccumulator, signal: AbortSignal, base = 0): Generator<ImportRecord> {
  let stop: FrameStop = { kind: 'end' };
  let n = 0;
  for (const frame of readFrames(bytes, 0, (s) => (stop = s))) {
    if (++n % ABORT_CHECK_EVERY === 0 && signal.aborted) return;
    let ev: DecodedEvent;
    try {
      ev = decodeEvent(bytes, frame);
    } catch (err) {
      if (!(err instanceof ProtoError)) throw err;
      stop = { kind: 'corrupt', offset: frame.offset, reason: `undecodable event (${err.message})` };
      break;
    }
    acc.noteWall(ev.wallTime);
    // Tensors and plugin data are decoded lazily, here: damage inside them, behind a valid CRC, ends the file as well.
    try {
      for (const v of ev.values) {
        const batch = addValue(v, ev, bytes, acc);
        if (batch) yield batch;
      }
    } catch (err) {
      if (!(err instanceof ProtoError)) throw err;
      stop = { kind: 'corrupt', offset: frame.offset, reason: `undecodable summary value (${err.message})` };
      break;
    }
  }
  // One batch per tag per file keeps a file's points together (and bounds memory).
  yield* acc.flush();
  const s = stop as FrameStop;
  if (s.kind === 'truncated') {
    const at = base + s.offset;
    yield { kind: 'warning', file, offset: at, message: `File ends inside a record at byte ${at} (still being written, or cut by a crash); ${bytes.length - s.offset} trailing bytes ignored.` };
  } else if (s.kind === 'corrupt') {
    const at = base + s.offset;
    yield { kind: 'warning', file, offset: at, message: `Corrupt record at byte ${at}: ${s.reason}. The rest of this file was skipped.` };
    return;
  }
  yield { kind: 'resume-point', file, offset: base + (s.kind === 'truncated' ? s.offset : bytes.length), state: { plugins: Object.fromEntries(acc.pluginByTag) } };
}

function addValue(v: SummaryValue, ev: DecodedEvent, bytes: Uint8Array, acc: RunAccumulator): ImportRecord | null {
  if (v.pluginName !== null && !acc.pluginByTag.has(v.tag)) acc.pluginByTag.set(v.tag, v.pluginName);
  const plugin = acc.pluginByTag.get(v.tag) ?? null;
  if (v.simpleValue !== null) return acc.add(v.tag, ev.step, v.simpleValue, ev.wallTime);
  if (plugin === 'hparams') {
    if (v.pluginContent) {
      const hp = readHParams(bytes, v.pluginContent);
      if (hp.hparams) acc.configs.push({ origin: 'hparams', entries: hp.hparams });
      if (hp.status) acc.status = hp.status;
    }
    return null;
  }
  if (!v.tensor) return null;
  if (plugin === 'scalars') {
    const t = readTensor(bytes, v.tensor);
    return t.kind === 'number' ? acc.add(v.tag, ev.step, t.value, ev.wallTime) : null;
  }
  // Own keys only: a tag named `constructor` would find Object.prototype's function.
  const origin = Object.hasOwn(TEXT_CONFIG, v.tag) ? TEXT_CONFIG[v.tag] : undefined;
  if (plugin === 'text' && origin) {
    const t = readTensor(bytes, v.tensor);
    if (t.kind === 'strings' && t.values[0] !== undefined) {
      try {
        acc.configs.push({ origin, entries: flattenConfig(JSON.parse(t.values[0])) });
      } catch {
        // Not JSON (a free-form note): not config.
      }
    }
  }
  return null;
}
