import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { expect } from 'vitest';
import { concatBytes } from '../../shared/util/bytes';

/**
 * The fuzzing engine shared by test/unit/fuzz/ (docs/fuzzing.md): run size and seed from the environment, a runner
 * that bounds every case in time and says how to replay a failure, byte mutations of real fixture files, and
 * adversarial text.
 *
 * RUNLENS_FUZZ_RUNS   cases per property (default DEFAULT_RUNS: the short run inside `npm test`; nightly: 20000).
 * RUNLENS_FUZZ_SEED   the seed (default: a fresh one per process, printed with any failure).
 * RUNLENS_FUZZ_PATH   with the seed, replays one failing case (and its shrinks) straight away.
 * RUNLENS_FUZZ_CASE_MS  the time one case may take before it counts as a hang (default 2000).
 * RUNLENS_FUZZ_HANG_MS  a case still running after this long is an endless loop: the process is killed (default 60000).
 */

const DEFAULT_RUNS = 15;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${raw} is not an integer`);
  return n;
}

export const FUZZ_RUNS = Math.max(1, envInt('RUNLENS_FUZZ_RUNS') ?? DEFAULT_RUNS);
/** One seed for every property of the process: a failure report names it, and passing it back replays that run. */
export const FUZZ_SEED = envInt('RUNLENS_FUZZ_SEED') ?? (Date.now() ^ Math.floor(Math.random() * 0x100000000)) | 0;
const FUZZ_PATH = process.env.RUNLENS_FUZZ_PATH?.trim() || undefined;
export const CASE_LIMIT_MS = Math.max(1, envInt('RUNLENS_FUZZ_CASE_MS') ?? 2000);
const HANG_MS = Math.max(CASE_LIMIT_MS, envInt('RUNLENS_FUZZ_HANG_MS') ?? 60_000);

/** Vitest's timeout for one fuzz test: a safety net that grows with the run size (slow cases fail on their own bound). */
export const FUZZ_TIMEOUT_MS = 120_000 + FUZZ_RUNS * 100;

/** Cases for one property: `weight` scales the run count for properties much cheaper or dearer than a typical parse. */
export function runsFor(weight = 1): number {
  return Math.max(1, Math.round(FUZZ_RUNS * weight));
}

// ---- the watchdog ------------------------------------------------------------------------------------------------

/**
 * A synchronous endless loop cannot be interrupted from its own thread, and would stall the test run with no word of
 * which input caused it. A worker thread keeps time instead: told when a case starts and ends, it writes the case's
 * replay line to stderr and kills the process when a case outlives HANG_MS. Plain JavaScript, so it needs no loader.
 */
const WATCHDOG_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
let timer = null;
parentPort.on('message', (m) => {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (m.label) {
    timer = setTimeout(() => {
      fs.writeSync(2, '\\n[fuzz watchdog] ' + m.label + ': still running after ' + m.ms + ' ms (an endless loop?); killing the test process.\\n');
      process.kill(process.pid, 'SIGKILL');
    }, m.ms);
  }
});
`;

let watchdog: Worker | null = null;
function watch(label: string | null): void {
  if (watchdog === null) {
    watchdog = new Worker(WATCHDOG_SOURCE, { eval: true });
    watchdog.unref();
  }
  watchdog.postMessage(label === null ? {} : { label, ms: HANG_MS });
}

/**
 * Runs `work` under the watchdog: for regression tests of inputs that once looped forever (a plain test would hang
 * the run instead of failing).
 */
export async function withWatchdog<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  watch(`${expect.getState().currentTestName ?? 'test'}: ${label}`);
  try {
    return await work();
  } finally {
    watch(null);
  }
}

// ---- the runner ----------------------------------------------------------------------------------------------------

export interface FuzzOptions {
  /** Scales the run count (see runsFor). */
  readonly weight?: number;
  /** Per-case time bound, for properties whose single case is known to be dearer. */
  readonly limitMs?: number;
}

function replayLine(path: string | undefined): string {
  const state = expect.getState();
  const file = state.testPath === undefined ? '<test file>' : state.testPath.replace(/^.*?(?=test\/)/, '');
  // -t is a regex over the describe and test names joined by spaces.
  const name = (state.currentTestName ?? '')
    .split(' > ')
    .join(' ')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/'/g, "'\\''");
  const pathPart = path === undefined ? '' : ` RUNLENS_FUZZ_PATH='${path}'`;
  return `Replay: RUNLENS_FUZZ_SEED=${FUZZ_SEED}${pathPart} npx vitest run --project unit ${file} -t '${name}'`;
}

/** fast-check's printer, which recurses: a value too deep for it is described instead. */
function printed(value: unknown): string {
  try {
    return fc.stringify(value);
  } catch {
    return '<too deeply nested to print>';
  }
}

/**
 * Runs `check` on `runsFor(weight)` values of `arb` (fast-check shrinks a failure to a small input). Every case must
 * finish within the time bound: a slow case fails like an exception does, so super-linear blow-ups (regex
 * backtracking, quadratic loops) shrink to their smallest slow input too. A failure's message ends with the command
 * that replays it.
 */
export async function fuzz<T>(arb: fc.Arbitrary<T>, check: (value: T) => void | Promise<void>, opts: FuzzOptions = {}): Promise<void> {
  const limit = opts.limitMs ?? CASE_LIMIT_MS;
  // Before the first failure, case k is path k; after it, fast-check is shrinking that case.
  let run = 0;
  let failedAt: number | null = null;
  const label = (value: T) => {
    const input = printed(value);
    const shown = input.length > 2000 ? `${input.slice(0, 2000)}…` : input;
    const test = expect.getState().currentTestName ?? 'fuzz';
    if (FUZZ_PATH !== undefined) return `${test}: replaying path ${FUZZ_PATH} (step ${run}), input ${shown}; ${replayLine(FUZZ_PATH)}`;
    const what = failedAt === null ? `case ${run}` : `shrinking the failure of case ${failedAt}`;
    return `${test}: ${what}, input ${shown}; ${replayLine(String(failedAt ?? run))}`;
  };
  const property = fc.asyncProperty(arb, async (value) => {
    watch(label(value));
    const started = performance.now();
    try {
      await check(value);
      const ms = performance.now() - started;
      if (ms > limit) throw new Error(`one case took ${Math.round(ms)} ms, over the ${limit} ms bound (a hang or a super-linear blow-up)`);
    } catch (err) {
      failedAt ??= run;
      throw err;
    } finally {
      watch(null);
      run++;
    }
  });
  const details = await fc.check(property, { numRuns: runsFor(opts.weight), seed: FUZZ_SEED, ...(FUZZ_PATH === undefined ? {} : { path: FUZZ_PATH }) });
  if (details.failed) {
    let report: string;
    try {
      report = fc.defaultReportMessage(details) ?? 'Property failed';
    } catch {
      report = `Property failed; counterexample: ${printed(details.counterexample)}`;
    }
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${report}\n\nThe shrunk case failed with: ${cause}\n\n${replayLine(details.counterexamplePath ?? undefined)}`, { cause: details.errorInstance });
  }
}

/** A check that fails once more than `limitMs` has passed since it was made, naming `what`. */
function boundFrom(what: string, limitMs: number): () => void {
  const started = performance.now();
  return () => {
    const ms = performance.now() - started;
    if (ms > limitMs) throw new Error(`${what} took ${Math.round(ms)} ms, over the ${limitMs} ms bound`);
  };
}

/** Runs `work` and fails when it takes longer than `limitMs`: for the parts of a case that must each stay fast. */
export function timed<T>(what: string, work: () => T, limitMs = CASE_LIMIT_MS): T {
  const check = boundFrom(what, limitMs);
  let out: T;
  try {
    out = work();
  } catch (err) {
    // A slow failure is reported as slow: an expected error must also come in time.
    check();
    throw err;
  }
  check();
  return out;
}

/** timed() for async work (an importer's parse). */
export async function timedAsync<T>(what: string, work: () => Promise<T>, limitMs = CASE_LIMIT_MS): Promise<T> {
  const check = boundFrom(what, limitMs);
  let out: T;
  try {
    out = await work();
  } catch (err) {
    check();
    throw err;
  }
  check();
  return out;
}

/**
 * The bound of a whole case whose input takes the harness real work to build (a tree edited and written back, a file
 * grown to a megabyte): the parse inside it is held to CASE_LIMIT_MS by timed()/timedAsync().
 */
export const HARNESS_LIMIT_MS = CASE_LIMIT_MS * 5;

// ---- byte mutations --------------------------------------------------------------------------------------------------

const enc = new TextEncoder();

/**
 * Byte strings that parsers treat specially: separators, quotes and brackets, the non-finite tokens Python writes,
 * numbers at the edges of float64 and of the safe integers, ANSI escapes and carriage returns, invalid UTF-8 (a lone
 * continuation byte, an encoded surrogate, a code point past U+10FFFF, an overlong form), a BOM, YAML anchors, aliases
 * and tags, prototype keys, and the magic numbers of the binary formats.
 */
const TOKENS: readonly Uint8Array[] = [
  ...['\n', '\r', '\r\n', '\0', ',', '\t', ' ', '"', "'", '\\', '{', '}', '[', ']', ':', '=', '-', '.', '#', '|', '/'],
  ...['NaN', 'Infinity', '-Infinity', 'nan', 'inf', '-inf', 'None', 'null', 'true', 'False', '1e308', '1e999', '-0', '0x1F', '9007199254740993', '-1', '4294967296', '1.5e-324'],
  ...['\x1b[31m', '\x1b[2K', '\x1b[', '\u2028', '\ufeff', '\u{1F600}', 'é', '\t\t\t\t'],
  ...['&a ', '*a', '!!binary ', '!!js/function ', '---\n', '- ', '? ', '%YAML 1.1\n', '<<: *a\n'],
  ...['__proto__', 'constructor', 'step', 'global_step', '_step', 'loss', 'epoch'],
  ...['{"a":', '[[[[', '{"step":1,"loss":', '"\\u', '"\\ud800"', 'Traceback (most recent call last):\n', '  File "x.py", line 1, in f\n'],
].map((t) => enc.encode(t));

const RAW_TOKENS: readonly Uint8Array[] = [
  Uint8Array.of(0x80),
  Uint8Array.of(0xc3),
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
  Uint8Array.of(0xc0, 0xaf),
  Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
  Uint8Array.of(0xff, 0xff, 0xff, 0xff),
  Uint8Array.of(0x00, 0x00, 0x00, 0x00),
  Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00),
  enc.encode('SQLite format 3\0'),
];

const ALL_TOKENS: readonly Uint8Array[] = [...TOKENS, ...RAW_TOKENS];

/** One edit. Positions are taken modulo the length of the bytes they apply to, so any plan fits any file. */
export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'set'; readonly at: number; readonly byte: number }
  /** A token from ALL_TOKENS, `times` times in a row (long repeats make long lines and deep nesting). */
  | { readonly op: 'insert'; readonly at: number; readonly token: number; readonly times: number }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  /** Copies `length` bytes from `at` to `to` (a repeated record, a duplicated header). */
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly op: 'truncate'; readonly at: number }
  /** Copies bytes of another seed file in (two fixtures spliced together). */
  | { readonly op: 'splice'; readonly at: number; readonly donor: number; readonly from: number; readonly length: number };

const position = fc.nat({ max: 0x7fffffff });

export function mutationArb(opts: { readonly maxRepeat?: number } = {}): fc.Arbitrary<Mutation> {
  const maxRepeat = opts.maxRepeat ?? 4096;
  return fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('set' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }), weight: 3 },
    {
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: position,
        token: fc.nat({ max: ALL_TOKENS.length - 1 }),
        times: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: maxRepeat }), weight: 1 }),
      }),
      weight: 4,
    },
    { arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 256 }) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 4096 }), to: position }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('splice' as const), at: position, donor: fc.nat(), from: position, length: fc.integer({ min: 1, max: 4096 }) }), weight: 1 },
  );
}

export function applyMutation(bytes: Uint8Array, m: Mutation, donors: readonly Uint8Array[] = []): Uint8Array {
  const n = bytes.length;
  const at = m.at % (n + 1);
  switch (m.op) {
    case 'flip':
    case 'set': {
      if (n === 0) return bytes;
      const out = bytes.slice();
      const i = m.at % n;
      out[i] = m.op === 'flip' ? (out[i] as number) ^ (1 << m.bit) : m.byte;
      return out;
    }
    case 'insert': {
      const token = ALL_TOKENS[m.token % ALL_TOKENS.length] as Uint8Array;
      return concatBytes([bytes.subarray(0, at), ...Array.from({ length: m.times }, () => token), bytes.subarray(at)]);
    }
    case 'delete':
      return concatBytes([bytes.subarray(0, at), bytes.subarray(Math.min(n, at + m.length))]);
    case 'duplicate': {
      const chunk = bytes.subarray(at, Math.min(n, at + m.length));
      const to = m.to % (n + 1);
      return concatBytes([bytes.subarray(0, to), chunk, bytes.subarray(to)]);
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'splice': {
      const donor = donors.length === 0 ? bytes : (donors[m.donor % donors.length] as Uint8Array);
      const from = m.from % (donor.length + 1);
      return concatBytes([bytes.subarray(0, at), donor.subarray(from, Math.min(donor.length, from + m.length)), bytes.subarray(at)]);
    }
  }
}

export function applyMutations(bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[] = []): Uint8Array {
  return ops.reduce((b, m) => applyMutation(b, m, donors), bytes);
}

// ---- text ----------------------------------------------------------------------------------------------------------

const dec = new TextDecoder();
const TEXT_TOKENS = TOKENS.map((t) => dec.decode(t));

/**
 * Any UTF-16 string: lone surrogates, controls, astral characters. Built from code units rather than with fast-check's
 * `unit: 'binary'`, whose first use builds Unicode tables for 1.5 s in every test worker.
 */
export function anyString(maxLength = 400): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 0x7f }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 0xffff }), weight: 2 },
    { arbitrary: fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfeff, 0xfffd, 0xffff, 0x2028, 0x1b, 0x0d, 0x00), weight: 1 },
  );
  const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));
  return fc.array(fc.oneof({ arbitrary: unit.map((c) => String.fromCharCode(c)), weight: 6 }, { arbitrary: astral, weight: 1 }), { maxLength }).map((parts) => parts.join(''));
}

/** Any string: arbitrary UTF-16 (lone surrogates included), printable text, or a mix of parser-significant tokens. */
export function textArb(maxLength = 400): fc.Arbitrary<string> {
  return fc.oneof(
    anyString(maxLength),
    fc.string({ maxLength }),
    fc.array(fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.string({ maxLength: 8 }), fc.double().map(String), fc.integer().map(String)), { maxLength: Math.ceil(maxLength / 4) }).map((p) => p.join('')),
  );
}

/** Pieces whose long repeats trip backtracking regexes and quadratic scans in line parsers. */
const REPEAT_UNITS = ['a', ' ', '0', '1.', '9', 'a.', 'A', 'Aa', '-', '=', ':', ': ', 'x=1 ', 'loss', 'loss: ', "'a': 1, ", '\t', '\\', '"', '{', '[', '\x1b[0m', '\r', 'é', '\u{1F600}', '| ', '[rank0]: ', 'Error', 'E', 'e1', '1e', '--'];

/**
 * A long adversarial line: a repeated unit, optionally after a prefix and before a tail that the repeats make the
 * regex or scanner retry (`'a'.repeat(1e5) + '!'` is the classic). `prefixes` adds the format's own line starts (a rule's
 * example line, cut short, is the best unit for a rule's regex).
 */
export function longLineArb(opts: { readonly maxChars?: number; readonly units?: readonly string[]; readonly prefixes?: readonly string[] } = {}): fc.Arbitrary<string> {
  const maxChars = opts.maxChars ?? 100_000;
  const units = [...REPEAT_UNITS, ...(opts.units ?? [])];
  const prefixes = ['', ...(opts.prefixes ?? [])];
  return fc
    .record({
      prefix: fc.constantFrom(...prefixes),
      unit: fc.oneof({ arbitrary: fc.constantFrom(...units), weight: 3 }, { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 1 }),
      fill: fc.double({ min: 0.05, max: 1, noNaN: true }),
      tail: fc.oneof(fc.constantFrom('', '!', '\u0000', 'x', '.', ':', ' 1', 'Error', '\x1b'), fc.string({ maxLength: 6 })),
    })
    .map(({ prefix, unit, fill, tail }) => prefix + unit.repeat(Math.max(1, Math.floor((maxChars * fill) / unit.length))) + tail);
}

// ---- JSON documents --------------------------------------------------------------------------------------------------

/** A parsed JSON document, Python-flavoured: numbers may be NaN or ±Infinity. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that stress what readers expect of a field: wrong types, non-finite and extreme numbers, deep nesting, long text. */
export function jsonValueArb(): fc.Arbitrary<Json> {
  const deep = fc
    .record({ depth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(1000, 5000, 12_000)), shape: fc.constantFrom<NestShape>('mixed', 'objects', 'lists'), leaf: fc.constantFrom<Json>([], {}, 1, 'x') })
    .map(({ depth, shape, leaf }) => nest(leaf, depth, shape));
  return fc.oneof(
    { arbitrary: fc.constantFrom<Json>(null, true, false, 0, -0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '', 'NaN', '1.5', 'step', [], {}), weight: 4 },
    { arbitrary: fc.double().map((x): Json => x), weight: 2 },
    { arbitrary: anyString(40).map((x): Json => x), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json), weight: 2 },
    { arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n): Json => 'x'.repeat(n)), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'step', 'loss', 'value', ''), fc.constantFrom<Json>(1, 'a', null, Number.NaN)).map((o): Json => o), weight: 1 },
    { arbitrary: deep, weight: 1 },
  );
}

type NestShape = 'mixed' | 'objects' | 'lists';

/** `depth` levels of lists, objects or both in turn; it prints as the call that made it (fast-check's printer recurses). */
function nest(leaf: Json, depth: number, shape: NestShape = 'mixed'): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = shape === 'lists' || (shape === 'mixed' && i % 2 === 0) ? [v] : { a: v };
  if (v !== null && typeof v === 'object') Object.defineProperty(v, fc.toStringMethod, { value: () => `nest(${JSON.stringify(leaf)}, ${depth}, '${shape}')`, enumerable: false });
  return v;
}

/** A deep copy without recursion (structuredClone overflows the stack at a few thousand levels). */
function cloneJson(v: Json): Json {
  if (v === null || typeof v !== 'object') return v;
  const rootCopy: Json = Array.isArray(v) ? [] : {};
  const stack: [Json, Json][] = [[v, rootCopy]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [Json, Json];
    if (Array.isArray(from) && Array.isArray(to)) {
      for (const x of from) {
        const c: Json = x !== null && typeof x === 'object' ? (Array.isArray(x) ? [] : {}) : x;
        to.push(c);
        if (c !== x) stack.push([x, c]);
      }
    } else if (from !== null && typeof from === 'object' && !Array.isArray(from) && to !== null && typeof to === 'object' && !Array.isArray(to)) {
      for (const k of Object.keys(from)) {
        const x = from[k] as Json;
        const c: Json = x !== null && typeof x === 'object' ? (Array.isArray(x) ? [] : {}) : x;
        setKey(to, k, c);
        if (c !== x) stack.push([x, c]);
      }
    }
  }
  return rootCopy;
}

/** One edit of a document: the node is chosen by its pre-order index (modulo the node count), so any edit fits any document. */
export type JsonEdit =
  | { readonly op: 'replace'; readonly node: number; readonly value: Json }
  | { readonly op: 'delete'; readonly node: number }
  | { readonly op: 'duplicate'; readonly node: number; readonly times: number }
  | { readonly op: 'rename'; readonly node: number; readonly key: string };

export function jsonEditArb(): fc.Arbitrary<JsonEdit> {
  const node = fc.nat({ max: 0x7fffffff });
  return fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('replace' as const), node, value: jsonValueArb() }), weight: 5 },
    { arbitrary: fc.record({ op: fc.constant('delete' as const), node }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('duplicate' as const), node, times: fc.integer({ min: 1, max: 200 }) }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('rename' as const), node, key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'step', '', 'log_history', 'results'), fc.string({ maxLength: 8 })) }), weight: 1 },
  );
}

type Slot = { readonly parent: Json[] | { [key: string]: Json }; readonly key: string | number };

/** Every non-root node's place, in pre-order (iterative: documents may be deep). */
function slotsOf(root: Json): Slot[] {
  const out: Slot[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const v = stack.pop() as Json;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        out.push({ parent: v, key: i });
        stack.push(v[i] as Json);
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v).reverse()) {
        out.push({ parent: v, key: k });
        stack.push(v[k] as Json);
      }
    }
  }
  return out;
}

function setKey(obj: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Nodes an edited document may reach: duplicating a 12,000-level value a hundred times made documents whose copying
 * and writing took the harness seconds, which the time bound then blamed on the parser.
 */
const MAX_EDITED_NODES = 200_000;

function nodeCount(v: Json): number {
  let n = 0;
  const stack: Json[] = [v];
  while (stack.length > 0) {
    const x = stack.pop() as Json;
    n++;
    if (Array.isArray(x)) stack.push(...x);
    else if (x !== null && typeof x === 'object') for (const k of Object.keys(x)) stack.push(x[k] as Json);
  }
  return n;
}

/** Applies the edits to a deep copy of `doc` (a duplication that would pass MAX_EDITED_NODES is skipped). */
export function applyJsonEdits(doc: Json, edits: readonly JsonEdit[]): Json {
  const root: Json[] = [cloneJson(doc)];
  for (const e of edits) {
    const slots = slotsOf(root);
    const slot = slots[e.node % slots.length];
    if (slot === undefined) continue;
    const { parent, key } = slot;
    const current = Array.isArray(parent) ? parent[key as number] : parent[key as string];
    if (current === undefined) continue;
    if (e.op === 'replace') {
      // A copy: the same value placed twice (or inside itself by a later edit) must not make a cycle.
      const value = cloneJson(e.value);
      if (Array.isArray(parent)) parent[key as number] = value;
      else setKey(parent, key as string, value);
    } else if (e.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (e.op === 'duplicate') {
      if (Array.isArray(parent) && slots.length + e.times * nodeCount(current) <= MAX_EDITED_NODES) parent.splice(key as number, 0, ...Array.from({ length: e.times }, () => cloneJson(current)));
    } else if (!Array.isArray(parent)) {
      delete parent[key as string];
      setKey(parent, e.key, current);
    }
  }
  return root[0] as Json;
}

/** JSON as Python's json.dumps writes it: NaN and ±Infinity as bare tokens (iterative: documents may be deep). */
export function pythonJson(v: Json, indent = 0): string {
  const parts: string[] = [];
  // Indentation stops growing at 32 levels: a deep document indented in full is quadratic in size.
  const pad = (d: number) => (indent > 0 ? `\n${' '.repeat(indent * Math.min(d, 32))}` : '');
  type Item = { readonly v: Json; readonly d: number } | string;
  const stack: Item[] = [{ v, d: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    const { v: x, d } = item;
    if (typeof x === 'number') parts.push(Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : JSON.stringify(x));
    else if (x === null || typeof x !== 'object') parts.push(JSON.stringify(x));
    else {
      const entries: [string | null, Json][] = Array.isArray(x) ? x.map((e) => [null, e]) : Object.keys(x).map((k) => [k, x[k] as Json]);
      const [open, close] = Array.isArray(x) ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) {
        parts.push(open + close);
        continue;
      }
      const todo: Item[] = [open];
      entries.forEach(([k, e], i) => {
        todo.push(`${i > 0 ? ',' : ''}${pad(d + 1)}${k === null ? '' : `${JSON.stringify(k)}: `}`);
        todo.push({ v: e, d: d + 1 });
      });
      todo.push(`${pad(d)}${close}`);
      for (let i = todo.length - 1; i >= 0; i--) stack.push(todo[i] as Item);
    }
  }
  return parts.join('');
}

/** Deep equality of two JSON values, NaN equal to NaN (iterative: documents may be deep). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [unknown, unknown];
    if (typeof x === 'number' && typeof y === 'number') {
      if (!(Object.is(x, y) || x === y)) return false;
      continue;
    }
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
      if (x !== y) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    for (const k of keys) {
      if (!Object.hasOwn(yo, k)) return false;
      stack.push([xo[k], yo[k]]);
    }
  }
  return true;
}
