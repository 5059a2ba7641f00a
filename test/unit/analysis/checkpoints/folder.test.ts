import { describe, expect, it } from 'vitest';
import { checkCheckpoint, stepOfFolder } from '../../../../shared/analysis/checkpoints/folder';
import type { CheckpointFacts } from '../../../../shared/analysis/checkpoints/folder';

const hfCheckpoint = (over: Partial<CheckpointFacts> = {}): CheckpointFacts => ({
  folder: 'checkpoint-500',
  files: [
    { name: 'model-00001-of-00002.safetensors', size: 100 },
    { name: 'model-00002-of-00002.safetensors', size: 80 },
    { name: 'model.safetensors.index.json', size: 50 },
    { name: 'optimizer.pt', size: 300 },
    { name: 'rng_state.pth', size: 14 },
    { name: 'trainer_state.json', size: 900 },
    { name: 'training_args.bin', size: 5 },
  ],
  indexes: { 'model.safetensors.index.json': JSON.stringify({ weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }) },
  safetensors: {},
  trainerStateStep: 500,
  ...over,
});

describe('checkCheckpoint', () => {
  it('a complete HF checkpoint: ok, with optimizer and RNG state, pickles listed not loaded', () => {
    const r = checkCheckpoint(hfCheckpoint());
    expect(r).toMatchObject({ ok: true, problems: [], step: 500, hasOptimizer: true, hasRngState: true, fileCount: 7, totalBytes: 1449 });
    expect(r.pickles.map((p) => p.name)).toEqual(['optimizer.pt', 'rng_state.pth', 'training_args.bin']);
  });

  it('flags a shard missing from its index, an empty file, a step mismatch, a truncated safetensors', () => {
    const files = hfCheckpoint().files.filter((f) => f.name !== 'model-00002-of-00002.safetensors').map((f) => (f.name === 'rng_state.pth' ? { ...f, size: 0 } : f));
    const r = checkCheckpoint(
      hfCheckpoint({ files, trainerStateStep: 400, safetensors: { 'model-00001-of-00002.safetensors': { ok: false, problems: ['truncated: the tensors need 120 bytes, the file has 100 (20 missing)'], tensors: 1, dataBytes: 0, expectedFileBytes: 120 } } }),
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      'empty file: rng_state.pth (0 bytes)',
      'model-00001-of-00002.safetensors: truncated: the tensors need 120 bytes, the file has 100 (20 missing)',
      'missing shard: model-00002-of-00002.safetensors (listed in model.safetensors.index.json)',
      'missing shard: 00002-of-00002 of model.safetensors',
      'trainer_state.json says global_step 400, the folder name says 500',
    ]);
  });

  it('knows checkpoint folder names and a folder without weights', () => {
    expect(['checkpoint-625', 'global_step1200', 'epoch=3-step=1200', 'step_40', 'final'].map(stepOfFolder)).toEqual([625, 1200, 1200, 40, null]);
    expect(checkCheckpoint({ folder: 'checkpoint-1', files: [{ name: 'trainer_state.json', size: 10 }], indexes: {}, safetensors: {}, trainerStateStep: null }).problems).toEqual(['no model weights (no .safetensors, .bin or .pt file)']);
  });
});
