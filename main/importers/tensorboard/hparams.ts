import type { RunStatus } from '../../../shared/domain/run';
import type { ConfigValue } from '../../../shared/importers/records';
import { ProtoReader, WIRE } from '../../../shared/util/protobuf';
import type { Span } from './event';

export interface HParamsData {
  hparams: Record<string, ConfigValue> | null;
  status: RunStatus | null;
}

const STATUS: Record<number, RunStatus> = { 1: 'finished', 2: 'crashed', 3: 'running' };

/** Decodes the hparams plugin's HParamsPluginData (plugins/hparams/plugin_data.proto): start info and end status. */
export function readHParams(buf: Uint8Array, span: Span): HParamsData {
  const out: HParamsData = { hparams: null, status: null };
  const r = new ProtoReader(buf, span.start, span.end);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 3 && wire === WIRE.LEN) out.hparams = readStartInfo(r.sub());
    else if (field === 4 && wire === WIRE.LEN) out.status = readEndStatus(r.sub());
    else r.skip(wire);
  }
  return out;
}

function readStartInfo(r: ProtoReader): Record<string, ConfigValue> {
  const hp: Record<string, ConfigValue> = {};
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) {
      const e = r.sub();
      let key = '';
      let value: ConfigValue = null;
      while (!e.done) {
        const t = e.tag();
        if (t.field === 1 && t.wire === WIRE.LEN) key = e.string();
        else if (t.field === 2 && t.wire === WIRE.LEN) value = readValue(e.sub());
        else e.skip(t.wire);
      }
      if (key !== '') hp[key] = value;
    } else r.skip(wire);
  }
  return hp;
}

/** google.protobuf.Value → a config value; structs and lists are kept as their field count (rare in hparams). */
function readValue(r: ProtoReader): ConfigValue {
  let value: ConfigValue = null;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 2 && wire === WIRE.I64) {
      const n = r.double();
      value = Number.isFinite(n) ? n : String(n);
    } else if (field === 3 && wire === WIRE.LEN) value = r.string();
    else if (field === 4 && wire === WIRE.VARINT) value = r.varint() !== 0;
    else r.skip(wire);
  }
  return value;
}

function readEndStatus(r: ProtoReader): RunStatus | null {
  let status: RunStatus | null = null;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.VARINT) status = STATUS[r.varint()] ?? 'unknown';
    else r.skip(wire);
  }
  return status;
}
