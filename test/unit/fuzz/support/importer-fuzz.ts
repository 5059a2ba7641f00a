import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { scanSource } from '../../../../main/services/import-source';
import { RunStatus } from '../../../../shared/domain/run';
import { parseTolerantJson } from '../../../../shared/util/tolerant-json';
import type { Importer, RunSource } from '../../../../shared/importers/importer';
import type { ImportRecord } from '../../../../shared/importers/records';
import { cutIsVisible, kindOf } from '../../../helpers/cut-points';
import type { Json, JsonEdit, Mutation } from '../../../helpers/fuzz';
import { applyJsonEdits, applyMutations, fuzz, HARNESS_LIMIT_MS, jsonEditArb, mutationArb, pythonJson, timedAsync } from '../../../helpers/fuzz';
import { collect, seriesOf } from '../../../helpers/importers';
import { fixturesDir, hasRealdata, realdataDir } from '../../../helpers/paths';

/**
 * Importer-level fuzzing: a run found by the real scanner in the fixtures, one of its files mutated, read through the
 * importer's `parse`. Shared by the per-format fuzz tests; the per-format files add structure-aware mutations (valid
 * checksums around mutated payloads) and the format's own lower-level parsers.
 */

/** Files bigger than this are not mutated: one case must stay a few milliseconds. */
const MAX_SEED_BYTES = 512 * 1024;

export interface FuzzRun {
  readonly relPath: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly options?: Readonly<Record<string, string>>;
}

export interface FuzzTarget {
  readonly run: number;
  readonly file: string;
}

export interface Corpus {
  readonly runs: readonly FuzzRun[];
  /** Files that get mutated (every claimed file under MAX_SEED_BYTES, or those `isTarget` keeps). */
  readonly targets: readonly FuzzTarget[];
  /** The targets' bytes: splice donors. */
  readonly donors: readonly Uint8Array[];
}

/**
 * The runs `importer` claims in test/fixtures/<folder> for each folder, and with RUNLENS_FUZZ_REALDATA=1 in the real run
 * folders beside the checkout too (the nightly run's wider corpus).
 */
export async function loadCorpus(importer: Importer, folders: readonly string[], isTarget: (file: string) => boolean = () => true): Promise<Corpus> {
  const roots = folders.map((f) => path.join(fixturesDir, f));
  if (process.env.RUNLENS_FUZZ_REALDATA === '1' && hasRealdata) roots.push(...folders.map((f) => path.join(realdataDir, f)));
  const runs: FuzzRun[] = [];
  for (const root of roots) {
    let claims;
    try {
      ({ scan: { claims } } = await scanSource(root, [importer]));
    } catch {
      continue; // a realdata folder of that name may not exist
    }
    for (const claim of claims) {
      if (claim.importer.id !== importer.id) continue;
      const files = new Map(claim.files.map((f) => [f, new Uint8Array(readFileSync(path.join(root, f)))]));
      runs.push({ relPath: claim.relPath, files, ...(claim.options ? { options: claim.options } : {}) });
    }
  }
  const targets = runs.flatMap((r, run) => [...r.files].filter(([f, b]) => b.length <= MAX_SEED_BYTES && isTarget(f)).map(([file]) => ({ run, file })));
  const donors = targets.map((t) => runs[t.run]?.files.get(t.file) ?? new Uint8Array());
  return { runs, targets, donors };
}

/** The corpus with hand-made runs added (inputs that reach code the fixtures do not: hparams events, nested keys…). */
export function withRuns(corpus: Corpus, extra: readonly FuzzRun[]): Corpus {
  const runs = [...corpus.runs, ...extra];
  const added = extra.flatMap((r, k) => [...r.files].filter(([, b]) => b.length <= MAX_SEED_BYTES).map(([file]) => ({ run: corpus.runs.length + k, file })));
  const targets = [...corpus.targets, ...added];
  return { runs, targets, donors: targets.map((t) => runs[t.run]?.files.get(t.file) ?? new Uint8Array()) };
}

export function sourceOf(run: FuzzRun, replace: ReadonlyMap<string, Uint8Array> = new Map(), only?: readonly string[]): RunSource {
  const files = only ?? [...run.files.keys()];
  return {
    relPath: run.relPath,
    files,
    ...(run.options ? { options: run.options } : {}),
    async readFile(rel) {
      const b = replace.get(rel) ?? run.files.get(rel);
      if (b === undefined) throw new Error(`ENOENT: ${rel}`);
      return b;
    },
  };
}

/** Messages of the importers' last-resort catch: reaching one means a parser threw. */
export const CRASH_GUARD = /^(Could not finish reading this run|Import stopped early)/;
const STATUSES: ReadonlySet<string> = new Set(RunStatus.options);
const isConfigValue = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * What every record stream must satisfy, whatever the input: no crash-guard warning, warnings that name a file of the
 * run and an offset inside it (or null), series with as many values and wall times as steps, numbers where numbers are
 * due, resume points inside their file. `sizes`: each file's length as the importer saw it.
 */
export function expectRecordContract(recs: readonly ImportRecord[], src: RunSource, sizes: ReadonlyMap<string, number>): void {
  const known = new Set([...src.files, src.relPath]);
  for (const r of recs) {
    switch (r.kind) {
      case 'warning': {
        expect(r.message, 'crash guard reached: a parser threw').not.toMatch(CRASH_GUARD);
        expect(r.message.length, 'empty warning').toBeGreaterThan(0);
        expect(known.has(r.file), `warning names a file outside the run: ${r.file}`).toBe(true);
        if (r.offset !== null) {
          expect(Number.isSafeInteger(r.offset) && r.offset >= 0, `warning offset ${r.offset}`).toBe(true);
          const size = sizes.get(r.file);
          if (size !== undefined) expect(r.offset, `warning offset past the end of ${r.file}: ${r.message}`).toBeLessThanOrEqual(size);
        }
        break;
      }
      case 'scalars':
        expect(typeof r.metric).toBe('string');
        expect(r.values.length, `series ${r.metric}: values vs steps`).toBe(r.steps.length);
        if (r.wallTimesSec !== null) expect(r.wallTimesSec.length, `series ${r.metric}: wall times vs steps`).toBe(r.steps.length);
        break;
      case 'run-meta':
        if (r.status !== undefined) expect(STATUSES.has(r.status), `status ${r.status}`).toBe(true);
        for (const t of [r.wallStartSec, r.wallEndSec]) if (t !== undefined) expect(typeof t).toBe('number');
        break;
      case 'config':
        for (const [k, v] of Object.entries(r.entries)) expect(isConfigValue(v), `config ${k}`).toBe(true);
        break;
      case 'eval':
      case 'sweep-point':
        expect(typeof r.value, `${r.kind} ${r.task}/${r.metric}`).toBe('number');
        expect(r.stderr === null || typeof r.stderr === 'number').toBe(true);
        if (r.kind === 'sweep-point') expect(typeof r.alpha).toBe('number');
        break;
      case 'eval-sample':
        for (const [k, v] of Object.entries(r.metrics)) expect(typeof v, `sample metric ${k}`).toBe('number');
        expect(r.docId === null || typeof r.docId === 'number').toBe(true);
        for (const s of [r.task, r.filter, r.target, r.prompt, r.response]) expect(typeof s).toBe('string');
        break;
      case 'log-lines':
        expect(Number.isSafeInteger(r.firstLine) && r.firstLine >= 1, `firstLine ${r.firstLine}`).toBe(true);
        for (const l of r.lines) expect(typeof l).toBe('string');
        break;
      case 'resume-point': {
        const size = sizes.get(r.file);
        expect(Number.isSafeInteger(r.offset) && r.offset >= 0, `resume offset ${r.offset}`).toBe(true);
        if (size !== undefined) expect(r.offset, `resume point past the end of ${r.file}`).toBeLessThanOrEqual(size);
        break;
      }
      case 'checkpoint':
        expect(typeof r.path).toBe('string');
        expect(r.step === null || typeof r.step === 'number').toBe(true);
        break;
    }
  }
}

/** Reads `run` with `replace`d files and checks the record contract; returns the records. */
export async function readChecked(importer: Importer, run: FuzzRun, replace: ReadonlyMap<string, Uint8Array>, only?: readonly string[]): Promise<ImportRecord[]> {
  const src = sourceOf(run, replace, only);
  const sizes = new Map(src.files.map((f) => [f, (replace.get(f) ?? run.files.get(f))?.length ?? 0]));
  const recs = await timedAsync(`${importer.id} parse of ${src.files.length} files`, () => collect(importer, src));
  expectRecordContract(recs, src, sizes);
  return recs;
}

export interface MutationCase {
  readonly target: number;
  readonly ops: readonly Mutation[];
}

export function mutationCaseArb(corpus: Corpus, opts: { readonly maxOps?: number; readonly maxRepeat?: number } = {}): fc.Arbitrary<MutationCase> {
  return fc.record({ target: fc.nat({ max: Math.max(0, corpus.targets.length - 1) }), ops: fc.array(mutationArb(opts), { minLength: 1, maxLength: opts.maxOps ?? 4 }) });
}

/** Property (1): any run of the corpus with one file's bytes mutated reads without an exception, in time, within the record contract. */
export async function fuzzMutatedRuns(importer: Importer, corpus: Corpus, opts: { readonly weight?: number; readonly maxRepeat?: number; readonly transform?: (file: string, bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]) => Uint8Array } = {}): Promise<void> {
  expect(corpus.targets.length, 'no fixture files to mutate').toBeGreaterThan(0);
  const mutate = opts.transform ?? ((_f: string, b: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]) => applyMutations(b, ops, donors));
  await fuzz(
    mutationCaseArb(corpus, opts),
    async ({ target, ops }) => {
      const t = corpus.targets[target] as FuzzTarget;
      const run = corpus.runs[t.run] as FuzzRun;
      const bytes = mutate(t.file, run.files.get(t.file) ?? new Uint8Array(), ops, corpus.donors);
      await readChecked(importer, run, new Map([[t.file, bytes]]));
    },
    { weight: opts.weight ?? 1, limitMs: HARNESS_LIMIT_MS },
  );
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Whether `part`'s points are the first points of `whole`. */
export function isPrefixSeries(part: { steps: number[]; values: number[] }, whole: { steps: number[]; values: number[] }): boolean {
  if (part.steps.length > whole.steps.length) return false;
  for (let i = 0; i < part.steps.length; i++) {
    if (!same(part.steps[i] as number, whole.steps[i] as number) || !same(part.values[i] as number, whole.values[i] as number)) return false;
  }
  return true;
}

const keyJson = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
/**
 * What a cut must not lose: an eval number (as the truncation contract test keys it; metadata such as higher_is_better
 * may sit later in the file and legitimately appear only in a longer cut) or a sample's identity and scores.
 */
const evalKey = (r: ImportRecord) =>
  r.kind === 'eval' ? keyJson([r.file, r.task, r.metric, r.filter, r.value, r.stderr]) : r.kind === 'eval-sample' ? keyJson([r.file, r.task, r.filter, r.docId, r.docHash, r.metrics]) : null;

/**
 * Property (2), valid prefix kept: a file read alone (optionally mutated first) and cut at two points; every series of
 * the shorter cut is a prefix of the same series of the longer cut, and every eval number and sample of the shorter cut
 * is one the longer cut also has. Cut points are biased towards the format's record ends (test/helpers/cut-points.ts).
 * `mutate`: also mutate before cutting (damage inside the kept part must not make a longer cut lose points).
 */
export async function fuzzPrefixKept(importer: Importer, corpus: Corpus, opts: { readonly weight?: number; readonly mutate?: boolean; readonly transform?: (file: string, bytes: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]) => Uint8Array } = {}): Promise<void> {
  expect(corpus.targets.length, 'no fixture files to cut').toBeGreaterThan(0);
  const mutate = opts.transform ?? ((_f: string, b: Uint8Array, ops: readonly Mutation[], donors: readonly Uint8Array[]) => applyMutations(b, ops, donors));
  const arb = fc.record({
    target: fc.nat({ max: corpus.targets.length - 1 }),
    ops: opts.mutate ? fc.array(mutationArb({ maxRepeat: 64 }), { minLength: 1, maxLength: 3 }) : fc.constant([]),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  await fuzz(
    arb,
    async ({ target, ops, a, b }) => {
      const t = corpus.targets[target] as FuzzTarget;
      const run = corpus.runs[t.run] as FuzzRun;
      const original = run.files.get(t.file) ?? new Uint8Array();
      const bytes = ops.length === 0 ? original : mutate(t.file, original, ops, corpus.donors);
      const [lo, hi] = [Math.floor(Math.min(a, b) * (bytes.length + 1)), Math.floor(Math.max(a, b) * (bytes.length + 1))].map((c) => Math.min(c, bytes.length)) as [number, number];
      const shorter = await readChecked(importer, run, new Map([[t.file, bytes.subarray(0, lo)]]), [t.file]);
      const longer = await readChecked(importer, run, new Map([[t.file, bytes.subarray(0, hi)]]), [t.file]);
      const longSeries = seriesOf(longer);
      for (const [name, s] of seriesOf(shorter)) {
        const l = longSeries.get(name) ?? { steps: [], values: [] };
        expect(isPrefixSeries(s, l), `${t.file}: series ${name} cut at ${lo} (${s.steps.length} points) is not a prefix of the cut at ${hi} (${l.steps.length} points)`).toBe(true);
      }
      const longEvals = new Set(longer.map(evalKey));
      for (const r of shorter) {
        const k = evalKey(r);
        if (k !== null) expect(longEvals.has(k), `${t.file}: ${r.kind} kept at cut ${lo} but lost at ${hi}: ${k.slice(0, 300)}`).toBe(true);
      }
      // A cut that leaves visible damage is reported, naming the file (cut-points.ts knows where a cut cannot be seen).
      const kind = kindOf(t.file, original);
      if (ops.length === 0 && kind !== null && kind !== 'yaml' && kind !== 'value' && cutIsVisible(kind, bytes, lo) && lo > 0) {
        const named = shorter.filter((r) => r.kind === 'warning' && r.file === t.file);
        expect(named.length, `${t.file} cut at ${lo} of ${bytes.length}: no warning names the file`).toBeGreaterThan(0);
      }
    },
    { weight: opts.weight ?? 1, limitMs: HARNESS_LIMIT_MS },
  );
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * A JSON file (or one line of a JSON Lines file, chosen by the first edit) parsed, edited as a tree (wrong types,
 * non-finite and extreme numbers, deep nesting, long strings, prototype keys: see jsonValueArb) and written back as
 * Python writes it. Null when the file (or line) is not JSON to begin with.
 */
export function editJsonFile(file: string, bytes: Uint8Array, edits: readonly JsonEdit[]): Uint8Array | null {
  const text = dec.decode(bytes);
  const parse = (t: string): Json | null => {
    try {
      return parseTolerantJson(t) as Json;
    } catch {
      return null;
    }
  };
  let out: string;
  if (!file.endsWith('.jsonl')) {
    const doc = parse(text);
    if (doc === null) return null;
    out = pythonJson(applyJsonEdits(doc, edits), 2);
  } else {
    const lines = text.split('\n');
    const k = (edits[0]?.node ?? 0) % Math.max(1, lines.length);
    const doc = parse(lines[k] ?? '');
    if (doc === null) return null;
    lines[k] = pythonJson(applyJsonEdits(doc, edits));
    out = lines.join('\n');
  }
  // Deep values duplicated many times make files of tens of megabytes, which read slowly for their size alone.
  return out.length > MAX_EDITED_CHARS ? null : enc.encode(out);
}

const MAX_EDITED_CHARS = 2_000_000;

const isJsonFile = (f: string) => f.endsWith('.json') || f.endsWith('.jsonl');

/** Property (1) for JSON formats: runs with one JSON file edited as a tree read without an exception, in time, within the record contract. */
export async function fuzzJsonEditedRuns(importer: Importer, corpus: Corpus, opts: { readonly weight?: number } = {}): Promise<void> {
  const targets = corpus.targets.filter((t) => isJsonFile(t.file));
  expect(targets.length, 'no JSON fixture files to edit').toBeGreaterThan(0);
  await fuzz(
    fc.record({ target: fc.nat({ max: targets.length - 1 }), edits: fc.array(jsonEditArb(), { minLength: 1, maxLength: 4 }) }),
    async ({ target, edits }) => {
      const t = targets[target] as FuzzTarget;
      const run = corpus.runs[t.run] as FuzzRun;
      const bytes = editJsonFile(t.file, run.files.get(t.file) ?? new Uint8Array(), edits);
      if (bytes !== null) await readChecked(importer, run, new Map([[t.file, bytes]]));
    },
    { weight: opts.weight ?? 1, limitMs: HARNESS_LIMIT_MS },
  );
}

/** `bytes` made about `size` long: the first line kept as a header, the rest repeated (rows, records, log lines). */
export function grow(bytes: Uint8Array, size: number): Uint8Array {
  const nl = bytes.indexOf(0x0a);
  const head = nl < 0 ? new Uint8Array() : bytes.subarray(0, nl + 1);
  const body = nl < 0 ? bytes : bytes.subarray(nl + 1);
  if (body.length === 0) return bytes;
  const times = Math.max(1, Math.ceil((size - head.length) / body.length));
  const out = new Uint8Array(head.length + body.length * times);
  out.set(head);
  for (let i = 0; i < times; i++) out.set(body, head.length + i * body.length);
  return out;
}

/**
 * Super-linear work shows only on big inputs, and fixtures are small: a mutated file grown to about a megabyte (its
 * body repeated) must still read within the case bound. Found a quadratic CSV reader (a stray quote made every later
 * line re-split the whole open record).
 */
export async function fuzzGrownRuns(importer: Importer, corpus: Corpus, opts: { readonly weight?: number; readonly isTarget?: (file: string) => boolean; readonly bytes?: number } = {}): Promise<void> {
  const targets = corpus.targets.filter((t) => (opts.isTarget ?? (() => true))(t.file));
  expect(targets.length, 'no fixture files to grow').toBeGreaterThan(0);
  await fuzz(
    fc.record({ target: fc.nat({ max: targets.length - 1 }), ops: fc.array(mutationArb({ maxRepeat: 64 }), { maxLength: 3 }) }),
    async ({ target, ops }) => {
      const t = targets[target] as FuzzTarget;
      const run = corpus.runs[t.run] as FuzzRun;
      const bytes = grow(applyMutations(run.files.get(t.file) ?? new Uint8Array(), ops, corpus.donors), opts.bytes ?? 1 << 20);
      await readChecked(importer, run, new Map([[t.file, bytes]]));
    },
    { weight: opts.weight ?? 0.2, limitMs: HARNESS_LIMIT_MS },
  );
}
