import { ProtoReader, WIRE } from '../../../shared/util/protobuf';

/** Bounds of a sub-message inside the file buffer (decoded lazily; most payloads are skipped). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface SummaryValue {
  tag: string;
  pluginName: string | null;
  pluginContent: Span | null;
  simpleValue: number | null;
  tensor: Span | null;
  /** Present for histograms/images/audio: not a scalar. */
  hasOtherPayload: boolean;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  values: SummaryValue[];
  /** SessionLog status (START=1, STOP=2, CHECKPOINT=3) when the event is one. */
  sessionStatus: number | null;
}

/** Decodes tensorflow.Event, keeping only what scalars, text and hparams need (event.proto, summary.proto). */
export function decodeEvent(buf: Uint8Array, span: Span): DecodedEvent {
  const r = new ProtoReader(buf, span.start, span.end);
  const ev: DecodedEvent = { wallTime: Number.NaN, step: 0, values: [], sessionStatus: null };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.I64) ev.wallTime = r.double();
    else if (field === 2 && wire === WIRE.VARINT) ev.step = r.varint();
    else if (field === 5 && wire === WIRE.LEN) decodeSummary(r.sub(), ev.values);
    else if (field === 7 && wire === WIRE.LEN) ev.sessionStatus = decodeSessionStatus(r.sub());
    else r.skip(wire);
  }
  return ev;
}

function decodeSummary(r: ProtoReader, out: SummaryValue[]): void {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) out.push(decodeValue(r.sub()));
    else r.skip(wire);
  }
}

function decodeValue(r: ProtoReader): SummaryValue {
  const v: SummaryValue = { tag: '', pluginName: null, pluginContent: null, simpleValue: null, tensor: null, hasOtherPayload: false };
  let nodeName = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) v.tag = r.string();
    else if (field === 7 && wire === WIRE.LEN) nodeName = r.string();
    else if (field === 2 && wire === WIRE.I32) v.simpleValue = r.float();
    else if (field === 8 && wire === WIRE.LEN) v.tensor = r.bytes();
    else if (field === 9 && wire === WIRE.LEN) decodeMetadata(r.sub(), v);
    else if ((field === 3 || field === 4 || field === 5 || field === 6) && wire === WIRE.LEN) {
      v.hasOtherPayload = true;
      r.skip(wire);
    } else r.skip(wire);
  }
  // Very old writers put the name in node_name only.
  if (v.tag === '' && nodeName !== '') v.tag = nodeName;
  return v;
}

function decodeMetadata(r: ProtoReader, v: SummaryValue): void {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) {
      const p = r.sub();
      while (!p.done) {
        const t = p.tag();
        if (t.field === 1 && t.wire === WIRE.LEN) v.pluginName = p.string();
        else if (t.field === 2 && t.wire === WIRE.LEN) v.pluginContent = p.bytes();
        else p.skip(t.wire);
      }
    } else r.skip(wire);
  }
}

function decodeSessionStatus(r: ProtoReader): number {
  let status = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.VARINT) status = r.varint();
    else r.skip(wire);
  }
  return status;
}
