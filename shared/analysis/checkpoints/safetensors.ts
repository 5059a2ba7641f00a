import { quoteValue } from '../../util/quote-value';

/**
 * Integrity of a `.safetensors` file from its header alone (issue 8 §4), without reading a tensor: the 8-byte
 * little-endian header length, the JSON header, and for every tensor dtype × shape = its byte span, spans that tile
 * the data section without gaps or overlaps, and a data section as long as the file says. Format:
 * https://github.com/huggingface/safetensors (README "Format").
 */

/** Bytes per element of each safetensors dtype. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E4M3FN: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** The reference implementation refuses headers above 100 MB; so do we (a corrupt length would ask for gigabytes). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsCheck {
  readonly ok: boolean;
  /** One sentence each, naming the tensor where there is one. */
  readonly problems: readonly string[];
  readonly tensors: number;
  /** Sum of dtype × shape over all tensors, in bytes. */
  readonly dataBytes: number;
  /** Bytes the header says the file needs (8 + header + data); compare with the file's size. */
  readonly expectedFileBytes: number | null;
}

const fail = (problem: string): SafetensorsCheck => ({ ok: false, problems: [problem], tensors: 0, dataBytes: 0, expectedFileBytes: null });

/** Bytes needed from the start of the file to check it: the 8-byte length, then the header. */
export function headerLength(first8: Uint8Array): number | null {
  if (first8.length < 8) return null;
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const n = view.getBigUint64(0, true);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/**
 * `head` = the file's first bytes (at least 8 + header length when the file has them), `fileSize` = its size on disk.
 */
export function checkSafetensors(head: Uint8Array, fileSize: number): SafetensorsCheck {
  if (fileSize === 0) return fail('empty file (0 bytes)');
  const n = headerLength(head);
  if (n === null) return fail(`truncated: ${fileSize} bytes, shorter than the 8-byte header length`);
  if (n === 0 || n > MAX_HEADER_BYTES) return fail(`header length ${n} is not plausible (the file is damaged or not safetensors)`);
  if (8 + n > fileSize) return fail(`truncated: the header needs ${8 + n} bytes, the file has ${fileSize}`);
  if (head.length < 8 + n) return fail(`only ${head.length} of the ${8 + n} header bytes could be read`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(8, 8 + n)));
  } catch (err) {
    return fail(`the header is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return fail('the header is not a JSON object');

  const problems: string[] = [];
  const spans: { name: string; begin: number; end: number }[] = [];
  let dataBytes = 0;
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    // Found by test/unit/fuzz/checkpoints.fuzz.test.ts: a null entry threw, a dtype named `toString` found
    // Object.prototype's function as its size, and a deep shape overflowed JSON.stringify in the message.
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      problems.push(`tensor ${name}: ${quoteValue(v)} is not a tensor entry`);
      continue;
    }
    const t = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const size = typeof t.dtype === 'string' && Object.hasOwn(DTYPE_BYTES, t.dtype) ? DTYPE_BYTES[t.dtype] : undefined;
    if (size === undefined) {
      problems.push(`tensor ${name}: unknown dtype ${quoteValue(t.dtype)}`);
      continue;
    }
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      problems.push(`tensor ${name}: shape ${quoteValue(t.shape)} is not a list of sizes`);
      continue;
    }
    const offsets = t.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) || (offsets[0] as number) > (offsets[1] as number)) {
      problems.push(`tensor ${name}: data_offsets ${quoteValue(offsets)} are not [begin, end]`);
      continue;
    }
    const begin = offsets[0] as number;
    const end = offsets[1] as number;
    const want = (t.shape as number[]).reduce((a, d) => a * d, 1) * size;
    if (end - begin !== want) problems.push(`tensor ${name}: ${t.dtype} ${JSON.stringify(t.shape)} needs ${want} bytes, its offsets span ${end - begin}`);
    spans.push({ name, begin, end });
    dataBytes += end - begin;
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const s of spans) {
    if (s.begin > cursor) problems.push(`gap of ${s.begin - cursor} bytes before tensor ${s.name}`);
    else if (s.begin < cursor) problems.push(`tensor ${s.name} overlaps the tensor before it`);
    cursor = Math.max(cursor, s.end);
  }
  const expectedFileBytes = 8 + n + cursor;
  if (fileSize < expectedFileBytes) problems.unshift(`truncated: the tensors need ${expectedFileBytes} bytes, the file has ${fileSize} (${expectedFileBytes - fileSize} missing)`);
  else if (fileSize > expectedFileBytes) problems.push(`${fileSize - expectedFileBytes} bytes after the last tensor`);
  return { ok: problems.length === 0, problems, tensors: spans.length, dataBytes, expectedFileBytes };
}

/** A safetensors file built in memory (for tests and fixtures): tensors laid out in order, zero-filled. */
export function buildSafetensors(tensors: readonly { name: string; dtype: string; shape: readonly number[] }[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((a, d) => a * d, 1) * (DTYPE_BYTES[t.dtype] ?? 1);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // The reference writer pads the header with spaces to a multiple of 8.
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const jsonBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + jsonBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(jsonBytes.length), true);
  out.set(jsonBytes, 8);
  return out;
}
