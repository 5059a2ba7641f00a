/**
 * How the serve host sends an answer that carries series columns (Float64Array): JSON for the structure and the
 * columns' bytes as they are, so a 20-run chart costs no number formatting, no number parsing and no per-point
 * schema check (as JSON, 200,000 numbers cost 50–90 ms to write, read and check: bench/z in the issue notes).
 * Electron needs none of this: structured clone carries typed arrays.
 *
 * Layout: "RLW1" | u32 LE byte length of the JSON | the JSON (UTF-8) | zero padding to a multiple of 8 | the columns'
 * float64 bytes (little-endian), one after another. The JSON is `{ "value": …, "columns": [[path, length], …] }`: the
 * value with each column replaced by null, and per column, in byte order, where it goes and how many floats it has.
 * Paths travel beside the value, never inside it, so no string or key in the data can be mistaken for a column.
 */

export const WIRE_CONTENT_TYPE = 'application/x-runlens-wire';
const MAGIC = [0x52, 0x4c, 0x57, 0x31]; // "RLW1"
const HEAD = 8;

type Key = string | number;

/** The answer as wire bytes, or null when it holds no Float64Array (then plain JSON is smaller and just as fast). */
export function encodeWire(value: unknown): Uint8Array | null {
  const columns: { path: Key[]; data: Float64Array }[] = [];
  // Each object's holder and key, so a column's path is rebuilt only when one is found.
  const parent = new WeakMap<object, { holder: object; key: string }>();
  const pathOf = (holder: object, key: string): Key[] => {
    const path: Key[] = [key];
    for (let h = parent.get(holder); h; h = parent.get(h.holder)) path.unshift(h.key);
    // The root's own key ("value") is the first element: drop it, paths start inside the value.
    return path.slice(1);
  };
  const json = JSON.stringify({ value }, function (this: object, key: string, v: unknown) {
    if (v instanceof Float64Array) {
      columns.push({ path: pathOf(this, key), data: v });
      return null;
    }
    if (typeof v === 'object' && v !== null && key !== '') parent.set(v, { holder: this, key });
    return v;
  });
  if (columns.length === 0) return null;
  const head = new TextEncoder().encode(`${json.slice(0, -1)},"columns":${JSON.stringify(columns.map((c) => [c.path, c.data.length]))}}`);
  const start = Math.ceil((HEAD + head.length) / 8) * 8;
  const total = start + columns.reduce((a, c) => a + c.data.byteLength, 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, HEAD);
  let at = start;
  for (const c of columns) {
    out.set(new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength), at);
    at += c.data.byteLength;
  }
  return out;
}

/** Thrown for bytes that are not a well-formed wire answer. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * The answer back, its columns as Float64Array views over `buffer` (no copy: the buffer is the response's own).
 * Every path must lead through existing objects to a null slot; anything else is refused.
 */
export function decodeWire(buffer: ArrayBuffer): unknown {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < HEAD || MAGIC.some((b, i) => bytes[i] !== b)) throw new WireError('not a RunLens wire answer');
  const jsonLength = new DataView(buffer).getUint32(4, true);
  if (HEAD + jsonLength > bytes.length) throw new WireError('truncated wire answer');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(HEAD, HEAD + jsonLength)));
  } catch {
    throw new WireError('wire answer with malformed JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || !('value' in parsed) || !('columns' in parsed) || !Array.isArray(parsed.columns)) throw new WireError('wire answer without value and columns');
  const root = { value: parsed.value as unknown };
  let at = Math.ceil((HEAD + jsonLength) / 8) * 8;
  for (const entry of parsed.columns as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new WireError('malformed column entry');
    const [path, length] = entry as [unknown, unknown];
    if (!Array.isArray(path) || typeof length !== 'number' || !Number.isInteger(length) || length < 0) throw new WireError('malformed column entry');
    if (at + length * 8 > bytes.length) throw new WireError('truncated wire answer');
    const column = new Float64Array(buffer, at, length);
    at += length * 8;
    place(root, ['value', ...path], column);
  }
  return root.value;
}

function place(root: object, path: unknown[], column: Float64Array): void {
  let target: unknown = root;
  for (let i = 0; i < path.length - 1; i++) target = step(target, path[i]);
  const last = path[path.length - 1];
  if (typeof target !== 'object' || target === null || !isKey(last) || (target as Record<Key, unknown>)[last] !== null) throw new WireError('column path does not lead to a slot');
  (target as Record<Key, unknown>)[last] = column;
}

function step(target: unknown, key: unknown): unknown {
  if (typeof target !== 'object' || target === null || !isKey(key) || !Object.hasOwn(target, key)) throw new WireError('column path does not lead to a slot');
  return (target as Record<Key, unknown>)[key];
}

function isKey(k: unknown): k is Key {
  return (typeof k === 'string' && !FORBIDDEN_KEYS.has(k)) || (typeof k === 'number' && Number.isInteger(k) && k >= 0);
}
