import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturesDir, repoRoot } from '../helpers/paths';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'runlens.mjs');

describe('the runlens command', () => {
  it('inspect --json prints the documented shape, paths relative to the argument', async () => {
    const { stdout } = await run(process.execPath, [bin, 'inspect', path.join(fixturesDir, 'tensorboard'), '--json']);
    const report = JSON.parse(stdout) as { runs: { path: string; format: string; metrics: { name: string; points: number; firstStep: number; lastStep: number }[]; warnings: unknown[] }[] };
    const lstm = report.runs.find((r) => r.path === 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0');
    expect(lstm?.format).toBe('tensorboard');
    expect(lstm?.metrics.find((m) => m.name === 'train_loss')).toMatchObject({ points: 7691 });
    for (const r of report.runs) expect(path.isAbsolute(r.path)).toBe(false);
  });

  it('inspect without --json prints a readable listing; bad use exits non-zero with a message', async () => {
    const { stdout } = await run(process.execPath, [bin, 'inspect', path.join(fixturesDir, 'hf-trainer')]);
    expect(stdout).toMatch(/\[hf-trainer\]/);
    await expect(run(process.execPath, [bin, 'inspect'])).rejects.toMatchObject({ code: 2 });
    await expect(run(process.execPath, [bin, 'frobnicate'])).rejects.toMatchObject({ code: 2 });
    await expect(run(process.execPath, [bin, 'inspect', path.join(repoRoot, 'no-such-dir')])).rejects.toMatchObject({ code: 1 });
  });
});
