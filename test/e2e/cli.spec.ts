import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturesDir, hasRealdata, realdataDir, repoRoot, tempDir } from '../helpers/paths';

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

describe('runlens report', () => {
  it('renders the default report of the demo as a vector PDF with every section', async () => {
    const t = await tempDir();
    try {
      const out = path.join(t.dir, 'x.pdf');
      const { stdout } = await run(process.execPath, [bin, 'report', path.join(repoRoot, 'demo'), '--out', out], { timeout: 180_000 });
      expect(stdout).toMatch(/sections: text, runs, curves, findings, comparison, plane, robustness, notes/);
      const text = (await run('pdftotext', ['-layout', out, '-'])).stdout;
      for (const heading of ['Report: demo', 'Runs', 'Training curves', 'Findings', 'Eval comparison', 'Safety vs reasoning', 'Robustness to weight updates', 'Notes', 'Appendix: provenance']) expect(text).toContain(heading);
      for (const name of ['base-pretrain', 'runlens-demo/llama-3-8b-dpo', 'llama-3-8b-sft → safety']) expect(text).toContain(name);
      expect((await run('pdfimages', ['-list', out])).stdout.trim().split('\n').slice(2)).toEqual([]);

      // A spec saved by the app renders the same way; a bad one is a usage error.
      const spec = { version: 1, id: 'weekly', title: 'Weekly', authors: 'me', date: '2026-11-25', updatedAtMs: 0, sections: [{ kind: 'text', title: 'Summary', markdown: 'All **good**.' }] };
      const specFile = path.join(t.dir, 'spec.json');
      await writeFile(specFile, JSON.stringify(spec));
      await run(process.execPath, [bin, 'report', path.join(repoRoot, 'demo'), '--spec', specFile, '--out', out], { timeout: 180_000 });
      const one = (await run('pdftotext', [out, '-'])).stdout;
      expect(one).toContain('Weekly');
      expect(one).toContain('All good.');
      expect(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [out])).stdout)?.[1]).toBe('3');
      const htmlOut = path.join(t.dir, 'x.html');
      await run(process.execPath, [bin, 'report', path.join(repoRoot, 'demo'), '--spec', specFile, '--out', htmlOut], { timeout: 180_000 });
      const html = await readFile(htmlOut, 'utf8');
      expect(html).toContain('<strong>good</strong>');
      expect(html).not.toMatch(/<script/i);
      await writeFile(specFile, '{"version": 2}');
      await expect(run(process.execPath, [bin, 'report', path.join(repoRoot, 'demo'), '--spec', specFile, '--out', out])).rejects.toMatchObject({ code: 2 });
    } finally {
      await t.cleanup();
    }
  }, 300_000);
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
