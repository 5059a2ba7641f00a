import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { importers } from '../../main/importers/registry';
import { checkCheckpointFolder } from '../../main/services/checkpoint-integrity';
import { buildSafetensors } from '../../shared/analysis/checkpoints/safetensors';
import { call, importFolder, openHost } from '../helpers/host';
import { hasRealdata, realdataDir, repoRoot, tempDir } from '../helpers/paths';

/** Issue 8 §4 and §6: checkpoint folders checked from disk without loading a tensor or a pickle, listed by inspect. */
describe('checkpoint integrity', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    t = await tempDir();
  });
  afterAll(() => t.cleanup());

  const put = async (rel: string, data: string | Uint8Array) => {
    await mkdir(path.dirname(path.join(t.dir, rel)), { recursive: true });
    await writeFile(path.join(t.dir, rel), data);
  };
  const state = (step: number) => JSON.stringify({ global_step: step, log_history: [{ step, loss: 1.5 }], best_model_checkpoint: null });

  it('flags a shard missing from its index and a truncated safetensors file (fixtures built here)', async () => {
    const shard = buildSafetensors([{ name: 'w', dtype: 'F32', shape: [64, 64] }]);
    await put('out/trainer_state.json', state(200));
    // checkpoint-100: sharded, one shard of two missing.
    await put('out/checkpoint-100/trainer_state.json', state(100));
    await put('out/checkpoint-100/model-00001-of-00002.safetensors', shard);
    await put('out/checkpoint-100/model.safetensors.index.json', JSON.stringify({ metadata: { total_size: 2 * shard.length }, weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }));
    // checkpoint-200: a single file, cut 1000 bytes short.
    await put('out/checkpoint-200/trainer_state.json', state(200));
    await put('out/checkpoint-200/model.safetensors', shard.subarray(0, shard.length - 1000));
    // checkpoint-300: healthy.
    await put('out/checkpoint-300/trainer_state.json', state(300));
    await put('out/checkpoint-300/model.safetensors', shard);
    await put('out/checkpoint-300/optimizer.pt', 'not read');

    const report = await inspectFolder(t.dir, importers);
    const cps = report.runs.find((r) => r.path === 'out')?.checkpoints ?? [];
    expect(cps.map((c) => [c.path, c.step, c.ok])).toEqual([
      ['out/checkpoint-100', 100, false],
      ['out/checkpoint-200', 200, false],
      ['out/checkpoint-300', 300, true],
    ]);
    expect(cps[0]?.problems).toEqual(['missing shard: model-00002-of-00002.safetensors (listed in model.safetensors.index.json)', 'missing shard: 00002-of-00002 of model.safetensors']);
    expect(cps[1]?.problems).toEqual([`model.safetensors: truncated: the tensors need ${shard.length} bytes, the file has ${shard.length - 1000} (1000 missing)`]);
    const healthy = await checkCheckpointFolder(path.join(t.dir, 'out', 'checkpoint-300'));
    expect(healthy).toMatchObject({ ok: true, hasOptimizer: true, hasRngState: false, fileCount: 3 });
    expect(healthy.pickles.map((p) => p.name)).toEqual(['optimizer.pt']);
  });

  it("the demo's last DPO checkpoint was cut short; the others are whole", async () => {
    const report = await inspectFolder(path.join(repoRoot, 'demo'), importers);
    const all = report.runs.flatMap((r) => r.checkpoints).filter((c) => c.ok !== null);
    expect(all.map((c) => [c.path, c.ok])).toEqual([
      ['dpo-llama-3-8b/checkpoint-300', true],
      ['dpo-llama-3-8b/checkpoint-600', false],
      ['sft-llama-3-8b/checkpoint-500', true],
      ['sft-llama-3-8b/checkpoint-1000', true],
    ]);
    expect(all[1]?.problems[0]).toMatch(/^adapter_model\.safetensors: truncated: the tensors need \d+ bytes, the file has \d+ \(4096 missing\)$/);
  });

  it("a damaged checkpoint is a critical finding pinned to its step on the run's loss chart", async () => {
    const host = await openHost(path.join(t.dir, 'ws'));
    try {
      await importFolder(host, path.join(repoRoot, 'demo'));
      const runs = await call(host, 'library:list-runs', {});
      const dpo = runs.find((r) => r.path === 'dpo-llama-3-8b');
      const sft = runs.find((r) => r.path === 'sft-llama-3-8b');
      const found = await call(host, 'analysis:findings', { runIds: [dpo?.id ?? '', sft?.id ?? ''] });
      const bad = found.flatMap((r) => r.findings.filter((f) => f.kind === 'checkpoint').map((f) => ({ runId: r.runId, f })));
      expect(bad.map((b) => [b.runId, b.f.metric, b.f.step, b.f.severity])).toEqual([[dpo?.id, 'loss', 600, 'critical']]);
      expect(bad[0]?.f.explanation).toMatch(/^dpo-llama-3-8b\/checkpoint-600: adapter_model\.safetensors: truncated/);
    } finally {
      await host.close();
    }
  }, 60_000);

  it.skipIf(!hasRealdata)('realdata: checkpoint folders copied without their weights say so; lm-eval model references are not folders', async () => {
    const dpo = await checkCheckpointFolder(path.join(realdataDir, 'hf-trainer', 'SonYujeong0327__2025_AI502_ICCL', 'output_FT', 'my_dpo', 'checkpoint-625'));
    expect(dpo).toMatchObject({ ok: false, step: 625, problems: ['no model weights (no .safetensors, .bin or .pt file)'] });
    const report = await inspectFolder(path.join(realdataDir, 'lm-eval', 'EleutherAI__pythia', 'evals', 'bias-evals'), importers);
    expect(report.runs.flatMap((r) => r.checkpoints).every((c) => c.ok === null)).toBe(true);
  });
});
