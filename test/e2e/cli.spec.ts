import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturesDir, hasRealdata, realdataDir, repoRoot } from '../helpers/paths';

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

describe('runlens compare', () => {
  const evals = path.join(repoRoot, 'demo', 'evals');

  it('--json prints one row per model and metric in the documented shape, paired where samples allow', async () => {
    const { stdout } = await run(process.execPath, [bin, 'compare', evals, '--baseline', 'llama-3-8b-base', '--json'], { maxBuffer: 16 * 1024 * 1024 });
    const out = JSON.parse(stdout) as { rows: Record<string, unknown>[]; plane: { run: string; quadrant: string }[] };
    expect(out.rows).toHaveLength(33);
    const row = out.rows.find((r) => r.task === 'truthfulqa_mc2' && r.run === 'llama-3-8b-dpo');
    expect(Object.keys(row ?? {})).toEqual(['task', 'metric', 'filter', 'run', 'baseline', 'value', 'baselineValue', 'delta', 'low', 'high', 'n', 'method']);
    expect(row).toMatchObject({ metric: 'acc', filter: 'none', baseline: 'llama-3-8b-base', n: 300, method: 'paired-bootstrap' });
    expect(out.plane.map((p) => [p.run, p.quadrant])).toContainEqual(['llama-3-8b-sft', 'both-better']);
    const unpaired = JSON.parse((await run(process.execPath, [bin, 'compare', evals, '--baseline', 'llama-3-8b-base', '--json', '--no-paired'])).stdout) as { rows: { method: string }[] };
    expect(new Set(unpaired.rows.map((r) => r.method))).toEqual(new Set(['stderr']));
  });

  it('an unknown baseline exits 2 and names the closest runs', async () => {
    const err = await run(process.execPath, [bin, 'compare', evals, '--baseline', 'llama-3-8b-bse']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/no run 'llama-3-8b-bse'[\s\S]*Did you mean: llama-3-8b-base/);
    await expect(run(process.execPath, [bin, 'compare', evals])).rejects.toMatchObject({ code: 2 });
  });
});

describe.skipIf(!hasRealdata)('runlens inspect over all of ../shared/realdata', () => {
  it('the built CLI prints it as JSON and exits 0', async () => {
    const { stdout } = await run(process.execPath, [bin, 'inspect', realdataDir, '--json'], { maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(stdout) as { runs: { path: string; format: string; status: string; config: number; evals: unknown[] }[] };
    expect(report.runs.length).toBeGreaterThan(50);
    for (const r of report.runs) {
      expect(['finished', 'crashed', 'killed', 'running', 'unknown']).toContain(r.status);
      expect(typeof r.config).toBe('number');
      expect(Array.isArray(r.evals)).toBe(true);
    }
  });
});
