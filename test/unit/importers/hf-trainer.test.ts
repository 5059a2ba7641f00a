import { describe, expect, it } from 'vitest';
import { hfTrainerImporter } from '../../../main/importers/hf-trainer';
import type { DirNode } from '../../../shared/importers/importer';
import type { CheckpointRecord, ConfigRecord, RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const state = (globalStep: number, rows: string[], extra = '') =>
  `{\n  "best_model_checkpoint": "out/checkpoint-2",\n  "global_step": ${globalStep},\n  "log_history": [\n${rows.join(',\n')}\n  ],\n  "max_steps": 4${extra}\n}`;
const rows = [
  '{"loss": 0.6931, "rewards/margins": 0.0, "step": 1}',
  '{"loss": NaN, "grad_norm": Infinity, "step": 2}',
  '{"eval_loss": 0.5, "step": 2}',
  '{"completions/mean_terminated_length": null, "loss": -0.04, "step": 3}',
  '{"loss": 0.2, "mode": "train", "step": 4}',
  '{"train_runtime": 12.5, "train_loss": 0.3, "step": 4}',
];

describe('hf-trainer detect', () => {
  const dir = (relPath: string, files: string[], dirs: DirNode[] = []): DirNode => ({ relPath, name: relPath.split('/').pop() ?? '', files: files.map((name) => ({ name, size: 1, mtimeMs: 0 })), dirs });
  it('folds checkpoint-N folders into the run in step order, then the top-level state and the extras', async () => {
    const d = dir('out', ['trainer_state.json', 'all_results.json', 'README.md'], [
      dir('out/checkpoint-10', ['trainer_state.json', 'adapter_config.json']),
      dir('out/checkpoint-2', ['trainer_state.json']),
      dir('out/runs', []),
    ]);
    expect(await hfTrainerImporter.detect(d, async () => new Uint8Array())).toEqual({
      confidence: 0.95,
      files: ['out/checkpoint-2/trainer_state.json', 'out/checkpoint-10/trainer_state.json', 'out/trainer_state.json', 'out/all_results.json', 'out/checkpoint-10/adapter_config.json'],
    });
  });
  it('claims nothing without a trainer state', async () => {
    expect(await hfTrainerImporter.detect(dir('x', ['config.json']), async () => new Uint8Array())).toBeNull();
  });
});

describe('hf-trainer parse', () => {
  it('turns log_history into exactly named series: NaN/Inf kept, null and strings skipped', async () => {
    const recs = await collect(hfTrainerImporter, memorySource({ 'out/trainer_state.json': state(4, rows) }, 'out'));
    const s = seriesOf(recs);
    expect(s.get('loss')?.steps).toEqual([1, 2, 3, 4]);
    expect(s.get('loss')?.values.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([0.6931, 'NaN', -0.04, 0.2]);
    expect(s.get('grad_norm')?.values).toEqual([Infinity]);
    expect(s.get('rewards/margins')?.values).toEqual([0]);
    expect(s.has('completions/mean_terminated_length')).toBe(false);
    expect(s.has('mode')).toBe(false);
    expect(s.get('train_loss')).toEqual({ steps: [4], values: [0.3] });
    expect(recs.find((r): r is RunMetaRecord => r.kind === 'run-meta')).toMatchObject({ status: 'finished', bestModelCheckpoint: 'out/checkpoint-2' });
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config' && r.origin === 'trainer_state')?.entries).toMatchObject({ global_step: 4, max_steps: 4 });
  });

  it('uses the newest state, lists checkpoints, and warns when a checkpoint is not a prefix (resumed/diverged)', async () => {
    const recs = await collect(
      hfTrainerImporter,
      memorySource({
        'out/checkpoint-2/trainer_state.json': state(2, [rows[0] as string, '{"loss": 9.9, "step": 2}']),
        'out/checkpoint-4/trainer_state.json': state(4, rows),
      }, 'out'),
    );
    expect(seriesOf(recs).get('loss')?.steps).toEqual([1, 2, 3, 4]);
    expect(recs.filter((r): r is CheckpointRecord => r.kind === 'checkpoint')).toEqual([
      { kind: 'checkpoint', path: 'out/checkpoint-2', step: 2 },
      { kind: 'checkpoint', path: 'out/checkpoint-4', step: 4 },
    ]);
    expect(recs.find((r): r is WarningRecord => r.kind === 'warning')).toMatchObject({ file: 'out/checkpoint-2/trainer_state.json', message: expect.stringContaining('not a prefix') });
  });

  it('keeps the complete rows of a truncated state at every cut, with a warning naming the offset', async () => {
    const text = state(4, rows);
    let prev = 0;
    for (let cut = 0; cut < text.length; cut += 3) {
      const recs = await collect(hfTrainerImporter, memorySource({ 'out/trainer_state.json': text.slice(0, cut) }, 'out'));
      const n = seriesOf(recs).get('loss')?.steps.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
      const w = recs.find((r): r is WarningRecord => r.kind === 'warning');
      expect(w?.file).toBe('out/trainer_state.json');
      expect(w?.message).toContain('Damaged JSON');
    }
    expect(prev).toBe(4);
  });

  it('reads adapter and results JSON as config and warns on a broken one', async () => {
    const recs = await collect(hfTrainerImporter, memorySource({
      'out/trainer_state.json': state(4, rows),
      'out/adapter_config.json': '{"r": 16, "target_modules": ["q_proj", "v_proj"]}',
      'out/all_results.json': '{"eval_loss": 0.5',
    }, 'out'));
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config' && r.origin === 'adapter_config')?.entries).toEqual({ r: 16, target_modules: '["q_proj","v_proj"]' });
    expect(recs.find((r): r is WarningRecord => r.kind === 'warning')?.file).toBe('out/all_results.json');
  });
});
