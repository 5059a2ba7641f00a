import { describe, expect, it } from 'vitest';
import { buildSafetensors, checkSafetensors, headerLength } from '../../../../shared/analysis/checkpoints/safetensors';

const good = buildSafetensors(
  [
    { name: 'model.embed.weight', dtype: 'BF16', shape: [16, 8] },
    { name: 'model.norm.weight', dtype: 'F32', shape: [8] },
    { name: 'lm_head.bias', dtype: 'F16', shape: [] },
  ],
  { format: 'pt' },
);

function withHeader(header: object, dataBytes: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

describe('checkSafetensors', () => {
  it('accepts a well-formed file: spans tile the data, sizes add up', () => {
    const r = checkSafetensors(good, good.length);
    expect(r).toMatchObject({ ok: true, problems: [], tensors: 3, dataBytes: 16 * 8 * 2 + 8 * 4 + 2, expectedFileBytes: good.length });
    expect((headerLength(good) ?? 0) % 8).toBe(0);
  });

  it('flags a file cut anywhere: in the length, in the header, in the tensors', () => {
    expect(checkSafetensors(good.subarray(0, 0), 0).problems).toEqual(['empty file (0 bytes)']);
    expect(checkSafetensors(good.subarray(0, 5), 5).problems[0]).toMatch(/^truncated: 5 bytes/);
    const n = headerLength(good) ?? 0;
    expect(checkSafetensors(good.subarray(0, 8 + n - 3), 8 + n - 3).problems[0]).toMatch(/^truncated: the header needs/);
    const cut = good.length - 10;
    const r = checkSafetensors(good.subarray(0, cut), cut);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toBe(`truncated: the tensors need ${good.length} bytes, the file has ${cut} (10 missing)`);
  });

  it('flags a damaged header: bad length, bad JSON, dtype × shape not matching the span, gaps, overlaps, trailing bytes', () => {
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(checkSafetensors(huge, 16).problems[0]).toMatch(/not plausible/);
    const broken = good.slice();
    broken[9] = 0x7b; // a second '{' where the first key's quote was
    expect(checkSafetensors(broken, broken.length).problems[0]).toMatch(/not valid JSON/);
    const f = withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] }, c: { dtype: 'X9', shape: [1], data_offsets: [12, 13] } }, 20);
    expect(checkSafetensors(f, f.length).problems).toEqual(['tensor a: F32 [2] needs 8 bytes, its offsets span 4', 'tensor c: unknown dtype "X9"', 'gap of 4 bytes before tensor b', '8 bytes after the last tensor']);
    const o = withHeader({ a: { dtype: 'U8', shape: [4], data_offsets: [0, 4] }, b: { dtype: 'U8', shape: [2], data_offsets: [2, 4] } }, 4);
    expect(checkSafetensors(o, o.length).problems).toEqual(['tensor b overlaps the tensor before it']);
  });
});
