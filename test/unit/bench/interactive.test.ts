import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../../bench/lib/measure';
import { benchRuns, compareEvals, runsTable, zoomRequery } from '../../../bench/scenarios/interactive';
import { BENCH_PYTHON, tensorboardPythonBaseline } from '../../../bench/scenarios/tb-python';
import { tempDir } from '../../helpers/paths';

/**
 * Smoke runs of the interactive scenarios and the TensorBoard baseline at small sizes: each returns a well-formed
 * result whose counts match what the seeded data must give. No timing is asserted (issue 11: the bench is separate).
 */

function expectWellFormed(r: ScenarioResult, name: string): void {
  expect(r.name).toBe(name);
  expect(r.value).toBeGreaterThan(0);
  expect(r.baseline).toBeGreaterThan(0);
  expect(r.ratio).toBeGreaterThan(0);
  expect(Number.isFinite(r.ratio)).toBe(true);
}

describe('bench: interactive scenarios', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    t = await tempDir('runlens-bench-test-');
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('zoom-requery: 20 series cut to the middle 5 % window (9,500 … 10,499 of 20,000 steps), target on the time', async () => {
    const r = await zoomRequery(t.dir, 20_000, 1);
    expectWellFormed(r, 'zoom-requery');
    expect(r.unit).toBe('ms (median)');
    expect(r.target).toBe(100);
    expect(r.targetOn).toBe('value');
    expect(r.met).toBe(r.value < 100);
    expect(r.detail).toMatchObject({ targetOn: 'value', series: 20, pointsPerSeries: 20_000, stepMin: 9500, stepMax: 10_499 });
    // 1,000 points per series in the window: the baseline scan counts them, and under 2 × 2,000 buckets the service
    // returns them raw, so every one is drawn.
    expect(r.detail?.windowRows).toBe(20 * 1000);
    expect(r.detail?.mode).toBe('raw');
    expect(r.detail?.drawnPoints).toBe(20 * 1000);
  }, 60_000);

  it('runs-table-sort / -filter: the table model sorts and filters the seeded runs as plain JS says it should', async () => {
    const results = await runsTable(1, 500);
    expect(results.map((r) => r.name)).toEqual(['runs-table-sort', 'runs-table-filter']);
    const runs = benchRuns(500);
    const [sort, filter] = results as [ScenarioResult, ScenarioResult];

    expectWellFormed(sort, 'runs-table-sort');
    expect(sort.target).toBeNull();
    expect(sort.detail).toMatchObject({ rows: 500, key: 'lastLoss', budgetMs: 16, fitsBudget: sort.value <= 16 ? 'yes' : 'no' });
    const lowest = runs.reduce((best, r) => ((r.lastLoss?.value ?? Infinity) < (best.lastLoss?.value ?? Infinity) ? r : best));
    expect(sort.detail?.firstId).toBe(lowest.id);

    expectWellFormed(filter, 'runs-table-filter');
    expect(filter.detail).toMatchObject({ rows: 500, filter: 'sft llama3', budgetMs: 16, fitsBudget: filter.value <= 16 ? 'yes' : 'no' });
    const words = runs.filter((r) => `${r.name}\n${r.path}`.toLowerCase().includes('sft') && `${r.name}\n${r.path}`.toLowerCase().includes('llama3')).length;
    const regex = runs.filter((r) => /dpo.*seed-3/i.test(r.name) || /dpo.*seed-3/i.test(r.path)).length;
    expect(words).toBeGreaterThan(0);
    expect(regex).toBeGreaterThan(0);
    expect(filter.detail?.matched).toBe(words);
    expect(filter.detail?.regexMatched).toBe(regex);
  }, 60_000);

  it('compare-evals: 5 models × 6 tasks, every candidate row paired on the logged samples', async () => {
    const r = await compareEvals(t.dir, 1, 5, 6);
    expectWellFormed(r, 'compare-evals');
    expect(r.target).toBeNull();
    // 6 tasks × 200 documents × 5 models; the per-sample means equal the reported numbers, so each of the 4
    // candidates gets a paired (not stderr) delta on each of the 6 tasks.
    expect(r.detail).toMatchObject({ models: 5, tasks: 6, samples: 6000, sampledTasks: 6, columns: 5, rows: 6, pairedDeltas: 24 });
  }, 60_000);
});

describe('bench: TensorBoard Python loader baseline', () => {
  // The vendored loader (bench/tensorboard-loader/) imports whenever the bench's Python has protobuf and numpy.
  const hasDeps = spawnSync(BENCH_PYTHON, ['-c', 'import google.protobuf, numpy']).status === 0;

  it(hasDeps ? 'runs TensorBoard’s vendored loader on the same 20,000 points' : 'is skipped, saying what to install, without protobuf and numpy', async () => {
    const t = await tempDir('runlens-bench-test-');
    try {
      const r = await tensorboardPythonBaseline(t.dir, 20_000, 1);
      if (!hasDeps) {
        expect(r).toEqual({ name: 'ingest-tfevents-vs-tensorboard', skipped: expect.stringMatching(/apt-get install python3-protobuf python3-numpy/) });
        return;
      }
      if ('skipped' in r) throw new Error(`skipped although protobuf and numpy import: ${r.skipped}`);
      expectWellFormed(r, 'ingest-tfevents-vs-tensorboard');
      expect(r.target).toBe(20);
      // The scenario throws unless TensorBoard's loader read as many scalar values as RunLens: 20,000 on both sides.
      expect(r.detail?.points).toBe(20_000);
      expect(r.detail?.python).toBe(BENCH_PYTHON);
      // The vendored tree comes first, so the commit in bench/tensorboard-loader/COMMIT is what ran.
      expect(r.detail?.tensorboard).toBe(`vendored ${readFileSync(path.join(import.meta.dirname, '../../../bench/tensorboard-loader/COMMIT'), 'utf8').trim()}`);
    } finally {
      await t.cleanup();
    }
  }, 120_000);

  it('is skipped, saying what to install, when the Python cannot be found', async () => {
    const t = await tempDir('runlens-bench-test-');
    try {
      const missing = path.join(t.dir, 'no-such-python');
      const r = await tensorboardPythonBaseline(t.dir, 1000, 1, missing);
      expect(r).toEqual({ name: 'ingest-tfevents-vs-tensorboard', skipped: expect.stringContaining(`${missing} not found`) });
      expect(r).toEqual({ name: 'ingest-tfevents-vs-tensorboard', skipped: expect.stringMatching(/apt-get install python3-protobuf python3-numpy/) });
    } finally {
      await t.cleanup();
    }
  });
});
