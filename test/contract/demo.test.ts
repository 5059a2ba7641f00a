import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { importers } from '../../main/importers/registry';
import { readClaim, scanSource } from '../../main/services/import-source';
import { generateDemo } from '../../scripts/gen-demo';
import { repoRoot, tempDir } from '../helpers/paths';

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

describe('the bundled demo workspace', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    t = await tempDir();
    generateDemo(t.dir);
  });
  afterAll(() => t.cleanup());

  it('is reproduced byte for byte by its generator', () => {
    const committed = path.join(repoRoot, 'demo');
    const files = listFiles(t.dir).sort();
    expect(files).toEqual(listFiles(committed).filter((f) => f !== 'README.md').sort());
    for (const f of files) expect(readFileSync(path.join(t.dir, f)).equals(readFileSync(path.join(committed, f))), f).toBe(true);
  });

  it('holds a base, an SFT and a DPO run in the real formats, with the expected series', async () => {
    const report = await inspectFolder(path.join(repoRoot, 'demo'), importers);
    const byPath = Object.fromEntries(report.runs.map((r) => [r.path, r]));
    expect(Object.keys(byPath).sort()).toEqual([
      'audit/llama-3-8b-sft-checkpoint-0',
      'audit/llama-3-8b-sft-checkpoint-1000',
      'audit/llama-3-8b-sft-checkpoint-500',
      'base-pretrain',
      'dpo-llama-3-8b',
      'evals/llama-3-8b-base',
      'evals/llama-3-8b-dpo',
      'evals/llama-3-8b-ppo',
      'evals/llama-3-8b-sft',
      'fp16-nan-spike',
      'megatron-crash-resume/train.log',
      'overfit-small-data',
      'resumed-pretrain',
      'sft-llama-3-8b',
      'sft-llama-3-8b/runs/Nov21_09-00-00_demo-host',
      'sweeps/ppo-safety-sweep',
      'sweeps/sft-safety-sweep',
    ]);
    const points = (p: string) => Object.fromEntries(byPath[p]?.metrics.map((m) => [m.name, m.points]) ?? []);
    expect(points('base-pretrain')).toEqual({ 'train/loss': 1500, 'train/learning_rate': 1500, 'train/grad_norm': 1500, 'eval/loss': 30 });
    expect(points('sft-llama-3-8b')).toMatchObject({ loss: 100, eval_loss: 10, train_loss: 1 });
    expect(points('dpo-llama-3-8b')).toMatchObject({ loss: 121, 'rewards/margins': 121, eval_loss: 12 });
    expect(byPath['sft-llama-3-8b']?.checkpoints.map((c) => [c.path, c.step])).toEqual([
      ['sft-llama-3-8b/checkpoint-500', 500],
      ['sft-llama-3-8b/checkpoint-1000', 1000],
    ]);
    expect(byPath['base-pretrain']?.status).toBe('finished');
    expect(report.runs.every((r) => r.warnings.length === 0)).toBe(true);
  });

  describe('the runs that show a problem', () => {
    /** One run's series as imported: steps and values in read order. */
    async function seriesOf(run: string, metric: string): Promise<{ steps: number[]; values: number[] }> {
      const root = path.join(repoRoot, 'demo');
      const scanned = await scanSource(root, importers);
      const claim = scanned.scan.claims.find((c) => c.relPath === run);
      if (!claim) throw new Error(`no demo run ${run}`);
      const s = (await readClaim(scanned, claim, new AbortController().signal)).series.get(metric);
      if (!s) throw new Error(`no ${metric} in ${run}`);
      return { steps: Array.from(s.steps.view()), values: Array.from(s.values.view()) };
    }

    it('overfit-small-data: train loss falls, eval loss has one clear minimum (the step the README gives), then rises', async () => {
      const train = await seriesOf('overfit-small-data', 'train/loss');
      const ev = await seriesOf('overfit-small-data', 'eval/loss');
      expect(train.values.at(-1) as number).toBeLessThan((train.values[0] as number) / 3);
      const best = ev.values.indexOf(Math.min(...ev.values));
      const bestStep = ev.steps[best] as number;
      const documented = /best eval loss at step (\d+)/.exec(readFileSync(path.join(repoRoot, 'demo', 'README.md'), 'utf8'));
      expect(Number(documented?.[1])).toBe(bestStep);
      // A clear minimum: well inside the run, and the last eval is far above it.
      expect(best).toBeGreaterThan(3);
      expect(best).toBeLessThan(ev.values.length - 10);
      expect(ev.values.at(-1) as number).toBeGreaterThan(1.3 * (ev.values[best] as number));
    });

    it('fp16-nan-spike: a loss spike that recovers, then one NaN loss and one infinite grad norm', async () => {
      const loss = await seriesOf('fp16-nan-spike', 'loss');
      const grad = await seriesOf('fp16-nan-spike', 'grad_norm');
      const nanAt = loss.values.flatMap((v, i) => (Number.isNaN(v) ? [loss.steps[i]] : []));
      expect(nanAt).toEqual([700]);
      expect(grad.values.flatMap((v, i) => (v === Infinity ? [grad.steps[i]] : []))).toEqual([700]);
      const finite = loss.values.filter(Number.isFinite);
      const median = [...finite].sort((a, b) => a - b)[finite.length >> 1] as number;
      const spike = loss.values[loss.steps.indexOf(610)] as number;
      expect(spike).toBe(Math.max(...finite));
      expect(spike).toBeGreaterThan(2 * median);
      expect(loss.values.at(-1) as number).toBeLessThan(1.2 * median);
    });

    it('resumed-pretrain: two event files; steps restart once, from 1500 back to 1010, and overlap', async () => {
      const loss = await seriesOf('resumed-pretrain', 'train/loss');
      const backwards = loss.steps.flatMap((s, i) => (i > 0 && s < (loss.steps[i - 1] as number) ? [[loss.steps[i - 1], s]] : []));
      expect(backwards).toEqual([[1500, 1010]]);
      expect(loss.steps.filter((s) => s === 1200)).toHaveLength(2);
      expect(loss.steps.at(-1)).toBe(3000);
      expect(listFiles(path.join(repoRoot, 'demo', 'resumed-pretrain')).filter((f) => f.startsWith('events.out.tfevents.'))).toHaveLength(2);
    });

    it('megatron-crash-resume: a raw Megatron log whose lm loss goes back once at the relaunch (1730 → 1510), after rank 5 ECC error', async () => {
      const run = 'megatron-crash-resume/train.log';
      const loss = await seriesOf(run, 'lm loss');
      const backwards = loss.steps.flatMap((s, i) => (i > 0 && s < (loss.steps[i - 1] as number) ? [[loss.steps[i - 1], s]] : []));
      expect(backwards).toEqual([[1730, 1510]]);
      expect(loss.steps.at(-1)).toBe(3000);
      expect((await seriesOf(run, 'grad norm')).steps).toEqual(loss.steps);
      // Smoothly decreasing: the last point is well below the first, and no logged value is far off its neighbours.
      expect(loss.values.at(-1) as number).toBeLessThan((loss.values[0] as number) / 3);
      const ratios = loss.values.slice(1).map((v, i) => v / (loss.values[i] as number));
      expect(Math.min(...ratios)).toBeGreaterThan(0.85);
      expect(Math.max(...ratios)).toBeLessThan(1.08);
      const text = readFileSync(path.join(repoRoot, 'demo', run), 'utf8').split('\n');
      const ecc = text.findIndex((l) => l.startsWith('[rank5]: RuntimeError: CUDA error: uncorrectable ECC error encountered'));
      const lastBefore = text.slice(0, ecc).findLast((l) => / iteration +\d+\//.test(l));
      expect(lastBefore).toMatch(/ iteration +1730\//);
      expect(text.filter((l) => l.includes('Watchdog caught collective operation timeout'))).toHaveLength(8);
      expect(text.some((l) => /successfully loaded checkpoint .* at iteration 1500$/.test(l))).toBe(true);
    });

    it('keeps the demo small', () => {
      const bytes = listFiles(path.join(repoRoot, 'demo')).reduce((a, f) => a + statSync(path.join(repoRoot, 'demo', f)).size, 0);
      // Most of it is the eval samples (4 models × 7 tasks × 300 documents) that the paired analysis needs.
      expect(bytes).toBeLessThan(5 * 1024 * 1024);
    });
  });
});
