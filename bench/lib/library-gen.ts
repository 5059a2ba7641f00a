/**
 * A realistic run library for the scale benchmark (issue 11), written in the real on-disk formats: TensorBoard event
 * files, HF Trainer output folders, W&B offline runs, an MLflow file store and lm-evaluation-harness results, spread
 * over `project-<k>/` folders. Binary formats use the app's encoders, except the per-point hot paths (a scalar event,
 * a history row), which are written straight into a buffer: the test checks them byte for byte against the app's
 * encoders. Deterministic for a seed: the same seed gives byte-identical files (no clock, no host name, no
 * Math.random).
 *
 * `points` counts exactly what the importers turn into scalar points (every numeric log value, NaN included), so a
 * benchmark can check that an import stored all of it. lm-eval runs carry eval results, not curves: they count 0
 * points and their results are counted in `evals`.
 */
import { mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { RecordSpec } from '../../main/importers/wandb/encode';
import { encodeRecord, items } from '../../main/importers/wandb/encode';
import { BLOCK_BYTES, CHUNK, CHUNK_HEADER_BYTES, FILE_HEADER } from '../../main/importers/wandb/leveldb-log';
import { crc32, maskedCrc32c } from '../../shared/util/crc';

export type GenFormat = 'tensorboard' | 'hf-trainer' | 'wandb' | 'mlflow' | 'lm-eval';

export interface LibraryOptions {
  readonly runs: number;
  readonly points: number;
  readonly seed: number;
}

export interface LibrarySummary {
  readonly runs: number;
  /** Scalar points over every run, exactly as the importers count them. */
  readonly points: number;
  /** Files that belong to runs (the marker file is not one). */
  readonly files: number;
  readonly bytes: number;
  readonly byFormat: Record<string, { runs: number; points: number }>;
  /** lm-eval result values (one per task × metric × filter). */
  readonly evals: number;
}

/** Written at the root so a later call may replace a library it generated, and nothing else. */
export const MARKER_FILE = 'BENCH-LIBRARY.md';

const RUNS_PER_PROJECT = 50;
/** Curve runs get at least this many points when the budget allows ("a few hundred"). */
const MIN_RUN_POINTS = 300;
/** Log rows between two eval rows: eval curves are logged at a tenth of the train rate. */
const EVAL_EVERY = 10;
/**
 * Largest runs per format. trainer_state.json is one JSON document that HF rewrites whole at every save, so real
 * ones stay in the tens of MB; MLflow metric files are one text file per metric. The excess goes to the streaming
 * formats (tfevents, .wandb), where very long runs live.
 */
const POINT_CAP: Partial<Record<GenFormat, number>> = { 'hf-trainer': 250_000, mlflow: 1_000_000 };
/** Formats of runs after the first five (which are one of each, so small libraries hold every format). */
const FORMAT_WEIGHTS: readonly [GenFormat, number][] = [
  ['tensorboard', 0.34],
  ['hf-trainer', 0.26],
  ['wandb', 0.2],
  ['mlflow', 0.12],
  ['lm-eval', 0.08],
];
const BASE_WALL_SEC = 1_704_067_200; // 2024-01-01T00:00:00Z

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast, and good enough for synthetic curves; the whole library derives from one seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(lo: number, hiExclusive: number): number {
    return lo + Math.floor(this.next() * (hiExclusive - lo));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  hex(chars: number): string {
    let s = '';
    for (let i = 0; i < chars; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)] as string;
    return s;
  }

  alnum(chars: number): string {
    const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < chars; i++) s += abc[Math.floor(this.next() * abc.length)] as string;
    return s;
  }
}

/** A run's own stream: independent of how much randomness earlier runs used. */
function runRng(seed: number, index: number): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) >>> 0;
  return new Rng(h ^ (h >>> 16));
}

// ---------------------------------------------------------------------------------------------------------------
// Curves

/**
 * One training run's curves: loss decaying to a floor with multiplicative noise, a rare spike (and a grad-norm spike
 * with it), linear warmup then cosine learning rate, an eval loss a little above train. A few runs log NaN losses.
 */
class Curves {
  private readonly l0: number;
  private readonly floor: number;
  private readonly tau: number;
  private readonly lrMax: number;
  private readonly warmup: number;
  private readonly spikeRate: number;
  private readonly nanSteps: ReadonlySet<number>;

  constructor(
    private readonly rng: Rng,
    private readonly maxStep: number,
    logEvery: number,
    rows: number,
  ) {
    this.l0 = rng.range(2, 4.5);
    this.floor = rng.range(0.15, 1.2);
    this.tau = maxStep * rng.range(0.08, 0.35);
    this.lrMax = rng.pick([1e-5, 2e-5, 5e-5, 1e-4, 3e-4, 6e-4]);
    this.warmup = Math.max(1, Math.round(maxStep * rng.range(0, 0.06)));
    this.spikeRate = rng.next() < 0.3 ? 1 / 3000 : 0;
    const nans = new Set<number>();
    if (rng.next() < 0.06) for (let k = rng.int(1, 4); k > 0; k--) nans.add(logEvery * rng.int(1, rows + 1));
    this.nanSteps = nans;
  }

  /** Train loss, learning rate and grad norm at a logged step. */
  train(step: number): { loss: number; lr: number; gradNorm: number } {
    const base = this.floor + (this.l0 - this.floor) * Math.exp(-step / this.tau);
    const spike = this.spikeRate > 0 && this.rng.next() < this.spikeRate ? this.rng.range(1.5, 4) : 1;
    const loss = this.nanSteps.has(step) ? Number.NaN : base * spike * (1 + 0.04 * this.rng.normal());
    const progress = Math.min(1, Math.max(0, (step - this.warmup) / Math.max(1, this.maxStep - this.warmup)));
    const lr = step < this.warmup ? (this.lrMax * step) / this.warmup : this.lrMax * 0.5 * (1 + Math.cos(Math.PI * progress));
    const gradNorm = Math.abs((0.4 + 2.5 * Math.exp(-step / this.tau)) * spike * spike * (1 + 0.25 * this.rng.normal()));
    return { loss, lr, gradNorm };
  }

  evalLoss(step: number): number {
    return (this.floor + (this.l0 - this.floor) * Math.exp(-step / this.tau)) * 1.04 + 0.05 + 0.01 * this.rng.normal();
  }
}

/** The logged steps of a run with `rows` log rows: every `logEvery` steps, HF-style (the first log at `logEvery`). */
function schedule(rng: Rng, rows: number): { logEvery: number; maxStep: number } {
  const logEvery = rng.pick([1, 5, 10, 10, 20, 25, 50]);
  return { logEvery, maxStep: rows * logEvery };
}

// ---------------------------------------------------------------------------------------------------------------
// Writers shared by the formats

class Counter {
  files = 0;
  bytes = 0;
}

async function put(file: string, data: string | Uint8Array, count: Counter): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  await writeFile(file, bytes);
  count.files++;
  count.bytes += bytes.length;
}

/**
 * Protobuf bytes into one reusable buffer: the hot paths (a scalar event, a history row) are written field by field
 * without the per-field arrays of PbWriter. The test checks they equal the app's encoders byte for byte.
 */
export class ByteSink {
  buf = new Uint8Array(1 << 16);
  len = 0;
  private view = new DataView(this.buf.buffer);

  reset(): void {
    this.len = 0;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** Non-negative integers only (steps, lengths, field tags). */
  varint(v: number): void {
    this.ensure(10);
    let n = v;
    while (n >= 128) {
      this.buf[this.len++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.len++] = n;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** ASCII text (JSON numbers, metric names), written without a TextEncoder. */
  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.len, v, true);
    this.len += 8;
  }

  f32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.len, v, true);
    this.len += 4;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
  }

}

function varintLen(v: number): number {
  let n = 1;
  for (let x = v; x >= 128; x = Math.floor(x / 128)) n++;
  return n;
}

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

/** Appends to one file through a buffer: huge runs are written without holding the whole file in memory. */
class StreamFile {
  private readonly buf = new Uint8Array(1 << 20);
  private pending = 0;
  written = 0;

  private constructor(private readonly fh: FileHandle) {}

  static async create(file: string): Promise<StreamFile> {
    await mkdir(path.dirname(file), { recursive: true });
    return new StreamFile(await open(file, 'w'));
  }

  /** Copies `bytes` in (the caller may reuse them). */
  async push(bytes: Uint8Array): Promise<void> {
    this.written += bytes.length;
    if (this.pending + bytes.length > this.buf.length) {
      await this.flush();
      if (bytes.length > this.buf.length) {
        await this.fh.write(bytes);
        return;
      }
    }
    this.buf.set(bytes, this.pending);
    this.pending += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.pending === 0) return;
    await this.fh.write(this.buf, 0, this.pending);
    this.pending = 0;
  }

  async close(count: Counter): Promise<void> {
    await this.flush();
    await this.fh.close();
    count.files++;
    count.bytes += this.written;
  }
}

/**
 * A float as Python's repr / json.dumps writes it: exponent form below 1e-4 and from 1e16 (`2e-05`), and the
 * non-finite values it writes with allow_nan=True. Integral floats keep JavaScript's `3` rather than Python's `3.0`.
 */
function pyNum(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

type Json = number | string | boolean | null | readonly Json[] | { readonly [k: string]: Json };

/** json.dumps(indent=2, sort_keys=True), as HF writes trainer_state.json and lm-eval its results (NaN as NaN). */
function pyJson(v: Json, indent = ''): string {
  if (typeof v === 'number') return pyNum(v);
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const list = v as readonly Json[];
    return list.length === 0 ? '[]' : `[\n${list.map((x) => inner + pyJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(v).sort();
  const obj = v as { readonly [k: string]: Json };
  return keys.length === 0 ? '{}' : `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pyJson(obj[k] as Json, inner)}`).join(',\n')}\n${indent}}`;
}

/** `4` decimals as HF rounds logged losses; NaN stays NaN. */
const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v);

function dateStamp(sec: number, sep: 'wandb' | 'iso'): string {
  const iso = new Date(Math.round(sec) * 1000).toISOString();
  if (sep === 'iso') return iso.slice(0, 19).replace(/:/g, '-');
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}`;
}

interface RunPlan {
  readonly index: number;
  readonly format: GenFormat;
  /** Points the run should hold; the writer gets as close as whole log rows allow. */
  readonly target: number;
  readonly projectDir: string;
  readonly startSec: number;
  readonly rng: Rng;
}

interface Written {
  readonly points: number;
  readonly evals: number;
}

/** Some run folders have spaces in their names, as hand-named experiments do. */
function runName(rng: Rng, index: number, kind: string): string {
  const lr = rng.pick(['1e-5', '2e-5', '5e-5', '1e-4', '3e-4']);
  const bs = rng.pick([8, 16, 32, 64, 128]);
  return rng.next() < 0.15 ? `${kind} ${index} lr ${lr} (bs ${bs})` : `${kind}-${index}-lr${lr}-bs${bs}`;
}

// ---------------------------------------------------------------------------------------------------------------
// TensorBoard: train/loss, train/learning_rate, train/grad_norm per log row; eval/loss every EVAL_EVERY rows

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TB_TAGS = { loss: ascii('train/loss'), lr: ascii('train/learning_rate'), gradNorm: ascii('train/grad_norm'), evalLoss: ascii('eval/loss') };

async function writeTensorboard(p: RunPlan, count: Counter): Promise<Written> {
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

// ---------------------------------------------------------------------------------------------------------------
// HF Trainer: trainer_state.json log_history, eval rows, the summary row; checkpoint-N/ copies of the state so far

async function writeHfTrainer(p: RunPlan, count: Counter): Promise<Written> {
  // Per train row 4 points (epoch, grad_norm, learning_rate, loss), per eval row 5, the summary row 6.
  const rows = Math.max(1, Math.round((p.target - 6) / (4 + 5 / EVAL_EVERY)));
  const { logEvery, maxStep } = schedule(p.rng, rows);
  const curves = new Curves(p.rng, maxStep, logEvery, rows);
  const epochs = p.rng.pick([1, 2, 3, 5]);
  const dir = path.join(p.projectDir, 'outputs', runName(p.rng, p.index, 'sft'));
  const secPerStep = p.rng.range(0.1, 3);
  const log: { step: number; text: string }[] = [];
  let points = 0;
  let lastEval = Number.NaN;
  for (let r = 1; r <= rows; r++) {
    const step = r * logEvery;
    const epoch = Number(((step / maxStep) * epochs).toFixed(4));
    const t = curves.train(step);
    log.push({ step, text: pyJson({ epoch, grad_norm: t.gradNorm, learning_rate: t.lr, loss: r4(t.loss), step }, '    ') });
    points += 4;
    if (r % EVAL_EVERY === 0) {
      const evalLoss = curves.evalLoss(step);
      lastEval = evalLoss;
      const runtime = Number(p.rng.range(20, 90).toFixed(4));
      log.push({ step, text: pyJson({ epoch, eval_loss: evalLoss, eval_runtime: runtime, eval_samples_per_second: Number((2000 / runtime).toFixed(3)), eval_steps_per_second: Number((250 / runtime).toFixed(3)), step }, '    ') });
      points += 5;
    }
  }
  const runtime = Number((maxStep * secPerStep).toFixed(4));
  const flos = Math.round(maxStep * 3.7e12);
  log.push({ step: maxStep, text: pyJson({ epoch: epochs, step: maxStep, total_flos: flos, train_loss: r4(curves.evalLoss(maxStep / 2)), train_runtime: runtime, train_samples_per_second: Number(((maxStep * 16) / runtime).toFixed(3)), train_steps_per_second: Number((maxStep / runtime).toFixed(3)) }, '    ') });
  points += 6;

  // Checkpoints every save_steps; a third of the runs still have theirs on disk (the rest were cleaned up).
  const saves = p.rng.int(1, 4);
  const saveSteps = Math.max(logEvery, Math.round(maxStep / (saves + 1) / logEvery) * logEvery);
  const keepCheckpoints = p.rng.next() < 0.35;
  const state = (globalStep: number, upTo: number) => {
    // No metric_for_best_model: HF leaves the best_* fields null.
    const head: { [k: string]: Json } = {
      best_global_step: null,
      best_metric: null,
      best_model_checkpoint: null,
      epoch: Number(((globalStep / maxStep) * epochs).toFixed(4)),
      eval_steps: logEvery * EVAL_EVERY,
      global_step: globalStep,
      is_hyper_param_search: false,
      is_local_process_zero: true,
      is_world_process_zero: true,
      logging_steps: logEvery,
      max_steps: maxStep,
      num_input_tokens_seen: 0,
      num_train_epochs: epochs,
      save_steps: saveSteps,
      total_flos: Math.round(globalStep * 3.7e12),
      train_batch_size: 16,
      trial_name: null,
      trial_params: null,
    };
    // log_history sorts between is_world_process_zero and logging_steps: splice the pre-rendered rows in there.
    const before = pyJson(head).split('\n  "logging_steps"');
    const rowsText = log.slice(0, upTo).map((l) => `    ${l.text}`).join(',\n');
    return `${before[0] as string}\n  "log_history": [\n${rowsText}\n  ],\n  "logging_steps"${before[1] as string}`;
  };
  // Each checkpoint holds the state as it was when saved: a prefix of the final log_history.
  for (let at = saveSteps; keepCheckpoints && at < maxStep; at += saveSteps) {
    const upTo = log.filter((l) => l.step <= at).length;
    await put(path.join(dir, `checkpoint-${at}`, 'trainer_state.json'), `${state(at, upTo)}\n`, count);
  }
  await put(path.join(dir, 'trainer_state.json'), `${state(maxStep, log.length)}\n`, count);
  await put(path.join(dir, 'all_results.json'), `${pyJson({ epoch: epochs, eval_loss: lastEval, total_flos: flos, train_runtime: runtime })}\n`, count);
  return { points, evals: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// W&B offline runs: `.wandb` transaction logs, framed as the SDK writes them, streamed to disk

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

async function writeWandb(p: RunPlan, count: Counter): Promise<Written> {
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

// ---------------------------------------------------------------------------------------------------------------
// MLflow file store: mlruns/<experiment>/<run>/{meta.yaml, metrics/, params/, tags/}

async function writeMlflow(p: RunPlan, count: Counter, experiment: string): Promise<Written> {
  // Per log row: loss, learning_rate, grad_norm, epoch; eval_loss every EVAL_EVERY rows.
  const rows = Math.max(1, Math.round(p.target / (4 + 1 / EVAL_EVERY)));
  const { logEvery, maxStep } = schedule(p.rng, rows);
  const curves = new Curves(p.rng, maxStep, logEvery, rows);
  const runId = p.rng.hex(32);
  const dir = path.join(p.projectDir, 'mlruns', experiment, runId);
  const msPerStep = Math.round(p.rng.range(50, 2000));
  const startMs = Math.round(p.startSec * 1000);
  const lines: Record<'loss' | 'learning_rate' | 'grad_norm' | 'epoch' | 'eval_loss', string[]> = { loss: [], learning_rate: [], grad_norm: [], epoch: [], eval_loss: [] };
  let points = 0;
  for (let r = 1; r <= rows; r++) {
    const step = r * logEvery;
    const ts = startMs + step * msPerStep;
    const t = curves.train(step);
    // MLflow writes Python's repr of a float: `nan` for NaN.
    lines.loss.push(`${ts} ${Number.isNaN(t.loss) ? 'nan' : pyNum(t.loss)} ${step}`);
    lines.learning_rate.push(`${ts} ${pyNum(t.lr)} ${step}`);
    lines.grad_norm.push(`${ts} ${pyNum(t.gradNorm)} ${step}`);
    lines.epoch.push(`${ts} ${Number((step / maxStep).toFixed(4))} ${step}`);
    points += 4;
    if (r % EVAL_EVERY === 0) {
      lines.eval_loss.push(`${ts + 500} ${pyNum(curves.evalLoss(step))} ${step}`);
      points++;
    }
  }
  for (const [metric, ls] of Object.entries(lines)) if (ls.length > 0) await put(path.join(dir, 'metrics', metric), `${ls.join('\n')}\n`, count);
  const name = `${p.rng.pick(['bold', 'calm', 'eager', 'gentle', 'merry'])}-${p.rng.pick(['owl', 'fox', 'stag', 'hare', 'lynx'])}-${p.index}`;
  const params: Record<string, string> = { learning_rate: String(p.rng.pick([1e-5, 5e-5, 1e-4])), num_train_epochs: '3', per_device_train_batch_size: String(p.rng.pick([8, 16, 32])), warmup_ratio: '0.03' };
  for (const [k, v] of Object.entries(params)) await put(path.join(dir, 'params', k), v, count);
  const tags: Record<string, string> = { 'mlflow.runName': name, 'mlflow.user': 'bench', 'mlflow.source.type': 'LOCAL', 'mlflow.source.name': 'train.py' };
  for (const [k, v] of Object.entries(tags)) await put(path.join(dir, 'tags', k), v, count);
  const endMs = startMs + maxStep * msPerStep;
  const meta = [
    `artifact_uri: file:///mlruns/${experiment}/${runId}/artifacts`,
    `end_time: ${endMs}`,
    "entry_point_name: ''",
    `experiment_id: '${experiment}'`,
    'lifecycle_stage: active',
    `run_id: ${runId}`,
    `run_name: ${name}`,
    `run_uuid: ${runId}`,
    "source_name: ''",
    'source_type: 4',
    "source_version: ''",
    `start_time: ${startMs}`,
    'status: 3',
    'tags: []',
    'user_id: bench',
    '',
  ].join('\n');
  await put(path.join(dir, 'meta.yaml'), meta, count);
  return { points, evals: 0 };
}

async function writeMlflowExperiment(projectDir: string, experiment: string, count: Counter): Promise<void> {
  const meta = [`artifact_location: file:///mlruns/${experiment}`, `creation_time: ${BASE_WALL_SEC * 1000}`, `experiment_id: '${experiment}'`, `last_update_time: ${BASE_WALL_SEC * 1000}`, 'lifecycle_stage: active', `name: ${path.basename(projectDir)}`, ''].join('\n');
  await put(path.join(projectDir, 'mlruns', experiment, 'meta.yaml'), meta, count);
}

// ---------------------------------------------------------------------------------------------------------------
// lm-evaluation-harness v0.4: <model_name_sanitized>/results_<date_id>.json with 60 tasks

const MMLU = [
  'abstract_algebra', 'anatomy', 'astronomy', 'business_ethics', 'clinical_knowledge', 'college_biology', 'college_chemistry', 'college_computer_science',
  'college_mathematics', 'college_medicine', 'college_physics', 'computer_security', 'conceptual_physics', 'econometrics', 'electrical_engineering',
  'elementary_mathematics', 'formal_logic', 'global_facts', 'high_school_biology', 'high_school_chemistry', 'high_school_computer_science',
  'high_school_european_history', 'high_school_geography', 'high_school_government_and_politics', 'high_school_macroeconomics', 'high_school_mathematics',
  'high_school_microeconomics', 'high_school_physics', 'high_school_psychology', 'high_school_statistics', 'high_school_us_history',
  'high_school_world_history', 'human_aging', 'human_sexuality', 'international_law', 'jurisprudence', 'logical_fallacies', 'machine_learning',
  'management', 'marketing', 'medical_genetics', 'miscellaneous', 'moral_disputes', 'moral_scenarios', 'nutrition', 'philosophy', 'prehistory',
  'professional_accounting', 'professional_law', 'professional_medicine',
];
/** 60 tasks: ten common benchmarks and fifty MMLU subjects. */
const TASKS: readonly { name: string; metrics: readonly string[]; hib: Readonly<Record<string, boolean>> }[] = [
  { name: 'arc_challenge', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'arc_easy', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'hellaswag', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'winogrande', metrics: ['acc,none'], hib: { acc: true } },
  { name: 'piqa', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'boolq', metrics: ['acc,none'], hib: { acc: true } },
  { name: 'openbookqa', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'lambada_openai', metrics: ['perplexity,none', 'acc,none'], hib: { perplexity: false, acc: true } },
  { name: 'truthfulqa_mc2', metrics: ['acc,none'], hib: { acc: true } },
  { name: 'gsm8k', metrics: ['exact_match,strict-match', 'exact_match,flexible-extract'], hib: { exact_match: true } },
  ...MMLU.map((s) => ({ name: `mmlu_${s}`, metrics: ['acc,none'], hib: { acc: true } })),
];

async function writeLmEval(p: RunPlan, count: Counter): Promise<Written> {
  const model = `bench-org/model-${p.index}-${p.rng.pick(['1b', '3b', '8b'])}${p.rng.next() < 0.5 ? '-instruct' : ''}`;
  const dateId = `${dateStamp(p.startSec, 'iso')}.${String(p.rng.int(0, 1_000_000)).padStart(6, '0')}`;
  const skill = p.rng.range(-1, 1);
  const results: { [k: string]: Json } = {};
  const nSamples: { [k: string]: Json } = {};
  let evals = 0;
  for (const task of TASKS) {
    const entry: { [k: string]: Json } = { alias: task.name };
    for (const key of task.metrics) {
      const comma = key.lastIndexOf(',');
      const metric = key.slice(0, comma);
      const value = metric === 'perplexity' ? Math.exp(p.rng.range(1, 3) - skill) : Math.min(1, Math.max(0, 0.5 + 0.15 * skill + 0.08 * p.rng.normal()));
      entry[key] = value;
      entry[`${metric}_stderr${key.slice(comma)}`] = metric === 'perplexity' ? value * 0.03 : Math.sqrt((value * (1 - value)) / 1000);
      evals++;
    }
    results[task.name] = entry;
    const n = p.rng.int(100, 2000);
    nSamples[task.name] = { effective: n, original: n };
  }
  const byTask = <T extends Json>(fn: (t: (typeof TASKS)[number]) => T) => Object.fromEntries(TASKS.map((t) => [t.name, fn(t)])) as { [k: string]: Json };
  // `results` first: detection peeks the first 4 KB for it. The rest in the harness's order.
  const body: [string, Json][] = [
    ['results', results],
    ['group_subtasks', byTask(() => [])],
    ['versions', byTask(() => 1)],
    ['n-shot', byTask(() => 0)],
    ['higher_is_better', byTask((t) => t.hib)],
    ['n-samples', nSamples],
    ['config', { model: 'hf', model_args: `pretrained=${model},dtype=bfloat16`, batch_size: 'auto', device: 'cuda:0', limit: null, bootstrap_iters: 100000, random_seed: 0 }],
    ['git_hash', '8f5a2c1'],
    ['date', p.startSec + 0.318274],
    ['lm_eval_version', '0.4.8'],
    ['model_name', model],
    ['model_name_sanitized', model.replace(/["<>:/|\\?*[\]]+/g, '__')],
    ['total_evaluation_time_seconds', String(Number(p.rng.range(300, 9000).toFixed(4)))],
  ];
  // The harness dumps with indent=2 but keeps insertion order (no sort_keys).
  const text = `{\n${body.map(([k, v]) => `  ${JSON.stringify(k)}: ${pyJsonOrdered(v, '  ')}`).join(',\n')}\n}\n`;
  await put(path.join(p.projectDir, 'evals', model.replace(/["<>:/|\\?*[\]]+/g, '__'), `results_${dateId}.json`), text, count);
  return { points: 0, evals };
}

/** pyJson without sorting keys (the harness's json.dumps has no sort_keys). */
function pyJsonOrdered(v: Json, indent: string): string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return pyJson(v, indent);
  const inner = `${indent}  `;
  const obj = v as { readonly [k: string]: Json };
  const keys = Object.keys(obj);
  return keys.length === 0 ? '{}' : `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pyJsonOrdered(obj[k] as Json, inner)}`).join(',\n')}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Planning

function chooseFormats(runs: number, seed: number): GenFormat[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const order: GenFormat[] = ['tensorboard', 'hf-trainer', 'wandb', 'mlflow', 'lm-eval'];
  return Array.from({ length: runs }, (_, i) => {
    if (i < order.length) return order[i] as GenFormat;
    let u = rng.next();
    for (const [f, w] of FORMAT_WEIGHTS) {
      if (u < w) return f;
      u -= w;
    }
    return 'tensorboard';
  });
}

/**
 * Splits the point budget: every curve run gets MIN_RUN_POINTS, the rest by log-normal weights (a long tail of big
 * runs). Runs over their format's cap give their excess to the tfevents and W&B runs, in proportion to their weights.
 */
function allocatePoints(formats: readonly GenFormat[], points: number, seed: number): number[] {
  const rng = new Rng(seed ^ 0x27d4eb2f);
  const curve = formats.map((f) => f !== 'lm-eval');
  const nCurve = curve.filter(Boolean).length;
  if (nCurve === 0) return formats.map(() => 0);
  const floor = Math.min(MIN_RUN_POINTS, Math.floor(points / nCurve));
  const weights = formats.map((_, i) => (curve[i] ? Math.exp(1.1 * rng.normal()) : 0));
  const total = weights.reduce((a, w) => a + w, 0);
  const budget = Math.max(0, points - nCurve * floor);
  const alloc = formats.map((_, i) => (curve[i] ? floor + (budget * (weights[i] as number)) / total : 0));
  let excess = 0;
  formats.forEach((f, i) => {
    const cap = POINT_CAP[f];
    if (cap !== undefined && (alloc[i] as number) > cap) {
      excess += (alloc[i] as number) - cap;
      alloc[i] = cap;
    }
  });
  const streaming = formats.map((f) => f === 'tensorboard' || f === 'wandb');
  const streamWeight = weights.reduce((a, w, i) => a + (streaming[i] ? w : 0), 0);
  if (streamWeight > 0) {
    for (let i = 0; i < alloc.length; i++) if (streaming[i]) alloc[i] = (alloc[i] as number) + (excess * (weights[i] as number)) / streamWeight;
  }
  return alloc.map((a) => Math.round(a));
}

/** Empties `out` when it is missing, empty, or a library this generator wrote (its marker is there); else refuses. */
async function prepareOut(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch {
    entries = [];
  }
  if (entries.length > 0) {
    if (!entries.includes(MARKER_FILE)) throw new Error(`${out} is not empty and was not written by the bench generator; refusing to overwrite it.`);
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

export async function generateLibrary(out: string, opts: LibraryOptions): Promise<LibrarySummary> {
  const runs = Math.max(0, Math.floor(opts.runs));
  await prepareOut(out);
  const formats = chooseFormats(runs, opts.seed);
  const targets = allocatePoints(formats, Math.max(0, Math.floor(opts.points)), opts.seed);
  const count = new Counter();
  const byFormat: Record<string, { runs: number; points: number }> = {};
  let points = 0;
  let evals = 0;
  const experiments = new Map<string, string>();
  for (let i = 0; i < runs; i++) {
    const format = formats[i] as GenFormat;
    const rng = runRng(opts.seed, i);
    const projectDir = path.join(out, `project-${Math.floor(i / RUNS_PER_PROJECT)}`);
    const plan: RunPlan = { index: i, format, target: targets[i] as number, projectDir, startSec: BASE_WALL_SEC + i * 5400 + rng.int(0, 3600), rng };
    let w: Written;
    switch (format) {
      case 'tensorboard':
        w = await writeTensorboard(plan, count);
        break;
      case 'hf-trainer':
        w = await writeHfTrainer(plan, count);
        break;
      case 'wandb':
        w = await writeWandb(plan, count);
        break;
      case 'mlflow': {
        let exp = experiments.get(projectDir);
        if (exp === undefined) {
          exp = String(100_000_000 + Math.floor(new Rng(opts.seed + i).next() * 899_999_999));
          experiments.set(projectDir, exp);
          await writeMlflowExperiment(projectDir, exp, count);
        }
        w = await writeMlflow(plan, count, exp);
        break;
      }
      case 'lm-eval':
        w = await writeLmEval(plan, count);
        break;
    }
    const f = (byFormat[format] ??= { runs: 0, points: 0 });
    f.runs++;
    f.points += w.points;
    points += w.points;
    evals += w.evals;
  }
  await writeFile(path.join(out, MARKER_FILE), `Synthetic run library written by \`npm run bench -- generate\` (seed ${opts.seed}, ${runs} runs, ${points} points). Safe to delete.\n`);
  return { runs, points, files: count.files, bytes: count.bytes, byFormat, evals };
}
