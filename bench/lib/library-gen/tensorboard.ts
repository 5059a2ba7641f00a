import path from 'node:path';
import type { EventSpec } from '../../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../../main/importers/tensorboard/encode';
import { maskedCrc32c } from '../../../shared/util/crc';
import type { Counter, RunPlan, Written } from './common';
import { ByteSink, Curves, EVAL_EVERY, StreamFile, ascii, runName, schedule, varintLen } from './common';

// ---------------------------------------------------------------------------------------------------------------
// TensorBoard: train/loss, train/learning_rate, train/grad_norm per log row; eval/loss every EVAL_EVERY rows

const TB_TAGS = { loss: ascii('train/loss'), lr: ascii('train/learning_rate'), gradNorm: ascii('train/grad_norm'), evalLoss: ascii('eval/loss') };

/**
 * One TFRecord-framed scalar event, as `frameRecord(encodeEvent({ kind: 'scalar', … }))` writes it: Event{wall_time,
 * step (omitted at 0), summary{value{tag, simple_value}}}, framed with its length and masked CRC-32Cs.
 */
export function writeScalarFrame(sink: ByteSink, wallTime: number, step: number, tag: Uint8Array, value: number): void {
  const valueLen = 1 + varintLen(tag.length) + tag.length + 5;
  const summaryLen = 1 + varintLen(valueLen) + valueLen;
  const eventLen = 9 + (step !== 0 ? 1 + varintLen(step) : 0) + 1 + varintLen(summaryLen) + summaryLen;
  const start = sink.len;
  sink.u32(eventLen);
  sink.u32(0);
  sink.u32(maskedCrc32c(sink.buf, start, start + 8));
  const data = sink.len;
  sink.byte(0x09);
  sink.f64(wallTime);
  if (step !== 0) {
    sink.byte(0x10);
    sink.varint(step);
  }
  sink.byte(0x2a);
  sink.varint(summaryLen);
  sink.byte(0x0a);
  sink.varint(valueLen);
  sink.byte(0x0a);
  sink.varint(tag.length);
  sink.bytes(tag);
  sink.byte(0x15);
  sink.f32(value);
  sink.u32(maskedCrc32c(sink.buf, data, sink.len));
}

export async function writeTensorboard(p: RunPlan, count: Counter): Promise<Written> {
  const rows = Math.max(1, Math.round(p.target / (3 + 1 / EVAL_EVERY)));
  const { logEvery, maxStep } = schedule(p.rng, rows);
  const curves = new Curves(p.rng, maxStep, logEvery, rows);
  const host = `node-${p.rng.int(1, 64)}`;
  const name = runName(p.rng, p.index, 'tb');
  const file = path.join(p.projectDir, 'runs', name, `events.out.tfevents.${Math.floor(p.startSec)}.${host}.${1000 + p.index}.0`);
  const out = await StreamFile.create(file);
  const secPerStep = p.rng.range(0.05, 2);
  const head: EventSpec[] = [{ kind: 'file-version', wallTime: p.startSec }];
  if (p.rng.next() < 0.5) head.push({ kind: 'hparams-start', wallTime: p.startSec, hparams: { lr: p.rng.pick([1e-5, 1e-4, 3e-4]), batch_size: p.rng.pick([16, 32, 64]), optimizer: 'adamw' } });
  await out.push(encodeEventFile(head));
  const sink = new ByteSink();
  let points = 0;
  for (let r = 1; r <= rows; r++) {
    const step = r * logEvery;
    const wallTime = p.startSec + step * secPerStep;
    const t = curves.train(step);
    writeScalarFrame(sink, wallTime, step, TB_TAGS.loss, t.loss);
    writeScalarFrame(sink, wallTime, step, TB_TAGS.lr, t.lr);
    writeScalarFrame(sink, wallTime, step, TB_TAGS.gradNorm, t.gradNorm);
    points += 3;
    if (r % EVAL_EVERY === 0) {
      writeScalarFrame(sink, wallTime + 1, step, TB_TAGS.evalLoss, curves.evalLoss(step));
      points++;
    }
    if (sink.len >= 1 << 20) {
      await out.push(sink.buf.subarray(0, sink.len));
      sink.reset();
    }
  }
  await out.push(sink.buf.subarray(0, sink.len));
  await out.close(count);
  return { points, evals: 0 };
}
