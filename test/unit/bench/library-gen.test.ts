import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteSink, generateLibrary, MARKER_FILE, writeHistoryRecord, writeScalarFrame } from '../../../bench/lib/library-gen';
import type { LibrarySummary } from '../../../bench/lib/library-gen';
import { inspectFolder } from '../../../main/cli/inspect';
import type { InspectReport } from '../../../main/cli/inspect';
import { encodeEvent, frameRecord } from '../../../main/importers/tensorboard/encode';
import { encodeRecord, items } from '../../../main/importers/wandb/encode';
import { importers } from '../../../main/importers/registry';
import { tempDir } from '../../helpers/paths';

const OPTS = { runs: 12, points: 20_000, seed: 1 };

/** One hash over every file's relative path and bytes, in path order. */
async function hashTree(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  const h = createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(await readFile(path.join(dir, f))).update('\0');
  return h.digest('hex');
}

describe('bench library generator', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let summary: LibrarySummary;
  let report: InspectReport;

  beforeAll(async () => {
    t = await tempDir('runlens-libgen-');
    summary = await generateLibrary(path.join(t.dir, 'a'), OPTS);
    report = await inspectFolder(path.join(t.dir, 'a'), importers);
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('writes every format, with the points split as asked', () => {
    expect(summary.runs).toBe(12);
    expect(Object.keys(summary.byFormat).sort()).toEqual(['hf-trainer', 'lm-eval', 'mlflow', 'tensorboard', 'wandb']);
    expect(Object.values(summary.byFormat).reduce((a, f) => a + f.runs, 0)).toBe(12);
    expect(Object.values(summary.byFormat).reduce((a, f) => a + f.points, 0)).toBe(summary.points);
    // Whole log rows only: within a row per run of the budget.
    expect(Math.abs(summary.points - OPTS.points)).toBeLessThan(12 * 10);
    expect(summary.byFormat['lm-eval']?.points).toBe(0);
    expect(summary.evals).toBeGreaterThan(60);
  });

  it('the importers find exactly the generated runs, in their formats, with every point', () => {
    expect(report.ties).toEqual([]);
    expect(report.runs).toHaveLength(summary.runs);
    const found: Record<string, { runs: number; points: number }> = {};
    for (const r of report.runs) {
      const f = (found[r.format] ??= { runs: 0, points: 0 });
      f.runs++;
      f.points += r.metrics.reduce((a, m) => a + m.points, 0);
    }
    expect(found).toEqual(summary.byFormat);
    expect(report.runs.flatMap((r) => r.warnings)).toEqual([]);
    expect(report.runs.filter((r) => r.format === 'lm-eval').reduce((a, r) => a + r.evals.length, 0)).toBe(summary.evals);
  });

  it('gives every curve run a few hundred points and the usual curve names', () => {
    for (const r of report.runs.filter((x) => x.format !== 'lm-eval')) {
      expect(r.metrics.reduce((a, m) => a + m.points, 0)).toBeGreaterThanOrEqual(250);
      const names = r.metrics.map((m) => m.name);
      expect(names.some((n) => n === 'loss' || n === 'train/loss')).toBe(true);
      expect(names.some((n) => n === 'eval_loss' || n === 'eval/loss')).toBe(true);
    }
    // Runs sit in project folders, some with spaces in their names.
    expect(report.runs.every((r) => r.path.startsWith('project-0/'))).toBe(true);
    expect(report.runs.some((r) => r.path.includes(' '))).toBe(true);
  });

  it('writes the same bytes for the same seed, and other bytes for another seed', async () => {
    await generateLibrary(path.join(t.dir, 'b'), OPTS);
    await generateLibrary(path.join(t.dir, 'c'), { ...OPTS, seed: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => hashTree(path.join(t.dir, d))));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  }, 60_000);

  it('replaces a library it wrote, and refuses a folder it did not', async () => {
    const again = await generateLibrary(path.join(t.dir, 'a'), OPTS);
    expect(again).toEqual(summary);
    await expect(readFile(path.join(t.dir, 'a', MARKER_FILE), 'utf8')).resolves.toContain('seed 1');
    await expect(generateLibrary(path.join(t.dir), OPTS)).rejects.toThrow(/not written by the bench generator/);
  }, 60_000);
});

describe('the generator fast encoders', () => {
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it('frame scalar events exactly as the TensorBoard encoder does', () => {
    const cases = [
      { wallTime: 1_700_000_000.25, step: 0, tag: 'train/loss', value: 2.5 },
      { wallTime: 1_700_000_123.5, step: 1, tag: 'eval/loss', value: Number.NaN },
      { wallTime: 1_700_001_000, step: 300_000_000, tag: 'train/learning_rate', value: 3e-4 },
      { wallTime: 1.5, step: 127, tag: 'x'.repeat(130), value: -1e30 },
    ];
    for (const c of cases) {
      const sink = new ByteSink();
      writeScalarFrame(sink, c.wallTime, c.step, ascii(c.tag), c.value);
      expect(sink.buf.subarray(0, sink.len)).toEqual(frameRecord(encodeEvent({ kind: 'scalar', ...c })));
    }
  });

  it('encode history records exactly as the W&B encoder does', () => {
    const cases: { num: number; step: number; values: Record<string, string> }[] = [
      { num: 7, step: 42, values: { 'train/loss': '0.5', _step: '42', _timestamp: '1700000000.25' } },
      { num: 1, step: 0, values: { 'train/loss': 'NaN', _step: '0' } },
      { num: 100_000, step: 2_000_000, values: { ['k'.repeat(200)]: '1'.repeat(150) } },
    ];
    for (const c of cases) {
      const sink = new ByteSink();
      writeHistoryRecord(sink, c.num, c.step, Object.keys(c.values).map(ascii), Object.values(c.values));
      expect(sink.buf.subarray(0, sink.len)).toEqual(encodeRecord({ kind: 'history', items: items(c.values), step: c.step }, c.num));
    }
  });
});
