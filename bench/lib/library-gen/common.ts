/** Shared by the library generator's formats: seeded randomness, curves, buffered writers, Python-style JSON. */
import { mkdir, open, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { GenFormat } from '../library-gen';
import type { Prng } from '../../../shared/util/prng';
import { seededPrng } from '../../../shared/util/prng';

/** Log rows between two eval rows: eval curves are logged at a tenth of the train rate. */
export const EVAL_EVERY = 10;
export const BASE_WALL_SEC = 1_704_067_200; // 2024-01-01T00:00:00Z

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

/** The project's seeded generator (shared/util/prng.ts) with the helpers the formats need; one seed derives the library. */
export class Rng {
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = seededPrng(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng.next();
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
export function runRng(seed: number, index: number): Rng {
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
export class Curves {
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
export function schedule(rng: Rng, rows: number): { logEvery: number; maxStep: number } {
  const logEvery = rng.pick([1, 5, 10, 10, 20, 25, 50]);
  return { logEvery, maxStep: rows * logEvery };
}

// ---------------------------------------------------------------------------------------------------------------
// Writers shared by the formats

export class Counter {
  files = 0;
  bytes = 0;
}

export async function put(file: string, data: string | Uint8Array, count: Counter): Promise<void> {
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

export function varintLen(v: number): number {
  let n = 1;
  for (let x = v; x >= 128; x = Math.floor(x / 128)) n++;
  return n;
}


/** Appends to one file through a buffer: huge runs are written without holding the whole file in memory. */
export class StreamFile {
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
export function pyNum(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

export type Json = number | string | boolean | null | readonly Json[] | { readonly [k: string]: Json };

/** json.dumps(indent=2, sort_keys=True), as HF writes trainer_state.json and lm-eval its results (NaN as NaN). */
export function pyJson(v: Json, indent = ''): string {
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
export const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v);

export function dateStamp(sec: number, sep: 'wandb' | 'iso'): string {
  const iso = new Date(Math.round(sec) * 1000).toISOString();
  if (sep === 'iso') return iso.slice(0, 19).replace(/:/g, '-');
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}`;
}

export interface RunPlan {
  readonly index: number;
  readonly format: GenFormat;
  /** Points the run should hold; the writer gets as close as whole log rows allow. */
  readonly target: number;
  readonly projectDir: string;
  readonly startSec: number;
  readonly rng: Rng;
}

export interface Written {
  readonly points: number;
  readonly evals: number;
}

/** Some run folders have spaces in their names, as hand-named experiments do. */
export function runName(rng: Rng, index: number, kind: string): string {
  const lr = rng.pick(['1e-5', '2e-5', '5e-5', '1e-4', '3e-4']);
  const bs = rng.pick([8, 16, 32, 64, 128]);
  return rng.next() < 0.15 ? `${kind} ${index} lr ${lr} (bs ${bs})` : `${kind}-${index}-lr${lr}-bs${bs}`;
}

export const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** pyJson without sorting keys (the harness's json.dumps has no sort_keys). */
export function pyJsonOrdered(v: Json, indent: string): string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return pyJson(v, indent);
  const inner = `${indent}  `;
  const obj = v as { readonly [k: string]: Json };
  const keys = Object.keys(obj);
  return keys.length === 0 ? '{}' : `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pyJsonOrdered(obj[k] as Json, inner)}`).join(',\n')}\n${indent}}`;
}
