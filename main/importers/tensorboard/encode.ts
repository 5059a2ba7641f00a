import { maskedCrc32c } from '../../../shared/util/crc';
import { PbWriter } from '../../../shared/util/protobuf-writer';

/**
 * Writes TensorBoard event files: used by the demo generator and by tests that need exact, hand-made inputs
 * (restarts, NaN, tensor-encoded scalars, hparams). Mirrors what PyTorch's SummaryWriter and TF2 write.
 */

export type EventSpec =
  | { kind: 'file-version'; wallTime: number }
  | { kind: 'scalar'; wallTime: number; step: number; tag: string; value: number }
  /** TF2 `tf.summary.scalar`: a rank-0 float tensor, plugin metadata on the first value of the tag only. */
  | { kind: 'tensor-scalar'; wallTime: number; step: number; tag: string; value: number; dtype: 'float' | 'double'; withMetadata: boolean }
  | { kind: 'text'; wallTime: number; step: number; tag: string; text: string }
  | { kind: 'hparams-start'; wallTime: number; hparams: Record<string, number | string | boolean> }
  | { kind: 'hparams-end'; wallTime: number; status: 1 | 2 | 3 };

function pluginMeta(name: string, content: Uint8Array = new Uint8Array()): PbWriter {
  return new PbWriter().msg(1, new PbWriter().string(1, name).bytes(2, content));
}

function summaryEvent(wallTime: number, step: number, value: PbWriter): Uint8Array {
  const ev = new PbWriter().double(1, wallTime);
  if (step !== 0) ev.int(2, step);
  return ev.msg(5, new PbWriter().msg(1, value)).finish();
}

export function encodeEvent(e: EventSpec): Uint8Array {
  switch (e.kind) {
    case 'file-version':
      return new PbWriter().double(1, e.wallTime).string(3, 'brain.Event:2').finish();
    case 'scalar':
      return summaryEvent(e.wallTime, e.step, new PbWriter().string(1, e.tag).float(2, e.value));
    case 'tensor-scalar': {
      const t = new PbWriter().int(1, e.dtype === 'float' ? 1 : 2).msg(2, new PbWriter());
      if (e.dtype === 'float') t.bytes(5, new PbWriter().float(0, e.value).finish().subarray(1));
      else t.bytes(6, new PbWriter().double(0, e.value).finish().subarray(1));
      const v = new PbWriter().string(1, e.tag);
      if (e.withMetadata) v.msg(9, pluginMeta('scalars'));
      return summaryEvent(e.wallTime, e.step, v.msg(8, t));
    }
    case 'text': {
      const t = new PbWriter().int(1, 7).msg(2, new PbWriter().msg(2, new PbWriter().int(1, 1))).string(8, e.text);
      return summaryEvent(e.wallTime, e.step, new PbWriter().string(1, e.tag).msg(9, pluginMeta('text')).msg(8, t));
    }
    case 'hparams-start': {
      const info = new PbWriter();
      for (const [k, val] of Object.entries(e.hparams)) {
        const value = new PbWriter();
        if (typeof val === 'number') value.double(2, val);
        else if (typeof val === 'string') value.string(3, val);
        else value.int(4, val ? 1 : 0);
        info.msg(1, new PbWriter().string(1, k).msg(2, value));
      }
      const content = new PbWriter().msg(3, info).finish();
      return summaryEvent(e.wallTime, 0, new PbWriter().string(1, '_hparams_/session_start_info').msg(9, pluginMeta('hparams', content)));
    }
    case 'hparams-end': {
      const content = new PbWriter().msg(4, new PbWriter().int(1, e.status)).finish();
      return summaryEvent(e.wallTime, 0, new PbWriter().string(1, '_hparams_/session_end_info').msg(9, pluginMeta('hparams', content)));
    }
  }
}

/** Frames one event as a TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length % 2 ** 32, true);
  view.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  view.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(out, 12, 12 + data.length), true);
  return out;
}

export function encodeEventFile(events: readonly EventSpec[]): Uint8Array {
  const frames = events.map((e) => frameRecord(encodeEvent(e)));
  const out = new Uint8Array(frames.reduce((a, f) => a + f.length, 0));
  let pos = 0;
  for (const f of frames) {
    out.set(f, pos);
    pos += f.length;
  }
  return out;
}
