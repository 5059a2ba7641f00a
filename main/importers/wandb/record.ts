import { ProtoReader, WIRE } from '../../../shared/util/protobuf';

/**
 * The subset of `wandb.internal.Record` (wandb/wandb:wandb/proto/wandb_internal.proto) RunLens reads. Everything
 * else (telemetry, files, artifacts, requests, control…) is skipped by wire type, which keeps old and new SDKs
 * readable. Field numbers are the proto's; see formats.md §3f.4.
 */
const R = { HISTORY: 2, SUMMARY: 3, OUTPUT: 4, CONFIG: 5, STATS: 7, OUTPUT_RAW: 13, RUN: 17, EXIT: 18, HEADER: 21 } as const;

/** A HistoryItem / SummaryItem / ConfigItem: a flat `key` (SDK ≤0.19 and the legacy writer) or a `nested_key` path. */
export interface Item {
  readonly key: string;
  readonly nestedKey: readonly string[];
  readonly valueJson: string;
}

export interface ItemChanges {
  readonly update: readonly Item[];
  readonly remove: readonly Item[];
}

export interface RunInfo {
  readonly runId: string;
  readonly displayName: string;
  readonly project: string;
  readonly entity: string;
  readonly group: string;
  readonly jobType: string;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly startSec: number | null;
  readonly isResumed: boolean;
  readonly startingStep: number;
  readonly config: ItemChanges | null;
  readonly summary: ItemChanges | null;
}

export type WandbRecord =
  | { readonly kind: 'history'; readonly items: readonly Item[]; readonly stepNum: number | null }
  | ({ readonly kind: 'summary' } & ItemChanges)
  | ({ readonly kind: 'config' } & ItemChanges)
  /** OutputRecord (legacy writer, one line per record) and OutputRawRecord (wandb-core, raw terminal chunks). */
  | { readonly kind: 'output'; readonly text: string; readonly wallSec: number | null }
  | { readonly kind: 'stats'; readonly wallSec: number | null }
  | ({ readonly kind: 'run' } & RunInfo)
  | { readonly kind: 'exit'; readonly exitCode: number; readonly runtimeSec: number }
  | { readonly kind: 'header'; readonly producer: string }
  | { readonly kind: 'other' };

/** Decodes one record payload. Throws ProtoError on malformed bytes (the caller turns it into a warning). */
export function decodeRecord(buf: Uint8Array): WandbRecord {
  const r = new ProtoReader(buf);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire !== WIRE.LEN) {
      r.skip(wire);
      continue;
    }
    switch (field) {
      case R.HISTORY:
        return readHistory(r.sub());
      case R.SUMMARY:
        return { kind: 'summary', ...readChanges(r.sub()) };
      case R.CONFIG:
        return { kind: 'config', ...readChanges(r.sub()) };
      case R.OUTPUT:
      case R.OUTPUT_RAW:
        return readOutput(r.sub());
      case R.STATS:
        return readStats(r.sub());
      case R.RUN:
        return { kind: 'run', ...readRun(r.sub()) };
      case R.EXIT:
        return readExit(r.sub());
      case R.HEADER:
        return readHeader(r.sub());
      default:
        r.skip(wire);
    }
  }
  return { kind: 'other' };
}

function readItem(r: ProtoReader): Item {
  let key = '';
  const nestedKey: string[] = [];
  let valueJson = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.LEN && field === 1) key = r.string();
    else if (wire === WIRE.LEN && field === 2) nestedKey.push(r.string());
    else if (wire === WIRE.LEN && field === 16) valueJson = r.string();
    else r.skip(wire);
  }
  return { key, nestedKey, valueJson };
}

function readHistory(r: ProtoReader): WandbRecord {
  const items: Item[] = [];
  let stepNum: number | null = null;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.LEN && field === 1) items.push(readItem(r.sub()));
    else if (wire === WIRE.LEN && field === 2) stepNum = readStepNum(r.sub());
    else r.skip(wire);
  }
  return { kind: 'history', items, stepNum };
}

/** HistoryStep { int64 num = 1 }: step 0 is an empty message (proto3 omits defaults). */
function readStepNum(r: ProtoReader): number {
  let num = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.VARINT && field === 1) num = r.varint();
    else r.skip(wire);
  }
  return num;
}

function readChanges(r: ProtoReader): ItemChanges {
  const update: Item[] = [];
  const remove: Item[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.LEN && field === 1) update.push(readItem(r.sub()));
    else if (wire === WIRE.LEN && field === 2) remove.push(readItem(r.sub()));
    else r.skip(wire);
  }
  return { update, remove };
}

/** google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2 } as Unix seconds. */
function readTimestamp(r: ProtoReader): number {
  let seconds = 0;
  let nanos = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.VARINT && field === 1) seconds = r.varint();
    else if (wire === WIRE.VARINT && field === 2) nanos = r.varint();
    else r.skip(wire);
  }
  return seconds + nanos / 1e9;
}

function readOutput(r: ProtoReader): WandbRecord {
  let text = '';
  let wallSec: number | null = null;
  while (!r.done) {
    const { field, wire } = r.tag();
    // formats.md lists OutputRawRecord.timestamp as a string; every real file has a Timestamp message there.
    if (wire === WIRE.LEN && field === 2) wallSec = timestampOrNull(r);
    else if (wire === WIRE.LEN && field === 3) text = r.string();
    else r.skip(wire);
  }
  return { kind: 'output', text, wallSec };
}

function timestampOrNull(r: ProtoReader): number | null {
  const sub = r.sub();
  try {
    return readTimestamp(sub);
  } catch {
    return null; // a string timestamp from some other writer: the line is still worth keeping
  }
}

function readStats(r: ProtoReader): WandbRecord {
  let wallSec: number | null = null;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.LEN && field === 2) wallSec = timestampOrNull(r);
    else r.skip(wire);
  }
  return { kind: 'stats', wallSec };
}

function readRun(r: ProtoReader): RunInfo {
  const s = { runId: '', displayName: '', project: '', entity: '', group: '', jobType: '', notes: '' };
  const tags: string[] = [];
  let startSec: number | null = null;
  let isResumed = false;
  let startingStep = 0;
  let config: ItemChanges | null = null;
  let summary: ItemChanges | null = null;
  const strings: Record<number, keyof typeof s> = { 1: 'runId', 2: 'entity', 3: 'project', 6: 'group', 7: 'jobType', 8: 'displayName', 9: 'notes' };
  while (!r.done) {
    const { field, wire } = r.tag();
    const name = strings[field];
    if (wire === WIRE.LEN && name !== undefined) s[name] = r.string();
    else if (wire === WIRE.LEN && field === 10) tags.push(r.string());
    else if (wire === WIRE.LEN && field === 4) config = readChanges(r.sub());
    else if (wire === WIRE.LEN && field === 5) summary = readChanges(r.sub());
    else if (wire === WIRE.LEN && field === 17) startSec = readTimestamp(r.sub());
    else if (wire === WIRE.VARINT && field === 14) startingStep = r.varint();
    else if (wire === WIRE.VARINT && field === 18) isResumed = r.varint() !== 0;
    else r.skip(wire);
  }
  return { ...s, tags, startSec, isResumed, startingStep, config, summary };
}

function readExit(r: ProtoReader): WandbRecord {
  let exitCode = 0;
  let runtimeSec = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.VARINT && field === 1) exitCode = toInt32(r.varint());
    else if (wire === WIRE.VARINT && field === 2) runtimeSec = toInt32(r.varint());
    else r.skip(wire);
  }
  return { kind: 'exit', exitCode, runtimeSec };
}

/** int32 fields: a negative value is sign-extended to 64 bits on the wire. */
function toInt32(v: number): number {
  return v > 0x7fffffff && v <= 0xffffffff ? v - 0x100000000 : v;
}

function readHeader(r: ProtoReader): WandbRecord {
  let producer = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WIRE.LEN && field === 1) {
      const v = r.sub();
      while (!v.done) {
        const t = v.tag();
        if (t.wire === WIRE.LEN && t.field === 1) producer = v.string();
        else v.skip(t.wire);
      }
    } else r.skip(wire);
  }
  return { kind: 'header', producer };
}
