import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { importers } from '../../main/importers/registry';
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
    expect(Object.keys(byPath).sort()).toEqual(['base-pretrain', 'dpo-llama-3-8b', 'sft-llama-3-8b', 'sft-llama-3-8b/runs/Nov21_09-00-00_demo-host']);
    const points = (p: string) => Object.fromEntries(byPath[p]?.metrics.map((m) => [m.name, m.points]) ?? []);
    expect(points('base-pretrain')).toEqual({ 'train/loss': 1500, 'train/learning_rate': 1500, 'train/grad_norm': 1500, 'eval/loss': 30 });
    expect(points('sft-llama-3-8b')).toMatchObject({ loss: 100, eval_loss: 10, train_loss: 1 });
    expect(points('dpo-llama-3-8b')).toMatchObject({ loss: 121, 'rewards/margins': 121, eval_loss: 12 });
    expect(byPath['sft-llama-3-8b']?.checkpoints).toEqual([{ path: 'sft-llama-3-8b/checkpoint-500', step: 500 }, { path: 'sft-llama-3-8b/checkpoint-1000', step: 1000 }]);
    expect(byPath['base-pretrain']?.status).toBe('finished');
    expect(report.runs.every((r) => r.warnings.length === 0)).toBe(true);
  });
});
