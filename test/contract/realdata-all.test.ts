import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { importers } from '../../main/importers/registry';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;

/** realdata folder per format, and the expected-counts file an independent decoder wrote for it. */
const PINNED: readonly { format: string; folder: string; expected: string }[] = [
  { format: 'tensorboard', folder: 'tensorboard', expected: 'tensorboard-counts.json' },
  { format: 'hf-trainer', folder: 'hf-trainer', expected: 'hf-trainer-counts.json' },
  { format: 'wandb', folder: 'wandb', expected: 'wandb-counts.json' },
  { format: 'lightning-csv', folder: 'lightning-csv', expected: 'lightning-csv-counts.json' },
  { format: 'llama-factory', folder: 'hf-trainer', expected: 'llama-factory-counts.json' },
  { format: 'mlflow', folder: 'mlflow', expected: 'mlflow-counts.json' },
];

/**
 * Every importer competes for one tree, as in a user's library: each format must still find exactly the runs and
 * point counts its independent decoder found, with no run claimed twice or by the wrong format.
 */
describe.skipIf(!hasRealdata)('runlens inspect over the whole of ../shared/realdata', () => {
  it('finds every pinned run with the right format and exact counts, and never claims a run twice', async () => {
    const report = await inspectFolder(realdataDir, importers);
    const paths = report.runs.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    // Each pinned folder holds only the formats pinned for it (nothing else claims those files).
    for (const folder of new Set(PINNED.map((p) => p.folder))) {
      const allowed = new Set(PINNED.filter((p) => p.folder === folder).map((p) => p.format));
      for (const r of report.runs.filter((x) => x.path.startsWith(`${folder}/`))) expect(allowed.has(r.format), `${r.path}: ${r.format}`).toBe(true);
    }
    for (const { format, folder, expected } of PINNED) {
      const want = JSON.parse(readFileSync(path.join(fixturesDir, 'expected', expected), 'utf8')) as Counts;
      const got: Counts = {};
      for (const r of report.runs.filter((x) => x.path.startsWith(`${folder}/`) && x.format === format)) {
        got[r.path.slice(folder.length + 1)] = Object.fromEntries(r.metrics.map((m) => [m.name, m.points]));
      }
      expect(got, format).toEqual(want);
    }
    // lm-eval: every results run of the realdata folder, eval numbers present.
    const lmEval = report.runs.filter((r) => r.path.startsWith('lm-eval/'));
    expect(lmEval.length).toBe(Object.keys(JSON.parse(readFileSync(path.join(fixturesDir, 'expected', 'lm-eval-counts.json'), 'utf8')) as object).length);
    expect(lmEval.every((r) => r.format === 'lm-eval' && r.evals.length > 0)).toBe(true);
    // The known truths named in issues 3 and 4.
    const points = (p: string, m: string) => report.runs.find((r) => r.path === p)?.metrics.find((x) => x.name === m)?.points;
    expect(points('tensorboard/Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0', 'train_loss')).toBe(7691);
    expect(points('hf-trainer/SonYujeong0327__2025_AI502_ICCL/output_FT/my_dpo', 'loss')).toBe(625);
    expect(points('wandb/SonYujeong0327__2025_AI502_ICCL/wandb/run-20251211_022844-guiqncrk', 'train/loss')).toBe(625);
  });

});
