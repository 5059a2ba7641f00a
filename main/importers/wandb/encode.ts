import { crc32 } from '../../../shared/util/crc';
import { PbWriter } from '../../../shared/util/protobuf-writer';
import { BLOCK_BYTES, CHUNK, CHUNK_HEADER_BYTES, FILE_HEADER } from './leveldb-log';

/**
 * Writes `.wandb` transaction logs the way W&B's writer does (LevelDB framing, IEEE CRC seeded with the chunk type,
 * `Record` protobufs): for tests that need exact, hand-made inputs (resumes, NaN, both key styles, chunks split
 * across blocks, damage) and for demo data.
 */

/** One item: a flat `key` (SDK ≤0.19) or a `nested_key` path (wandb-core), with its value as JSON text. */
export interface ItemSpec {
  readonly key?: string;
  readonly nested?: readonly string[];
  readonly json: string;
}

export type RecordSpec =
  | { readonly kind: 'header'; readonly producer: string }
  | {
      readonly kind: 'run';
      readonly runId: string;
      readonly displayName?: string;
      readonly project?: string;
      readonly startSec?: number;
      readonly config?: readonly ItemSpec[];
      readonly resumed?: boolean;
      readonly startingStep?: number;
      readonly tags?: readonly string[];
    }
  /** `step` writes HistoryStep.num (0 as the empty message W&B writes); omit it to leave the field out. */
  | { readonly kind: 'history'; readonly items: readonly ItemSpec[]; readonly step?: number }
  | { readonly kind: 'summary'; readonly update: readonly ItemSpec[]; readonly remove?: readonly ItemSpec[] }
  | { readonly kind: 'config'; readonly update: readonly ItemSpec[]; readonly remove?: readonly ItemSpec[] }
  /** `raw` writes an OutputRawRecord (wandb-core), otherwise a legacy OutputRecord. */
  | { readonly kind: 'output'; readonly text: string; readonly raw?: boolean; readonly wallSec?: number }
  | { readonly kind: 'stats'; readonly wallSec: number }
  | { readonly kind: 'exit'; readonly exitCode: number; readonly runtimeSec?: number }
  /** A record type RunLens does not read (telemetry), to check it is skipped. */
  | { readonly kind: 'telemetry' };

/** Items from a plain object: `{ 'train/loss': '0.5' }` → key items, or single-label nested_key items. */
export function items(values: Readonly<Record<string, string | number>>, style: 'key' | 'nested' = 'nested'): ItemSpec[] {
  return Object.entries(values).map(([name, v]) => {
    const json = typeof v === 'number' ? String(v) : v;
    return style === 'key' ? { key: name, json } : { nested: [name], json };
  });
}

function item(s: ItemSpec): PbWriter {
  const w = new PbWriter();
  if (s.key !== undefined) w.string(1, s.key);
  for (const k of s.nested ?? []) w.string(2, k);
  return w.string(16, s.json);
}

function changes(update: readonly ItemSpec[], remove: readonly ItemSpec[] = []): PbWriter {
  const w = new PbWriter();
  for (const u of update) w.msg(1, item(u));
  for (const r of remove) w.msg(2, item(r));
  return w;
}

function timestamp(sec: number): PbWriter {
  const w = new PbWriter().int(1, Math.floor(sec));
  const nanos = Math.round((sec - Math.floor(sec)) * 1e9);
  return nanos > 0 ? w.int(2, nanos) : w;
}

export function encodeRecord(spec: RecordSpec, num = 0): Uint8Array {
  const rec = new PbWriter();
  if (num > 0) rec.int(1, num);
  switch (spec.kind) {
    case 'header':
      rec.msg(21, new PbWriter().msg(1, new PbWriter().string(1, spec.producer).string(2, '0.40.0')));
      break;
    case 'run': {
      const run = new PbWriter().string(1, spec.runId);
      if (spec.project) run.string(3, spec.project);
      if (spec.config) run.msg(4, changes(spec.config));
      if (spec.displayName) run.string(8, spec.displayName);
      for (const t of spec.tags ?? []) run.string(10, t);
      if (spec.startingStep) run.int(14, spec.startingStep);
      if (spec.startSec !== undefined) run.msg(17, timestamp(spec.startSec));
      if (spec.resumed) run.int(18, 1);
      rec.msg(17, run);
      break;
    }
    case 'history': {
      const h = new PbWriter();
      for (const i of spec.items) h.msg(1, item(i));
      if (spec.step !== undefined) h.msg(2, spec.step === 0 ? new PbWriter() : new PbWriter().int(1, spec.step));
      rec.msg(2, h);
      break;
    }
    case 'summary':
      rec.msg(3, changes(spec.update, spec.remove));
      break;
    case 'config':
      rec.msg(5, changes(spec.update, spec.remove));
      break;
    case 'output': {
      const o = new PbWriter().int(1, 1);
      if (spec.wallSec !== undefined) o.msg(2, timestamp(spec.wallSec));
      o.string(3, spec.text);
      rec.msg(spec.raw ? 13 : 4, o);
      break;
    }
    case 'stats':
      rec.msg(7, new PbWriter().msg(2, timestamp(spec.wallSec)).msg(3, new PbWriter().string(1, 'cpu').string(16, '1.5')));
      break;
    case 'exit': {
      const e = new PbWriter();
      if (spec.exitCode !== 0) e.int(1, spec.exitCode);
      if (spec.runtimeSec) e.int(2, spec.runtimeSec);
      rec.msg(18, e);
      break;
    }
    case 'telemetry':
      rec.msg(11, new PbWriter().string(3, 'CPython 3.13'));
      break;
  }
  // Every record the SDK writes carries control / _info fields: include one so readers must skip it.
  rec.msg(200, new PbWriter().string(1, 'stream-id'));
  return rec.finish();
}

/** Frames record payloads into a `.wandb` file: header, 32 KiB blocks, FULL or FIRST/MIDDLE…/LAST chunks. */
export function frameLog(payloads: readonly Uint8Array[]): Uint8Array {
  const out: Uint8Array[] = [FILE_HEADER];
  let pos = FILE_HEADER.length;
  for (const payload of payloads) {
    let left = payload;
    let isFirst = true;
    for (;;) {
      const room = BLOCK_BYTES - (pos % BLOCK_BYTES);
      if (room < CHUNK_HEADER_BYTES) {
        out.push(new Uint8Array(room));
        pos += room;
        continue;
      }
      const frag = left.subarray(0, room - CHUNK_HEADER_BYTES);
      const isLast = frag.length === left.length;
      const type = isFirst && isLast ? CHUNK.FULL : isFirst ? CHUNK.FIRST : isLast ? CHUNK.LAST : CHUNK.MIDDLE;
      const head = new Uint8Array(CHUNK_HEADER_BYTES);
      const view = new DataView(head.buffer);
      view.setUint32(0, crc32(frag, 0, frag.length, crc32(Uint8Array.of(type))), true);
      view.setUint16(4, frag.length, true);
      head[6] = type;
      out.push(head, frag);
      pos += CHUNK_HEADER_BYTES + frag.length;
      left = left.subarray(frag.length);
      isFirst = false;
      if (isLast) break;
    }
  }
  const file = new Uint8Array(pos);
  let at = 0;
  for (const p of out) {
    file.set(p, at);
    at += p.length;
  }
  return file;
}

export function encodeLog(specs: readonly RecordSpec[]): Uint8Array {
  return frameLog(specs.map((s, i) => encodeRecord(s, i + 1)));
}
