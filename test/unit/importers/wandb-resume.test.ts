import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wandbImporter } from '../../../main/importers/wandb';
import { encodeLog, items } from '../../../main/importers/wandb/encode';
import type { RecordSpec } from '../../../main/importers/wandb/encode';
import { BLOCK_BYTES, readLog } from '../../../main/importers/wandb/leveldb-log';
import { scanSource } from '../../../main/services/import-source';
import type { RunData } from '../../../main/services/read-run';
import { drainRecords, readRun } from '../../../main/services/read-run';
import type { ResumeSource, RunSource } from '../../../shared/importers/importer';
import { fixturesDir } from '../../helpers/paths';

/**
 * Live follow of W&B runs: a `.wandb` log read up to one cut, then continued from its resume point up to a later
 * cut, gives what the host stores for one read up to the later cut. When the continued read yields config records
 * the host reads the run whole instead (import-jobs), so then only the points are compared; otherwise lines, config,
 * status and wall times must come out as one read would give them.
 */

const signal = new AbortController().signal;

interface Loaded {
  readonly run: string;
  readonly order: readonly string[];
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly log: string;
}

async function loadRun(folder: string, run: string): Promise<Loaded> {
  const root = path.join(fixturesDir, 'wandb', folder);
  const scanned = await scanSource(root, [wandbImporter]);
  const claim = scanned.scan.claims.find((c) => c.relPath === run);
  if (!claim) throw new Error(`no run ${run} in ${folder}`);
  const files = new Map<string, Uint8Array>();
  for (const f of claim.files) files.set(f, new Uint8Array(await readFile(path.join(root, ...f.split('/')))));
  // The last folder's log: the one a live run grows.
  const log = claim.files.filter((f) => f.endsWith('.wandb')).at(-1);
  if (log === undefined) throw new Error('no log');
  return { run: claim.relPath, order: claim.files, files, log };
}

function source(run: string, order: readonly string[], files: ReadonlyMap<string, Uint8Array>): RunSource {
  return {
    relPath: run,
    files: order,
    async readFile(rel) {
      const b = files.get(rel);
      if (!b) throw new Error(`no file ${rel}`);
      return b;
    },
  };
}

function withLog(l: Loaded, bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(l.files).set(l.log, bytes);
}

/** The continued read of `log` from `point` over `bytes` (the file from the point's offset on). */
async function resumeFrom(run: string, log: string, point: NonNullable<ReturnType<RunData['resumePoints']['get']>>, bytes: Uint8Array): Promise<RunData> {
  const rest: ResumeSource = { ...source(run, [log], new Map([[log, bytes]])), from: new Map([[log, point]]) };
  return drainRecords(wandbImporter, rest, wandbImporter.resume?.(rest, signal) ?? emptyStream(), signal);
}

async function* emptyStream(): AsyncGenerator<never> {}

const seriesOf = (parts: readonly RunData[]) => {
  const out = new Map<string, { steps: number[]; values: number[] }>();
  for (const p of parts)
    for (const s of p.series.values()) {
      const into = out.get(s.name) ?? { steps: [], values: [] };
      into.steps.push(...s.steps.view());
      into.values.push(...s.values.view());
      out.set(s.name, into);
    }
  return Object.fromEntries(out);
};

/** Stored lines by file:line; lines of `log` after `linesBefore` from the first read are replaced by the second's. */
function linesOf(first: RunData, second: RunData | null, log: string, linesBefore: number | undefined): Record<string, string> {
  const out = new Map<string, string>();
  for (const [part, run] of [first, second].entries()) {
    if (run === null) continue;
    for (const chunk of run.logs)
      chunk.lines.forEach((text, i) => {
        const line = chunk.firstLine + i;
        if (part === 1 || chunk.file !== log || line <= (linesBefore ?? Infinity)) out.set(`${chunk.file}:${line}`, text);
      });
  }
  return Object.fromEntries(out);
}

const configsOf = (r: RunData) => r.configs.map((c) => `${c.origin}|${c.key}|${String(c.value)}`).sort();

/** What the host's appendRun makes of a stored run and a continued read (status unless unknown, wall min/max). */
function merged(first: RunData, second: RunData) {
  const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return {
    status: second.status === 'unknown' ? first.status : second.status,
    wallStartSec: min(first.wallStartSec, second.wallStartSec),
    wallEndSec: max(first.wallEndSec, second.wallEndSec),
  };
}

/** Reads up to `cut`, continues to `later`, and checks the result against one read up to `later`; true when appended. */
async function checkGrowth(l: Loaded, whole: Uint8Array, cut: number, later: number): Promise<boolean> {
  const first = await readRun(wandbImporter, source(l.run, l.order, withLog(l, whole.subarray(0, cut))), signal);
  const full = await readRun(wandbImporter, source(l.run, l.order, withLog(l, whole.subarray(0, later))), signal);
  const point = first.resumePoints.get(l.log);
  expect(point, `a resume point after a cut at ${cut}`).toBeDefined();
  if (!point) return false;
  expect(point.offset).toBeLessThanOrEqual(cut);
  const second = await resumeFrom(l.run, l.log, point, whole.subarray(point.offset, later));
  expect(second.resumePoints.get(l.log)?.offset, `resume ${cut}→${later}`).toBe(full.resumePoints.get(l.log)?.offset);
  // Points are right even when the host will read the run whole.
  expect(seriesOf([first, second])).toEqual(seriesOf([full]));
  if (second.configs.length > 0) return false;
  expect(linesOf(first, second, l.log, point.linesBefore)).toEqual(linesOf(full, null, l.log, undefined));
  expect(configsOf(first), `config unchanged ${cut}→${later}`).toEqual(configsOf(full));
  expect(merged(first, second)).toEqual({ status: full.status, wallStartSec: full.wallStartSec, wallEndSec: full.wallEndSec });
  expect([second.checkpoints.length, second.evals.length, second.samples.length]).toEqual([0, 0, 0]);
  return true;
}

describe.each([
  { folder: 'Hoilap__O-LoRA', run: 'wandb/run-20251223_123749-3f9dehbb' },
  { folder: 'SonYujeong0327__2025_AI502_ICCL', run: 'wandb/run-20251210_205854-c6vuyz6a' },
  { folder: 'SonYujeong0327__2025_AI502_ICCL', run: 'wandb/run-20251210_213734-psulxtx2' },
])('W&B $run grows', ({ folder, run }) => {
  it('read to a cut, continued to a later cut = one read to the later cut', async () => {
    const l = await loadRun(folder, run);
    const whole = l.files.get(l.log);
    if (!whole) throw new Error('no log bytes');
    let appended = 0;
    await fc.assert(
      // Half the time a small growth: wandb-core writes summary records every few hundred bytes, and only a growth
      // without one is appended rather than read whole.
      fc.asyncProperty(fc.integer({ min: 0, max: whole.length }), fc.integer({ min: 0, max: whole.length }), fc.boolean(), async (a, b, isSmall) => {
        const cut = isSmall ? a : Math.min(a, b);
        const later = isSmall ? Math.min(whole.length, a + (b % 600)) : Math.max(a, b);
        if (await checkGrowth(l, whole, cut, later)) appended++;
      }),
      { numRuns: 60, examples: [[0, whole.length, false], [1, whole.length, false], [whole.length - 1, whole.length, false], [Math.floor(whole.length / 2), whole.length, false]] },
    );
    // The property must exercise the append path, not only full reads.
    expect(appended).toBeGreaterThan(0);
    // 64 pairs of full reads of a multi-MB log: about 3 s alone, more on a loaded 2-core machine.
  }, 30_000);
});

describe('W&B resume at awkward cuts', () => {
  /** c6vuyz6a's second folder: 374 KB, so many blocks and records split across them. */
  const load = () => loadRun('SonYujeong0327__2025_AI502_ICCL', 'wandb/run-20251210_205854-c6vuyz6a');

  it('a cut at a 32 KiB block boundary continues with block alignment counted from the file start', async () => {
    const l = await load();
    const whole = l.files.get(l.log) as Uint8Array;
    for (const k of [1, 2, 3]) await checkGrowth(l, whole, k * BLOCK_BYTES, whole.length);
    // Two appends in a row, the second starting past a block boundary.
    await checkGrowth(l, whole, BLOCK_BYTES + 100, 2 * BLOCK_BYTES + 100);
  });

  it('a cut inside a record split FIRST…LAST across blocks resumes from its first chunk', async () => {
    const l = await load();
    const whole = l.files.get(l.log) as Uint8Array;
    const offsets: number[] = [];
    for (const item of readLog(whole)) if (item.kind === 'record') offsets.push(item.offset);
    // A record that starts before a block boundary and whose next record starts after it is split across the boundary.
    const split = offsets.findIndex((o, i) => {
      const boundary = (Math.floor(o / BLOCK_BYTES) + 1) * BLOCK_BYTES;
      return (offsets[i + 1] ?? Infinity) > boundary + 7 && o + 7 < boundary - 7;
    });
    expect(split).toBeGreaterThanOrEqual(0);
    const start = offsets[split] as number;
    const boundary = (Math.floor(start / BLOCK_BYTES) + 1) * BLOCK_BYTES;
    for (const cut of [boundary, boundary + 3, boundary + 9]) {
      const first = await readRun(wandbImporter, source(l.run, l.order, withLog(l, whole.subarray(0, cut))), signal);
      expect(first.resumePoints.get(l.log)?.offset).toBe(start);
      await checkGrowth(l, whole, cut, whole.length);
    }
  });

  it('a cut inside the 7-byte file header resumes from byte 0', async () => {
    const l = await load();
    const whole = l.files.get(l.log) as Uint8Array;
    for (const cut of [0, 3, 6]) {
      const first = await readRun(wandbImporter, source(l.run, l.order, withLog(l, whole.subarray(0, cut))), signal);
      expect(first.resumePoints.get(l.log)?.offset).toBe(0);
      await checkGrowth(l, whole, cut, whole.length);
    }
  });
});

describe('W&B resume points for the files/ copies', () => {
  it('only the last folder, and only copies the log makes redundant, get resume points', async () => {
    const l = await loadRun('Hoilap__O-LoRA', 'wandb/run-20251223_123749-3f9dehbb');
    const whole = l.files.get(l.log) as Uint8Array;
    const full = await readRun(wandbImporter, source(l.run, l.order, l.files), signal);
    const named = (r: RunData) => [...r.resumePoints.keys()].map((f) => f.slice(f.lastIndexOf('/') + 1)).sort();
    // The log has config, a summary record and console output; metadata never comes from the log.
    expect(named(full)).toEqual(['config.yaml', 'output.log', 'run-3f9dehbb.wandb', 'wandb-summary.json']);
    // A log cut before anything: the copies stand in for it, so a change to them means a full read.
    const early = await readRun(wandbImporter, source(l.run, l.order, withLog(l, whole.subarray(0, 3))), signal);
    expect(named(early)).toEqual(['run-3f9dehbb.wandb']);

    const multi = await loadRun('SonYujeong0327__2025_AI502_ICCL', 'wandb/run-20251210_205854-c6vuyz6a');
    const both = await readRun(wandbImporter, source(multi.run, multi.order, multi.files), signal);
    expect([...both.resumePoints.keys()].every((f) => f.startsWith('wandb/run-20251210_213204-c6vuyz6a/'))).toBe(true);
    expect(both.resumePoints.has(multi.log)).toBe(true);
  });

  it('a redundant copy that grew is continued as a no-op', async () => {
    const l = await loadRun('Hoilap__O-LoRA', 'wandb/run-20251223_123749-3f9dehbb');
    const full = await readRun(wandbImporter, source(l.run, l.order, l.files), signal);
    const out = l.order.find((f) => f.endsWith('output.log')) as string;
    const point = full.resumePoints.get(out);
    expect(point?.offset).toBe(l.files.get(out)?.length);
    if (!point) return;
    const gained = new TextEncoder().encode('more output\n');
    const rest: ResumeSource = { ...source(l.run, [out], new Map([[out, gained]])), from: new Map([[out, point]]) };
    const second = await drainRecords(wandbImporter, rest, wandbImporter.resume?.(rest, signal) ?? emptyStream(), signal);
    expect(second.resumePoints.get(out)?.offset).toBe(point.offset + gained.length);
    expect([second.logs.length, second.series.size, second.configs.length, second.warnings.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('W&B live run gaining its end', () => {
  const start: RecordSpec[] = [
    { kind: 'header', producer: '0.19.1' },
    { kind: 'run', runId: 'abc', displayName: 'live', startSec: 1_700_000_000, config: items({ lr: '0.1' }) },
    { kind: 'history', items: items({ _step: 0, loss: 2, _timestamp: 1_700_000_010 }) },
    { kind: 'output', text: 'epoch 0\n', raw: true, wallSec: 1_700_000_011 },
    { kind: 'history', items: items({ _step: 1, loss: 1, _timestamp: 1_700_000_020 }) },
  ];

  async function grow(before: readonly RecordSpec[], gained: readonly RecordSpec[]) {
    const log = 'run-abc.wandb';
    const cutBytes = encodeLog(before);
    const wholeBytes = encodeLog([...before, ...gained]);
    // The framing of a prefix of records is a prefix of the framing.
    expect(wholeBytes.subarray(0, cutBytes.length)).toEqual(cutBytes);
    const first = await readRun(wandbImporter, source('', [log], new Map([[log, cutBytes]])), signal);
    const point = first.resumePoints.get(log);
    if (!point) throw new Error('no resume point');
    expect(point.offset).toBe(cutBytes.length);
    const second = await resumeFrom('', log, point, wholeBytes.subarray(point.offset));
    const full = await readRun(wandbImporter, source('', [log], new Map([[log, wholeBytes]])), signal);
    return { first, second, full, log };
  }

  it('an exit record turns a killed-looking run finished, without a full read', async () => {
    const { first, second, full } = await grow(start, [
      { kind: 'history', items: items({ _step: 2, loss: 0.5, _timestamp: 1_700_000_030 }) },
      { kind: 'exit', exitCode: 0, runtimeSec: 40 },
    ]);
    expect(first.status).toBe('killed');
    expect(second.status).toBe('finished');
    expect(full.status).toBe('finished');
    expect(second.configs).toEqual([]);
    expect(seriesOf([second])).toEqual({ loss: { steps: [2], values: [0.5] } });
    expect(merged(first, second).wallEndSec).toBe(full.wallEndSec);
  });

  it.each([
    { exception: 'KeyboardInterrupt', status: 'killed' },
    { exception: 'ValueError: bad batch', status: 'crashed' },
  ])('a traceback that names $exception in the new bytes decides the status as one read would', async ({ exception, status }) => {
    const { first, second, full, log } = await grow(
      [...start, { kind: 'output', text: 'Traceback (most recent call last):\n  File "train.py", line 3\n', raw: true }],
      [{ kind: 'output', text: `    main()\n${exception}\npartial`, raw: true }],
    );
    // Still inside the traceback: a crash whose exception is not known yet.
    expect(first.status).toBe('crashed');
    expect(full.status).toBe(status);
    expect(second.status).toBe(status);
    const point = first.resumePoints.get(log);
    expect(linesOf(first, second, log, point?.linesBefore)).toEqual(linesOf(full, null, log, undefined));
    expect(second.logs.flatMap((c) => c.lines)).toEqual(['    main()', exception, 'partial']);
  });

  it('a summary or config change in the new bytes makes the host read the run whole', async () => {
    const summary = await grow(start, [{ kind: 'summary', update: items({ loss: 1 }) }]);
    expect(summary.second.configs.length).toBeGreaterThan(0);
    const config = await grow(start, [{ kind: 'config', update: items({ lr: '0.2' }) }]);
    expect(config.second.configs.length).toBeGreaterThan(0);
    // The same config value again changes nothing.
    const same = await grow(start, [{ kind: 'config', update: items({ lr: '0.1' }) }]);
    expect(same.second.configs).toEqual([]);
  });
});
