import path from 'node:path';
import type { RecordSpec } from '../../../main/importers/wandb/encode';
import { encodeRecord, items } from '../../../main/importers/wandb/encode';
import { BLOCK_BYTES, CHUNK, CHUNK_HEADER_BYTES, FILE_HEADER } from '../../../main/importers/wandb/leveldb-log';
import { crc32 } from '../../../shared/util/crc';
import type { Counter, RunPlan, Written } from './common';
import { ByteSink, Curves, EVAL_EVERY, StreamFile, ascii, dateStamp, pyNum, schedule, varintLen } from './common';

// ---------------------------------------------------------------------------------------------------------------
// W&B offline runs: `.wandb` transaction logs, framed as the SDK writes them, streamed to disk

/** The control field every record carries (see encodeRecord): field 200 holding `stream-id`. */
const RECORD_CONTROL = Uint8Array.of(0xc2, 0x0c, 11, 0x0a, 9, ...Buffer.from('stream-id', 'latin1'));

/**
 * A `.wandb` history Record as `encodeRecord({ kind: 'history', items, step }, num)` writes it with nested-key items:
 * num, history{item{nested_key, value_json}…, step{num}}, control. `values` are JSON texts (ASCII).
 */
export function writeHistoryRecord(sink: ByteSink, num: number, step: number, keys: readonly Uint8Array[], values: readonly string[]): void {
  let histLen = 0;
  const itemLens: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as Uint8Array;
    const v = (values[i] as string).length;
    const itemLen = 1 + varintLen(k.length) + k.length + 2 + varintLen(v) + v;
    itemLens.push(itemLen);
    histLen += 1 + varintLen(itemLen) + itemLen;
  }
  const stepLen = step === 0 ? 0 : 1 + varintLen(step);
  histLen += 1 + varintLen(stepLen) + stepLen;
  if (num > 0) {
    sink.byte(0x08);
    sink.varint(num);
  }
  sink.byte(0x12);
  sink.varint(histLen);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as Uint8Array;
    const v = values[i] as string;
    sink.byte(0x0a);
    sink.varint(itemLens[i] as number);
    sink.byte(0x12);
    sink.varint(k.length);
    sink.bytes(k);
    sink.byte(0x82);
    sink.byte(0x01);
    sink.varint(v.length);
    sink.ascii(v);
  }
  sink.byte(0x12);
  sink.varint(stepLen);
  if (step !== 0) {
    sink.byte(0x08);
    sink.varint(step);
  }
  sink.bytes(RECORD_CONTROL);
}

/** LevelDB-style framing (the same as main/importers/wandb/encode.ts frameLog) that can be fed one record at a time. */
class WandbLogWriter {
  private pos = 0;
  private readonly head = new Uint8Array(CHUNK_HEADER_BYTES);
  private readonly headView = new DataView(this.head.buffer);

  constructor(private readonly out: StreamFile) {}

  async start(): Promise<void> {
    await this.out.push(FILE_HEADER);
    this.pos = FILE_HEADER.length;
  }

  async record(payload: Uint8Array): Promise<void> {
    let left = payload;
    let isFirst = true;
    for (;;) {
      const room = BLOCK_BYTES - (this.pos % BLOCK_BYTES);
      if (room < CHUNK_HEADER_BYTES) {
        await this.out.push(new Uint8Array(room));
        this.pos += room;
        continue;
      }
      const frag = left.subarray(0, room - CHUNK_HEADER_BYTES);
      const isLast = frag.length === left.length;
      const type = isFirst && isLast ? CHUNK.FULL : isFirst ? CHUNK.FIRST : isLast ? CHUNK.LAST : CHUNK.MIDDLE;
      this.headView.setUint32(0, crc32(frag, 0, frag.length, TYPE_CRC[type] as number), true);
      this.headView.setUint16(4, frag.length, true);
      this.head[6] = type;
      await this.out.push(this.head);
      await this.out.push(frag);
      this.pos += CHUNK_HEADER_BYTES + frag.length;
      left = left.subarray(frag.length);
      isFirst = false;
      if (isLast) return;
    }
  }
}

/** The chunk CRC is seeded with the CRC of the chunk type byte. */
const TYPE_CRC = [0, 1, 2, 3, 4].map((t) => crc32(Uint8Array.of(t)));
const WANDB_TRAIN_KEYS = ['train/loss', 'train/learning_rate', 'train/grad_norm', 'train/epoch', '_step', '_runtime', '_timestamp'].map(ascii);
const WANDB_EVAL_KEYS = ['eval/loss', 'eval/runtime', '_step', '_runtime', '_timestamp'].map(ascii);

export async function writeWandb(p: RunPlan, count: Counter): Promise<Written> {
  // Per train row 4 points (train/loss, train/learning_rate, train/grad_norm, train/epoch), per eval row 2.
  const rows = Math.max(1, Math.round(p.target / (4 + 2 / EVAL_EVERY)));
  const { logEvery, maxStep } = schedule(p.rng, rows);
  const curves = new Curves(p.rng, maxStep, logEvery, rows);
  // Eight characters like the SDK's ids; the index suffix keeps them unique (two folders with one id are one resumed run).
  const id = `${p.rng.alnum(5)}${p.index.toString(36).padStart(3, '0')}`.slice(-8);
  const dir = path.join(p.projectDir, 'wandb', `offline-run-${dateStamp(p.startSec, 'wandb')}-${id}`);
  const out = await StreamFile.create(path.join(dir, `run-${id}.wandb`));
  const log = new WandbLogWriter(out);
  await log.start();
  let num = 0;
  const emit = (spec: RecordSpec) => log.record(encodeRecord(spec, ++num));
  await emit({ kind: 'header', producer: 'bench' });
  const lr = p.rng.pick([1e-5, 5e-5, 1e-4, 3e-4]);
  await emit({ kind: 'run', runId: id, displayName: `${p.rng.pick(['swift', 'quiet', 'brave', 'lunar', 'amber'])}-${p.rng.pick(['river', 'forest', 'comet', 'wave', 'field'])}-${p.index}`, project: path.basename(p.projectDir), startSec: p.startSec, config: items({ learning_rate: lr, per_device_train_batch_size: p.rng.pick([8, 16, 32]), model_name_or_path: '"meta-llama/Llama-3.2-1B"' }) });
  const secPerStep = p.rng.range(0.05, 2);
  const sink = new ByteSink();
  let points = 0;
  let last = { loss: 0, step: 0 };
  for (let r = 1; r <= rows; r++) {
    const step = r * logEvery;
    const runtime = step * secPerStep;
    const t = curves.train(step);
    sink.reset();
    writeHistoryRecord(sink, ++num, step, WANDB_TRAIN_KEYS, [pyNum(t.loss), pyNum(t.lr), pyNum(t.gradNorm), String(Number((step / maxStep).toFixed(4))), String(step), String(Number(runtime.toFixed(3))), String(Number((p.startSec + runtime).toFixed(3)))]);
    await log.record(sink.buf.subarray(0, sink.len));
    points += 4;
    last = { loss: t.loss, step };
    if (r % EVAL_EVERY === 0) {
      sink.reset();
      writeHistoryRecord(sink, ++num, step, WANDB_EVAL_KEYS, [pyNum(curves.evalLoss(step)), String(Number(p.rng.range(20, 90).toFixed(3))), String(step), String(Number((runtime + 1).toFixed(3))), String(Number((p.startSec + runtime + 1).toFixed(3)))]);
      await log.record(sink.buf.subarray(0, sink.len));
      points += 2;
    }
  }
  await emit({ kind: 'summary', update: items({ 'train/loss': pyNum(last.loss), _step: last.step }) });
  await emit({ kind: 'exit', exitCode: 0, runtimeSec: Math.round(maxStep * secPerStep) });
  await out.close(count);
  return { points, evals: 0 };
}
