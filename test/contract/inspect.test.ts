import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { importers } from '../../main/importers/registry';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;

const expected = (name: string): Counts => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', name), 'utf8')) as Counts;

function countsOf(report: Awaited<ReturnType<typeof inspectFolder>>, format: string): Counts {
  const out: Counts = {};
  for (const r of report.runs.filter((x) => x.format === format)) out[r.path] = Object.fromEntries(r.metrics.map((m) => [m.name, m.points]));
  return out;
}

// Counts were produced by independent stdlib-Python decoders (scripts/verify/*.py) over the same real files.
describe.skipIf(!hasRealdata)('runlens inspect on ../shared/realdata matches an independent decoder', () => {
  it('tensorboard: every run, every scalar tag, exact point counts', async () => {
    const report = await inspectFolder(path.join(realdataDir, 'tensorboard'), importers);
    expect(countsOf(report, 'tensorboard')).toEqual(expected('tensorboard-counts.json'));
    const lstm = report.runs.find((r) => r.path === 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0');
    expect(Object.fromEntries(lstm?.metrics.map((m) => [m.name, m.points]) ?? [])).toMatchObject({ train_loss: 7691, val_loss: 29, epoch: 7720 });
  });

  it('hf-trainer: every run, every series, exact point counts', async () => {
    const report = await inspectFolder(path.join(realdataDir, 'hf-trainer'), importers);
    expect(countsOf(report, 'hf-trainer')).toEqual(expected('hf-trainer-counts.json'));
    const dpo = report.runs.find((r) => r.path === 'SonYujeong0327__2025_AI502_ICCL/output_FT/my_dpo');
    expect(dpo?.metrics.find((m) => m.name === 'loss')).toMatchObject({ points: 625, firstStep: 1, lastStep: 625 });
    expect(dpo?.checkpoints.map((c) => c.step)).toEqual([100, 625]);
  });
});

describe('runlens inspect on the committed fixtures', () => {
  it('finds runs of both formats and never reports a run twice', async () => {
    const report = await inspectFolder(fixturesDir, importers);
    const formats = new Set(report.runs.map((r) => r.format));
    expect(formats).toEqual(new Set(['tensorboard', 'hf-trainer', 'lm-eval', 'wandb', 'lightning-csv', 'llama-factory', 'raw-log', 'mlflow', 'dvclive', 'table']));
    const paths = report.runs.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    // checkpoint-N folders fold into their run: none is listed as a run of its own when its parent is one.
    for (const p of paths.filter((x) => /\/checkpoint-\d+$/.test(x))) expect(paths).not.toContain(p.replace(/\/checkpoint-\d+$/, ''));
  });
});
