import { describe, expect, it } from 'vitest';
import { SeriesBundle } from '../../../shared/domain/series';
import { resultSchema } from '../../../shared/ipc/result';
import { decodeWire, encodeWire, WireError } from '../../../shared/ipc/wire';

const EVIL = '{"__proto__":{"polluted":1}} <img src=x onerror=alert(1)>';

function bundle() {
  const values = Float64Array.of(3, NaN, 2, 1);
  return {
    ok: true,
    value: {
      metric: 'loss',
      series: [
        { runId: EVIL, mode: 'raw', totalPoints: 4, steps: Float64Array.of(0, 10, 20, 30), values, min: values, max: values, first: values, smoothed: null, nonFinite: [{ step: 10, kind: 'nan' }] },
        { runId: 'b', mode: 'buckets', totalPoints: 1e6, steps: Float64Array.of(5, 6), values: Float64Array.of(1, 2), min: Float64Array.of(0.5, -Infinity), max: Float64Array.of(1.5, Infinity), first: Float64Array.of(1, 2), smoothed: Float64Array.of(1.1, 1.9), nonFinite: [], x: new Float64Array(0) },
      ],
    },
  };
}

/** A buffer of its own, as fetch's `arrayBuffer()` gives. */
function own(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

describe('wire answers', () => {
  it('round-trips an answer with its columns as Float64Arrays, every float bit for bit, strings untouched', () => {
    const bytes = encodeWire(bundle());
    expect(bytes).not.toBeNull();
    const back = decodeWire(own(bytes as Uint8Array)) as ReturnType<typeof bundle>;
    const want = bundle();
    expect(back.value.series[0]?.runId).toBe(EVIL);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const [i, s] of back.value.series.entries()) {
      const w = want.value.series[i] as (typeof want.value.series)[number];
      for (const k of ['steps', 'values', 'min', 'max', 'first'] as const) {
        expect(s[k]).toBeInstanceOf(Float64Array);
        expect(Array.from(s[k])).toEqual(Array.from(w[k]));
      }
    }
    expect(back.value.series[0]?.smoothed).toBeNull();
    expect(Array.from(back.value.series[1]?.smoothed ?? [])).toEqual([1.1, 1.9]);
    // What the renderer then checks: one instanceof per column.
    expect(resultSchema(SeriesBundle).safeParse(back).success).toBe(true);
  });

  it('leaves answers without columns to JSON', () => {
    expect(encodeWire({ ok: true, value: [{ a: 1 }] })).toBeNull();
    expect(encodeWire({ ok: false, error: { code: 'io', message: 'x' } })).toBeNull();
  });

  it('never revives a column from the data itself: a key or string that looks like one stays what it was', () => {
    const value = { ok: true, value: { columns: [[['x'], 1]], note: '"columns":[[["a"],1]]', col: Float64Array.of(7) } };
    const back = decodeWire(own(encodeWire(value) as Uint8Array)) as typeof value;
    expect(back.value.columns).toEqual([[['x'], 1]]);
    expect(back.value.note).toBe('"columns":[[["a"],1]]');
    expect(Array.from(back.value.col)).toEqual([7]);
  });

  it('refuses bytes that are not a well-formed answer: wrong magic, truncation, paths that lead nowhere or to the prototype', () => {
    const good = encodeWire({ value: { a: Float64Array.of(1, 2) } }) as Uint8Array;
    expect(() => decodeWire(new TextEncoder().encode('{"ok":true}').buffer)).toThrow(WireError);
    expect(() => decodeWire(own(good.subarray(0, good.length - 8)))).toThrow(WireError);
    expect(() => decodeWire(own(good.subarray(0, 6)))).toThrow(WireError);
    const forge = (head: string, floats: number[]) => {
      const json = new TextEncoder().encode(head);
      const start = Math.ceil((8 + json.length) / 8) * 8;
      const out = new Uint8Array(start + floats.length * 8);
      out.set([0x52, 0x4c, 0x57, 0x31]);
      new DataView(out.buffer).setUint32(4, json.length, true);
      out.set(json, 8);
      out.set(new Uint8Array(Float64Array.from(floats).buffer), start);
      return out.buffer;
    };
    expect(() => decodeWire(forge('{"value":{"a":null},"columns":[[["b"],1]]}', [1]))).toThrow(WireError);
    expect(() => decodeWire(forge('{"value":{"a":1},"columns":[[["a"],1]]}', [1]))).toThrow(WireError);
    expect(() => decodeWire(forge('{"value":{"a":null},"columns":[[["__proto__","polluted"],1]]}', [1]))).toThrow(WireError);
    expect(() => decodeWire(forge('{"value":{"a":null},"columns":[[["a"],2]]}', [1]))).toThrow(WireError);
    expect(() => decodeWire(forge('{"value":{"a":null}}', []))).toThrow(WireError);
    expect(decodeWire(forge('{"value":{"a":null},"columns":[[["a"],1]]}', [4]))).toEqual({ a: Float64Array.of(4) });
  });
});
