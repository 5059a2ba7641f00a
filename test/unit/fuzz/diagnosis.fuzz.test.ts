import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../../main/importers/raw-log/clean-line';
import { parseTime, progressStep, splitPrefix, stageMarker, stepInLine } from '../../../shared/analysis/diagnosis/attribute';
import type { LogFile } from '../../../shared/analysis/diagnosis/diagnose';
import { diagnoseLogs } from '../../../shared/analysis/diagnosis/diagnose';
import { computeGoodput } from '../../../shared/analysis/diagnosis/goodput';
import { compileRule, renderMessage, RULES } from '../../../shared/analysis/diagnosis/rules';
import { savedCheckpointSteps } from '../../../shared/analysis/diagnosis/saved-checkpoints';
import { applyMutations, fuzz, FUZZ_TIMEOUT_MS, longLineArb, mutationArb, textArb, timed, withWatchdog } from '../../helpers/fuzz';
import { fixturesDir } from '../../helpers/paths';

/**
 * Failure diagnosis over stored log lines (shared/analysis/diagnosis/): every rule's regex runs on every line, then
 * attribution (prefixes, times, steps, stages), traceback pairing, hang detection and root-cause ranking. Log lines are
 * untrusted and long (up to 64 KiB stored, W&B console lines uncapped), so each rule is fed long lines built from its
 * own example matches: a matching head repeated without the tail it waits for is how a regex backtracks.
 */

const logDir = path.join(fixturesDir, 'raw-log');
function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const abs = path.join(dir, n);
    return statSync(abs).isDirectory() ? logFiles(abs) : /\.(log|txt|out)$/.test(n) ? [abs] : [];
  });
}
const FIXTURE_LOGS = logFiles(logDir)
  .map((f) => new Uint8Array(readFileSync(f)))
  .filter((b) => b.length < 256 * 1024);

const EXAMPLES = RULES.flatMap((r) => [...r.examples.match, ...r.examples.noMatch]);
/** Every example line cut at a few places: the heads a rule's regex starts matching and then has to give up. */
const HEADS = [...new Set(EXAMPLES.flatMap((e) => [e, e.slice(0, Math.ceil(e.length / 2)), e.slice(0, Math.ceil(e.length * 0.8)), `${e} `]))];
const COMPILED = RULES.map((rule) => ({ rule, re: compileRule(rule) }));

const lineArb = fc.oneof(
  { arbitrary: textArb(300), weight: 2 },
  { arbitrary: fc.constantFrom(...EXAMPLES), weight: 3 },
  { arbitrary: fc.record({ rank: fc.nat({ max: 5000 }), line: fc.constantFrom(...EXAMPLES, 'Traceback (most recent call last):', '  File "train.py", line 10, in main', ' iteration      12/     100 | lm loss: 1.0E+00 |') }).map(({ rank, line }) => `[rank${rank}]: ${line}`), weight: 2 },
  { arbitrary: longLineArb({ maxChars: 70_000, units: HEADS, prefixes: HEADS }), weight: 1 },
);

/** Whitespace and plain characters: a long run of them is what a lookbehind or a `\\s*` rescans. */
const PLAIN_UNITS = [' ', '\r', '\n', '\t', 'a', 'A', '.', '0', ': ', '-'];

/** A rule's own example lines cut into pieces: the start of a match, or its middle, to repeat along a line. */
function ownUnits(index: number): string[] {
  const r = (COMPILED[index] as (typeof COMPILED)[number]).rule;
  return [...r.examples.match, ...r.examples.noMatch].flatMap((ex) =>
    [1, 2, 3, 4].flatMap((k) => [ex.slice(0, Math.ceil((ex.length * k) / 4)), ex.slice(Math.floor((ex.length * (k - 1)) / 4))]).filter((u) => u !== ''),
  );
}

describe('diagnosis fuzz', () => {
  it('every rule, on a 64 KiB line repeating any piece of its own examples, answers within 100 ms', () => {
    const slow: string[] = [];
    COMPILED.forEach(({ rule, re }, i) => {
      for (const unit of new Set([...ownUnits(i), ...PLAIN_UNITS])) {
        const line = unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536);
        const started = performance.now();
        re.exec(line);
        const ms = performance.now() - started;
        if (ms > 100) slow.push(`${rule.id} ${Math.round(ms)} ms on ${JSON.stringify(unit)} repeated`);
      }
    });
    expect(slow).toEqual([]);
  });

  it('every rule regex runs on long lines built from its own examples (and others) within the bound', async () => {
    const arb = fc.nat({ max: COMPILED.length - 1 }).chain((rule) => fc.record({ rule: fc.constant(rule), line: longLineArb({ maxChars: 100_000, units: [...ownUnits(rule), ...HEADS.slice(0, 40)], prefixes: ownUnits(rule) }) }));
    await fuzz(
      arb,
      ({ rule, line }) => {
        const { rule: r, re } = COMPILED[rule] as (typeof COMPILED)[number];
        const m = timed(`rule ${r.id}`, () => re.exec(line), 1000);
        if (m) renderMessage(r.message, Object.fromEntries(Object.entries(m.groups ?? {}).filter((e): e is [string, string] => e[1] !== undefined)));
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('attribution takes any line in time', async () => {
    await fuzz(
      lineArb,
      (line) => {
        const p = splitPrefix(line);
        expect(p.rank === null || Number.isFinite(p.rank)).toBe(true);
        const t = parseTime(p.body);
        expect(t === null || typeof t.ms === 'number').toBe(true);
        progressStep(p.body);
        stepInLine(p.body);
        stageMarker(p.body);
        savedCheckpointSteps([line]);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('diagnoseLogs takes any files of any lines in time, and every event points inside its file', async () => {
    await fuzz(
      fc.array(fc.record({ lines: fc.array(lineArb, { maxLength: 40 }), firstLine: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 3 }),
      (specs) => {
        const files: LogFile[] = specs.map((s, i) => ({ file: `rank${i}.log`, lines: s.lines, firstLine: s.firstLine }));
        const events = diagnoseLogs(files);
        for (const e of events) {
          const f = files.find((x) => x.file === e.file);
          expect(f, `event in unknown file ${e.file}`).toBeDefined();
          if (f) {
            expect(e.line).toBeGreaterThanOrEqual(f.firstLine);
            expect(e.line).toBeLessThan(f.firstLine + Math.max(1, f.lines.length));
          }
        }
        expect(events.filter((e) => e.root).length).toBeLessThanOrEqual(1);
      },
      { weight: 2 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('diagnoseLogs on mutated fixture logs runs in time', async () => {
    await fuzz(
      fc.record({ seed: fc.nat({ max: FIXTURE_LOGS.length - 1 }), ops: fc.array(mutationArb(), { maxLength: 4 }) }),
      ({ seed, ops }) => {
        const text = new TextDecoder().decode(applyMutations(FIXTURE_LOGS[seed] as Uint8Array, ops, FIXTURE_LOGS));
        const lines = text.split('\n').map(cleanLine);
        diagnoseLogs([{ file: 'train.log', lines, firstLine: 1 }]);
        savedCheckpointSteps(lines);
      },
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a long log of many ranks, tracebacks and progress lines is diagnosed in time', async () => {
    await fuzz(
      fc.record({ n: fc.integer({ min: 1000, max: 20_000 }), kinds: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 6 }) }),
      ({ n, kinds }) => {
        const shapes = [
          (i: number) => `[rank${i}]: Traceback (most recent call last):`,
          (i: number) => ` iteration ${i}/ 100000 | lm loss: 1.0E+00 | elapsed time per iteration (ms): 100.0 |`,
          (i: number) => `[rank${i % 64}]: RuntimeError: CUDA error: an illegal memory access was encountered (${i})`,
          (i: number) => `2024-05-01 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} heartbeat`,
          (i: number) => `(WorkerDict pid=${i}, ip=10.0.0.${i % 255}) step:${i} - loss:0.5`,
          (i: number) => `  File "train.py", line ${i}, in step`,
        ];
        const lines = Array.from({ length: n }, (_, i) => (shapes[kinds[i % kinds.length] as number] as (i: number) => string)(i));
        diagnoseLogs([{ file: 'train.log', lines, firstLine: 1 }]);
      },
      { weight: 0.2 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('goodput takes any points and checkpoint steps', async () => {
    const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308));
    await fuzz(
      fc.record({ points: fc.array(fc.record({ step: num, wall: fc.option(num) }), { maxLength: 200 }), checkpointSteps: fc.array(num, { maxLength: 20 }) }),
      (input) => {
        const g = computeGoodput(input);
        expect(Array.isArray(g.attempts)).toBe(true);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('diagnosis fuzz regressions', () => {
  // Found by the per-rule scan: two greedy `.*` from every `slurmstepd: ` took 100 s on one 64 KiB line.
  it('the Slurm node-failure rule answers a 64 KiB repeated head in time and still reads the real line', async () => {
    const rule = COMPILED.find((c) => c.rule.id === 'slurm-node-fail');
    expect(rule).toBeDefined();
    const line = 'slurmstepd: error: *** JOB 1234 ON n'.repeat(1820);
    expect(await withWatchdog('slurm rule', () => timed('slurm rule', () => rule?.re.exec(line), 200))).toBeNull();
    const real = rule?.re.exec('slurmstepd: error: *** JOB 1234 ON node12 CANCELLED AT 2022-07-10T10:00:00 DUE TO NODE FAILURE, SEE SLURMCTLD LOG FOR DETAILS ***');
    expect(real?.groups).toMatchObject({ job: '1234', at: '2022-07-10T10:00:00' });
  });

  // Found by the long-log property: a traceback left open on each of thousands of ranks re-read the log from the start
  // for each one (quadratic: 2,400 lines took 2.7 s).
  it('20,000 ranks each leaving a traceback open are diagnosed in time, with the stage and step where each began', async () => {
    const lines = [' iteration        7/     100 | lm loss: 1.0E+00 |', ...Array.from({ length: 20_000 }, (_, i) => `[rank${i}]: Traceback (most recent call last):`)];
    const events = await withWatchdog('open tracebacks', () => timed('diagnose', () => diagnoseLogs([{ file: 'train.log', lines, firstLine: 1 }])));
    expect(events.length).toBe(20_000);
    expect(events.every((e) => e.step === 7 && e.stage === 'training')).toBe(true);
  });
});
