/**
 * JSON as Python's `json.dumps` writes it: standard JSON plus the bare tokens `NaN`, `Infinity` and `-Infinity`
 * (Python's default `allow_nan=True`), and a salvage mode for files cut short by a crash mid-write.
 *
 * Two parsers share the grammar. The fast one is the engine's JSON.parse after the tokens are swapped for string
 * sentinels (native parsing is several times faster than anything written in JS). The careful one, below, is an
 * iterative state machine: it knows where it stopped, keeps everything complete before that point, and cannot
 * overflow the call stack on deep nesting. It runs only when the fast one fails.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
/** Object keys and array indexes from the document root. */
export type JsonPath = readonly (string | number)[];

export class TolerantJsonError extends Error {
  constructor(
    message: string,
    /** Character (UTF-16 code unit) offset where parsing stopped. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TolerantJsonError';
  }
}

export interface JsonSalvage {
  /** The document, or every complete part of it before the damage; undefined when no value had begun. */
  readonly value: JsonValue | undefined;
  /** Null when the whole text parsed. */
  readonly error: {
    readonly message: string;
    /** Character offset where parsing stopped: the text's length when it was cut short. */
    readonly offset: number;
    /** True when the text simply ends too early (a cut), false when it holds something that is not JSON. */
    readonly isTruncated: boolean;
  } | null;
  /**
   * The innermost container the damage left open, as a path; every container on the way to it is open too. Open
   * containers are kept with their complete members, so a caller decides whether a partial container counts (a
   * half-written log row must not). Null when no container was open.
   */
  readonly cut: JsonPath | null;
}

/** Parses Python-flavoured JSON; throws TolerantJsonError (with the offset) on anything else. */
export function parseTolerantJson(text: string): JsonValue {
  const fast = parseNative(text);
  if (fast.ok) return fast.value;
  const s = scan(text);
  if (s.error) throw new TolerantJsonError(s.error.message, s.error.offset);
  return s.value as JsonValue;
}

/** Parses as much as it can: the result says what was kept, where parsing stopped and why. Never throws. */
export function salvageTolerantJson(text: string): JsonSalvage {
  const fast = parseNative(text);
  if (fast.ok) return { value: fast.value, error: null, cut: null };
  return scan(text);
}

/**
 * The complete elements of the array at `path` in a salvaged document (a cut log_history keeps every row written in
 * full and drops the one the cut ran through). Undefined when there is no array there.
 */
export function completeElements(s: JsonSalvage, path: JsonPath): JsonValue[] | undefined {
  let node: JsonValue | undefined = s.value;
  for (const key of path) node = childOf(node, key);
  if (!Array.isArray(node)) return undefined;
  const cut = s.cut;
  if (cut === null || cut.length <= path.length || !path.every((k, i) => cut[i] === k)) return node;
  const openIndex = cut[path.length];
  return typeof openIndex === 'number' ? node.slice(0, openIndex) : node;
}

function childOf(node: JsonValue | undefined, key: string | number): JsonValue | undefined {
  if (typeof key === 'number') return Array.isArray(node) ? node[key] : undefined;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

// ---- fast path -------------------------------------------------------------------------------------------------

/** Escaped so it is legal inside a JSON string; a raw control character would not be. */
const SENTINEL_JSON = '\\u0000rl-nonfinite:';
const SENTINEL = '\u0000rl-nonfinite:';
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

function parseNative(text: string): { ok: true; value: JsonValue } | { ok: false } {
  const hasTokens = text.includes('NaN') || text.includes('Infinity');
  // A document that already holds our sentinel text would be misread: leave it to the careful parser.
  if (hasTokens && text.includes('rl-nonfinite:')) return { ok: false };
  try {
    if (!hasTokens) return { ok: true, value: JSON.parse(text) as JsonValue };
    const value = JSON.parse(swapTokens(text)) as JsonValue;
    return { ok: true, value: restoreTokens(value) };
  } catch {
    return { ok: false };
  }
}

/** Replaces the bare tokens outside strings with sentinel strings; text inside strings is never touched. */
function swapTokens(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c !== 0x4e /* N */ && c !== 0x49 /* I */ && c !== MINUS) continue;
    const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('-Infinity', i) ? '-Infinity' : null;
    if (token === null) continue;
    out += `${text.slice(last, i)}"${SENTINEL_JSON}${token}"`;
    i += token.length - 1;
    last = i + 1;
  }
  return out + text.slice(last);
}

/** Index of the closing quote of the string opening at `start` (or the text's end). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return text.length;
}

/** Turns sentinels back into numbers, in place; iterative so deep documents cannot overflow the stack. */
function restoreTokens(root: JsonValue): JsonValue {
  const fromSentinel = (v: JsonValue): number | undefined => (typeof v === 'string' && v.startsWith(SENTINEL) ? NON_FINITE[v.slice(SENTINEL.length)] : undefined);
  const rootNumber = fromSentinel(root);
  if (rootNumber !== undefined) return rootNumber;
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i] as JsonValue;
        const n = fromSentinel(v);
        if (n !== undefined) node[i] = n;
        else if (v !== null && typeof v === 'object') stack.push(v);
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        const v = node[key] as JsonValue;
        const n = fromSentinel(v);
        if (n !== undefined) setMember(node, key, n);
        else if (v !== null && typeof v === 'object') stack.push(v);
      }
    }
  }
  return root;
}

/** Assignment to `__proto__` would change the object's prototype instead of adding a key, as JSON.parse does. */
function setMember(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

// ---- careful path ----------------------------------------------------------------------------------------------

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

/**
 * What the parser may meet next: `value` (document start, after `:` or after `,` in an array), `value-or-end` (just
 * after `[`), `key-or-end` (just after `{`), `key` (after `,` in an object), `colon`, and `next` (`,` or the
 * container's end; at top level, the end of the text).
 */
type Expect = 'value' | 'value-or-end' | 'key-or-end' | 'key' | 'colon' | 'next';

type Frame =
  | { readonly isArray: true; readonly value: JsonValue[]; readonly key: string | number | null }
  | { readonly isArray: false; readonly value: JsonObject; readonly key: string | number | null; pendingKey: string };

type Step<T> = { value: T; end: number } | { message: string; at: number; isTruncated: boolean };

const LITERALS: readonly (readonly [string, JsonValue])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];
const NUMBER_CHARS = /-?[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?/y;
const STRICT_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function scan(text: string): JsonSalvage {
  const n = text.length;
  const stack: Frame[] = [];
  let root: JsonValue | undefined;
  let expect: Expect = 'value';
  let pos = 0;

  const stop = (message: string, at: number, isTruncated: boolean): JsonSalvage => ({
    value: root,
    error: { message: isTruncated ? message : `${message} at character ${at}`, offset: at, isTruncated },
    cut: stack.length === 0 ? null : stack.slice(1).map((f) => f.key as string | number),
  });
  /** Adds a value to the open container (or makes it the root) and returns its key there. */
  const attach = (v: JsonValue): string | number | null => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = v;
      return null;
    }
    if (top.isArray) {
      top.value.push(v);
      return top.value.length - 1;
    }
    setMember(top.value, top.pendingKey, v);
    return top.pendingKey;
  };

  for (;;) {
    pos = skipWhitespace(text, pos);
    if (pos >= n) {
      if (expect === 'next' && stack.length === 0) return { value: root, error: null, cut: null };
      return stop('The text ends before the JSON is complete', n, true);
    }
    const c = text.charCodeAt(pos);
    switch (expect) {
      case 'value-or-end':
      case 'value': {
        if (expect === 'value-or-end' && c === 0x5d /* ] */) {
          stack.pop();
          pos++;
          expect = 'next';
          break;
        }
        if (c === 0x7b /* { */) {
          const obj: JsonObject = {};
          stack.push({ isArray: false, value: obj, key: attach(obj), pendingKey: '' });
          pos++;
          expect = 'key-or-end';
          break;
        }
        if (c === 0x5b /* [ */) {
          const arr: JsonValue[] = [];
          stack.push({ isArray: true, value: arr, key: attach(arr) });
          pos++;
          expect = 'value-or-end';
          break;
        }
        const r = c === QUOTE ? readString(text, pos) : readScalar(text, pos, stack.length > 0);
        if ('message' in r) return stop(r.message, r.at, r.isTruncated);
        attach(r.value);
        pos = r.end;
        expect = 'next';
        break;
      }
      case 'key-or-end':
      case 'key': {
        const top = stack[stack.length - 1];
        if (expect === 'key-or-end' && c === 0x7d /* } */) {
          stack.pop();
          pos++;
          expect = 'next';
          break;
        }
        if (c !== QUOTE || top === undefined || top.isArray) return stop(`Expected a quoted key, found ${describe(c)}`, pos, false);
        const r = readString(text, pos);
        if ('message' in r) return stop(r.message, r.at, r.isTruncated);
        top.pendingKey = r.value;
        pos = r.end;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (c !== 0x3a /* : */) return stop(`Expected ':', found ${describe(c)}`, pos, false);
        pos++;
        expect = 'value';
        break;
      case 'next': {
        const top = stack[stack.length - 1];
        if (top === undefined) return stop(`Unexpected ${describe(c)} after the JSON value`, pos, false);
        if (c === 0x2c /* , */) {
          pos++;
          expect = top.isArray ? 'value' : 'key';
        } else if (c === (top.isArray ? 0x5d : 0x7d)) {
          stack.pop();
          pos++;
        } else {
          return stop(`Expected ',' or '${top.isArray ? ']' : '}'}', found ${describe(c)}`, pos, false);
        }
        break;
      }
    }
  }
}

function skipWhitespace(text: string, pos: number): number {
  let i = pos;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}

function describe(c: number): string {
  return c < 0x20 || c === 0x7f ? `control character 0x${c.toString(16).padStart(2, '0')}` : `'${String.fromCharCode(c)}'`;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(text: string, start: number): Step<string> {
  let out = '';
  let from = start + 1;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return { value: out + text.slice(from, i), end: i + 1 };
    if (c < 0x20) return { message: `Unescaped ${describe(c)} inside a string`, at: i, isTruncated: false };
    if (c !== BACKSLASH) continue;
    out += text.slice(from, i);
    const e = text[i + 1];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]*$/.test(hex)) return { message: 'Bad \\u escape', at: i, isTruncated: false };
      if (hex.length < 4) break;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 5;
    } else {
      const decoded = ESCAPES[e];
      if (decoded === undefined) return { message: `Bad escape '\\${e}'`, at: i, isTruncated: false };
      out += decoded;
      i += 1;
    }
    from = i + 1;
  }
  return { message: 'The text ends inside a string', at: text.length, isTruncated: true };
}

/** Numbers and the bare literals. A number that runs into the end of the text inside a container may be cut short. */
function readScalar(text: string, start: number, isInContainer: boolean): Step<JsonValue> {
  const c = text.charCodeAt(start);
  const isNumberStart = (c >= 0x30 && c <= 0x39) || (c === MINUS && text.charCodeAt(start + 1) !== 0x49 /* I */);
  if (isNumberStart) {
    NUMBER_CHARS.lastIndex = start;
    NUMBER_CHARS.exec(text);
    const end = NUMBER_CHARS.lastIndex;
    const raw = text.slice(start, end);
    if (end === text.length && (isInContainer || !STRICT_NUMBER.test(raw))) {
      return { message: 'The text ends inside a number', at: text.length, isTruncated: true };
    }
    if (!STRICT_NUMBER.test(raw)) return { message: `Invalid number '${raw}'`, at: start, isTruncated: false };
    return { value: Number(raw), end };
  }
  for (const [word, value] of LITERALS) if (text.startsWith(word, start)) return { value, end: start + word.length };
  const rest = text.slice(start);
  if (LITERALS.some(([word]) => word.length > rest.length && word.startsWith(rest))) {
    return { message: 'The text ends inside a literal', at: text.length, isTruncated: true };
  }
  return { message: `Unexpected ${describe(c)}`, at: start, isTruncated: false };
}
