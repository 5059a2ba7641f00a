import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importerFor } from '../../../main/importers/registry';
import { scanSource } from '../../../main/services/import-source';
import type { RunData } from '../../../main/services/read-run';
import { drainRecords, readRun } from '../../../main/services/read-run';
import type { RunFormat } from '../../../shared/domain/run';
import type { Importer, ResumeSource, RunSource } from '../../../shared/importers/importer';
import { fixturesDir } from '../../helpers/paths';

/**
 * The live-follow contract for every importer that can resume: reading a file cut at any byte, then resuming from the
 * resume point it gave over the rest of the file, yields exactly what one read of the whole file yields (same points
 * in the same order, same stored lines). That is what makes "read only the new bytes" safe.
 */

interface Case {
  readonly format: RunFormat;
  /** Fixture folder (under test/fixtures) and the run path in it. */
  readonly folder: string;
  readonly run: string;
  /** The growing file, relative to the folder. */
  readonly file: string;
}

const CASES: readonly Case[] = [
  { format: 'tensorboard', folder: 'tensorboard/ZeroToMax-ZYZ__study_tensorboard', run: 'runs/my_first_experiment', file: 'runs/my_first_experiment/events.out.tfevents.1771596596.zyzkings.7880.0' },
  { format: 'tensorboard', folder: 'tensorboard/huangyuan3h__StockData', run: 'logs/fit/20220213-124139/validation', file: 'logs/fit/20220213-124139/validation/events.out.tfevents.1644730378.huangyuan3hdeMacBook-Pro.local.73068.3.v2' },
  { format: 'raw-log', folder: 'raw-log/eric-haibin-lin__verl-data', run: 'gsm8k/gemma-2-2b-it-sft-0.411.log', file: 'gsm8k/gemma-2-2b-it-sft-0.411.log' },
  { format: 'raw-log', folder: 'raw-log/edge-cases', run: 'terminal-tricks.log', file: 'terminal-tricks.log' },
  { format: 'lightning-csv', folder: 'lightning-csv/0Xero7__slm_training', run: 'lightning_logs/version_5', file: 'lightning_logs/version_5/metrics.csv' },
  { format: 'llama-factory', folder: 'llama-factory', run: '', file: '' },
  { format: 'table', folder: 'table/pandas', run: 'history', file: 'history.csv' },
  { format: 'table', folder: 'table/custom-loop', run: 'eval', file: 'eval.csv' },
  { format: 'table', folder: 'table/custom-loop', run: 'metrics', file: 'metrics.tsv' },
  { format: 'table', folder: 'table/tensorboard-export', run: 'run-version_0-tag-train_loss', file: 'run-version_0-tag-train_loss.csv' },
  { format: 'table', folder: 'table/wandb-export', run: 'wandb-history', file: 'wandb-history.jsonl' },
];

async function loadCase(c: Case): Promise<{ importer: Importer; files: Map<string, Uint8Array>; order: readonly string[]; run: string; file: string }> {
  const root = path.join(fixturesDir, c.folder);
  const scanned = await scanSource(root, [importerFor(c.format)]);
  // llama-factory: the first run found, its trainer_log.jsonl.
  const claim = c.file === '' ? scanned.scan.claims[0] : scanned.scan.claims.find((x) => x.relPath === c.run);
  if (!claim) throw new Error(`no ${c.format} run ${c.run} in ${c.folder}`);
  const file = c.file === '' ? (claim.files.find((f) => f.endsWith('.jsonl')) ?? '') : c.file;
  const files = new Map<string, Uint8Array>();
  for (const f of claim.files) files.set(f, new Uint8Array(await readFile(path.join(root, ...f.split('/')))));
  return { importer: claim.importer, files, order: claim.files, run: claim.relPath, file };
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

const signal = new AbortController().signal;

/** Points per series, and stored lines by (file, line): a read's observable result. */
function observed(parts: readonly RunData[], keepLines: (file: string, line: number, part: number) => boolean) {
  const series = new Map<string, { steps: number[]; values: number[] }>();
  const lines = new Map<string, string>();
  parts.forEach((run, part) => {
    for (const s of run.series.values()) {
      const into = series.get(s.name) ?? { steps: [], values: [] };
      into.steps.push(...s.steps.view());
      into.values.push(...s.values.view());
      series.set(s.name, into);
    }
    for (const chunk of run.logs) chunk.lines.forEach((text, i) => {
      const line = chunk.firstLine + i;
      if (keepLines(chunk.file, line, part)) lines.set(`${chunk.file}:${line}`, text);
    });
  });
  return { series: Object.fromEntries(series), lines: Object.fromEntries(lines) };
}

describe.each(CASES)('$format resumes $file', (c) => {
  it('cut anywhere + resume from the resume point = one read of the whole file', async () => {
    const { importer, files, order, run, file } = await loadCase(c);
    expect(importer.resume).toBeDefined();
    const whole = files.get(file);
    if (!whole) throw new Error(`claim lacks ${file}`);
    const full = await readRun(importer, source(run, order, files), signal);
    const end = full.resumePoints.get(file)?.offset ?? -1;
    // The whole file is consumed, except a last line with no newline (waited for, as live follow must).
    expect(end).toBeGreaterThan(0);
    expect(end === whole.length || whole[whole.length - 1] !== 0x0a).toBe(true);
    const expected = observed([full], () => true);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: whole.length }), async (cut) => {
        const cutFiles = new Map(files).set(file, whole.subarray(0, cut));
        const first = await readRun(importer, source(run, order, cutFiles), signal);
        const point = first.resumePoints.get(file);
        expect(point, `a resume point after a cut at ${cut}`).toBeDefined();
        if (!point) return;
        expect(point.offset).toBeLessThanOrEqual(cut);
        const from = new Map([[file, point]]);
        const rest: ResumeSource = { ...source(run, [file], new Map([[file, whole.subarray(point.offset)]])), from };
        const resume = importer.resume?.bind(importer);
        if (!resume) return;
        const second = await drainRecords(importer, rest, resume(rest, signal), signal);
        // Lines after the resume point were stored by the first read as they stood; the second read replaces them.
        const got = observed([first, second], (f, line, part) => part === 1 || f !== file || line <= (point.linesBefore ?? Infinity));
        expect(got).toEqual(expected);
        expect(second.resumePoints.get(file)).toMatchObject({ offset: end });
        // Config already read is not repeated (a repeat would turn every append into a full read).
        if (first.configs.length > 0) expect(second.configs).toEqual([]);
        expect([second.checkpoints.length, second.evals.length]).toEqual([0, 0]);
      }),
      { numRuns: 40, examples: [[0], [1], [whole.length - 1], [Math.floor(whole.length / 2)]] },
    );
  });
});
