import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importers } from '../../main/importers/registry';
import type { RunData } from '../../main/services/read-run';
import { readRun } from '../../main/services/read-run';
import { scanSource } from '../../main/services/import-source';
import type { RunClaim } from '../../main/services/scan';
import type { RunSource } from '../../shared/importers/importer';
import type { FileKind } from '../helpers/cut-points';
import { cutIsVisible, damageStart, kindOf, recordEnds } from '../helpers/cut-points';
import { fixturesDir } from '../helpers/paths';

/**
 * Issue acceptance: "Truncating any fixture file (tfevents, .wandb, jsonl, csv, SQLite) at any byte never crashes or
 * hangs the import; the valid prefix is kept and a warning names the file and offset."
 *
 * Every folder of test/fixtures is scanned by the real scanner with every importer, as a user's library would be. For
 * every file of every claimed run, fast-check picks cut points (plus 0, 1, size-1 and both sides of record ends) and the
 * run is read through readRun with that one file cut. Per cut:
 * 1. the read finishes within READ_LIMIT_MS (this catches an async stall; a synchronous endless loop cannot be
 *    interrupted in-process and would hang the run) and no importer hits its crash guard (a crash-guard warning the
 *    whole read lacks);
 * 2. when the cut leaves visible damage (see cutIsVisible for the formats and cut points where it cannot) in a file whose
 *    content the import uses (emptying it, or this cut, changes the run's data: W&B's files/ copies, for one, are only
 *    fallbacks for what the .wandb log lacks), a warning names the file, with an offset between the last whole
 *    record's end and the cut, or null only for the kinds in NULL_OFFSET_OK;
 * 3. every metric series is the whole read's series with one contiguous run of points removed (the cut file's lost
 *    tail: a plain prefix when the cut file is the run's last or only source of that series; takesOver lists the one
 *    exception), no series appears that the whole read lacks, and every eval number is one the whole read also has.
 * Cuts come in pairs, and 4. the shorter cut's read is the longer one's less one contiguous run (what a longer file
 * holds is never lost: a reader that drops a damaged file's good records would pass 3 alone).
 *
 * This supersedes the per-format line suites (test/unit/importers/*-truncation.test.ts) for breadth; they remain for
 * their exhaustive every-offset sweep of the line formats.
 */

const READ_LIMIT_MS = 5000;

/**
 * Kinds whose warning may carry a null offset, and why:
 * - json: a JSON document is parsed as a whole; where the text stops is the end of the file, and a tolerant reader that
 *   keeps what was written in full can only say that the document is unfinished;
 * - yaml, value: no cut owes a warning; an importer that still warns (a YAML parser error) has no record offset.
 * Not sqlite: the page where a database file stops is known (its header gives the page size and count).
 */
const NULL_OFFSET_OK: ReadonlySet<FileKind> = new Set(['json', 'yaml', 'value']);

/**
 * Files whose cut can hand a series to another file of the run, so a series may instead be the read without the cut
 * file less one contiguous run:
 * - hf-trainer trainer_state.json in a run with several: the newest readable state gives the series, a cut before
 *   `global_step` demotes it, and an older checkpoint's history need not be a prefix of the newer one
 *   (edge-cases/diverged: resumed with other data).
 */
function takesOver(claim: RunClaim, file: string): boolean {
  const isState = (f: string) => f === 'trainer_state.json' || f.endsWith('/trainer_state.json');
  return claim.importer.id === 'hf-trainer' && isState(file) && claim.files.filter(isState).length > 1;
}

/** Messages of the importers' and readRun's last-resort catch: reaching them means a parser threw. */
const CRASH_GUARD = /^(Import stopped early|Could not finish reading)/;

/**
 * Cuts per file: whole-file reads of big files cost tens of milliseconds, and the suite must stay well under a minute.
 * RUNLENS_TRUNCATION_SCALE multiplies them for a deeper local sweep.
 */
const SCALE = Math.max(1, Number(process.env.RUNLENS_TRUNCATION_SCALE) || 1);
function numRunsFor(size: number): number {
  if (size <= 4096) return 40 * SCALE;
  if (size <= 65536) return 20 * SCALE;
  if (size <= 2 * 1024 * 1024) return 8 * SCALE;
  return 2 * SCALE;
}

interface Case {
  readonly folder: string;
  readonly claim: RunClaim;
  readonly file: string;
}

const folders = readdirSync(fixturesDir, { withFileTypes: true })
  // expected/: labels and outputs; xss/: the XSS corpus (payload strings the e2e spec writes into a library).
  .filter((d) => d.isDirectory() && d.name !== 'expected' && d.name !== 'xss')
  .map((d) => d.name)
  .sort();

async function withinLimit<T>(work: (signal: AbortSignal) => Promise<T>, what: string): Promise<T> {
  const ctl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctl.abort();
      reject(new Error(`${what}: no result within ${READ_LIMIT_MS} ms`));
    }, READ_LIMIT_MS);
  });
  try {
    return await Promise.race([work(ctl.signal), limit]);
  } finally {
    clearTimeout(timer);
  }
}

function source(claim: RunClaim, bytesOf: ReadonlyMap<string, Uint8Array>, read: Set<string>): RunSource {
  return {
    relPath: claim.relPath,
    files: claim.files,
    async readFile(rel) {
      const b = bytesOf.get(rel);
      if (!b) throw new Error(`ENOENT: ${rel}`);
      read.add(rel);
      // A copy: an importer that writes into its buffer must not change the next cut's bytes.
      return b.slice();
    },
  };
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Whether `part` is `whole` with one contiguous run of points removed (a prefix when the run is the tail). */
function isWholeLessOneRun(part: { steps: number[]; values: number[] }, whole: { steps: number[]; values: number[] }): boolean {
  const n = part.steps.length;
  const m = whole.steps.length;
  if (n > m) return false;
  const eq = (i: number, j: number) => same(part.steps[i] ?? Number.NaN, whole.steps[j] ?? Number.NaN) && same(part.values[i] ?? Number.NaN, whole.values[j] ?? Number.NaN);
  let head = 0;
  while (head < n && eq(head, head)) head++;
  let tail = 0;
  while (tail < n - head && eq(n - 1 - tail, m - 1 - tail)) tail++;
  return head + tail >= n;
}

const seriesOf = (run: RunData) => new Map([...run.series].map(([name, s]) => [name, { steps: [...s.steps.view()], values: [...s.values.view()] }]));
const evalKey = (e: RunData['evals'][number]) => JSON.stringify([e.file, e.task, e.metric, e.filter, e.value, e.stderr]);
/** Everything a read produced but its warnings, comparable (non-finite numbers kept apart from null). */
const contentOf = (run: RunData) =>
  JSON.stringify({ ...run, warnings: [], series: [...seriesOf(run)] }, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));

describe('truncating any fixture file at any byte', async () => {
  const cases: Case[] = [];
  for (const folder of folders) {
    const { scan } = await scanSource(path.join(fixturesDir, folder), importers);
    for (const claim of scan.claims) for (const file of claim.files) cases.push({ folder, claim, file });
  }

  it('finds runs of every fixture folder', () => {
    expect(new Set(cases.map((c) => c.folder))).toEqual(new Set(folders));
  });

  it('knows the framing of every claimed file', () => {
    const unknown = cases.filter((c) => kindOf(c.file, readFileSync(path.join(fixturesDir, c.folder, c.file))) === null);
    expect(unknown.map((c) => `${c.folder}/${c.file}`)).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.folder}/${c.file} (${c.claim.importer.id})`, c] as const))('%s', async (_, { folder, claim, file }) => {
    const root = path.join(fixturesDir, folder);
    const whole = new Map(claim.files.map((f) => [f, new Uint8Array(readFileSync(path.join(root, f)))]));
    const bytes = whole.get(file) ?? new Uint8Array();
    const kind = kindOf(file, bytes);
    if (kind === null) return; // reported by the test above
    const size = bytes.length;
    if (size === 0) return; // nothing to cut

    const full = await withinLimit((signal) => readRun(claim.importer, source(claim, whole, new Set()), signal), 'whole read');
    const fullSeries = seriesOf(full);
    const fullEvals = new Set(full.evals.map(evalKey));
    const fullCrashes = full.warnings.filter((w) => CRASH_GUARD.test(w.message)).length;
    const withoutFile = new Map(whole).set(file, new Uint8Array());
    const without = await withinLimit((signal) => readRun(claim.importer, source(claim, withoutFile, new Set()), signal), 'read without the file');
    const fullContent = contentOf(full);
    const isUsed = contentOf(without) !== fullContent;
    const withoutSeries = seriesOf(without);

    const ends = recordEnds(kind, bytes);
    const near = [...new Set(ends.flatMap((e) => [e - 1, e, e + 1]))].filter((c) => c >= 0 && c < size);
    const cutArb = near.length > 0 ? fc.oneof(fc.integer({ min: 0, max: size - 1 }), fc.constantFrom(...near)) : fc.integer({ min: 0, max: size - 1 });
    const fixed: [[number, number]][] = [[[0, 1]], [[1, size - 1]], [[0, size - 1]]];

    const readCut = async (cut: number): Promise<RunData> => {
      const at = `${file} cut at ${cut} of ${size}`;
      const read = new Set<string>();
      const cutFiles = new Map(whole).set(file, bytes.subarray(0, cut));
      const run = await withinLimit((signal) => readRun(claim.importer, source(claim, cutFiles, read), signal), at);

      // 1. No crash.
      const crashes = run.warnings.filter((w) => CRASH_GUARD.test(w.message));
      expect(crashes.length, `${at}: ${crashes.map((w) => w.message).join('; ')}`).toBeLessThanOrEqual(fullCrashes);

      // 2. A warning names the file and where the damage starts; none points past the file's end.
      const pastEnd = run.warnings.filter((w) => w.file === file && w.offset !== null && w.offset > cut);
      expect(pastEnd, `${at}: warnings past the end of the file`).toEqual([]);
      if ((isUsed || contentOf(run) !== fullContent) && read.has(file) && cutIsVisible(kind, bytes, cut)) {
        const mine = run.warnings.filter((w) => w.file === file);
        expect(mine.length, `${at}: no warning names the file`).toBeGreaterThan(0);
        const from = damageStart(kind, bytes, cut);
        const placed = mine.some((w) => (w.offset === null ? NULL_OFFSET_OK.has(kind) : w.offset >= from && w.offset <= cut));
        expect(placed, `${at}: no warning offset in [${from}, ${cut}]: ${JSON.stringify(mine)}`).toBe(true);
      }

      // 3. The valid prefix is kept, nothing is invented.
      for (const [name, s] of seriesOf(run)) {
        const w = fullSeries.get(name);
        const fallback = takesOver(claim, file) ? withoutSeries.get(name) : undefined;
        expect(w ?? fallback, `${at}: series ${name} not in the whole read`).toBeDefined();
        const ok = (w !== undefined && isWholeLessOneRun(s, w)) || (fallback !== undefined && isWholeLessOneRun(s, fallback));
        expect(ok, `${at}: series ${name} is not the whole read's less its cut tail`).toBe(true);
      }
      for (const e of run.evals) expect(fullEvals.has(evalKey(e)), `${at}: eval ${evalKey(e)} not in the whole read`).toBe(true);
      return run;
    };

    await fc.assert(
      fc.asyncProperty(fc.tuple(cutArb, cutArb), async ([x, y]) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const shorter = await readCut(a);
        const longer = await readCut(b);
        if (takesOver(claim, file)) return;
        const longerSeries = seriesOf(longer);
        for (const [name, s] of seriesOf(shorter)) {
          const l = longerSeries.get(name) ?? { steps: [], values: [] };
          expect(isWholeLessOneRun(s, l), `${file}: series ${name} cut at ${a} is not the cut at ${b} less a run (${s.steps.length} vs ${l.steps.length} points)`).toBe(true);
        }
        const longerEvals = new Set(longer.evals.map(evalKey));
        for (const e of shorter.evals) expect(longerEvals.has(evalKey(e)), `${file}: eval ${evalKey(e)} kept at ${a} but lost at ${b}`).toBe(true);
      }),
      { numRuns: Math.ceil(numRunsFor(size) / 2), examples: fixed },
    );
  });
});
