import { describe, expect, it } from 'vitest';
import { hfTrainerImporter } from '../../../../main/importers/hf-trainer';
import { detectTrainerRun } from '../../../../main/importers/hf-trainer/detect';
import { dir } from './build';

describe('hf-trainer detect', () => {
  it('lists checkpoint states by ascending N, then the top-level state, results, adapters and the model config', () => {
    const d = dir('out', ['trainer_state.json', 'config.json', 'adapter_config.json', 'eval_results.json', 'predict_results.json', 'all_results.json', 'train_results.json', 'README.md', 'training_args.bin'], [
      dir('out/checkpoint-10', ['trainer_state.json', 'adapter_config.json', 'config.json']),
      dir('out/checkpoint-2', ['trainer_state.json', 'adapter_config.json', 'optimizer.pt']),
      dir('out/runs', ['events.out.tfevents.1.host.1.0']),
    ]);
    expect(detectTrainerRun(d)).toEqual({
      confidence: 0.95,
      files: [
        'out/checkpoint-2/trainer_state.json',
        'out/checkpoint-10/trainer_state.json',
        'out/trainer_state.json',
        'out/all_results.json',
        'out/train_results.json',
        'out/eval_results.json',
        'out/predict_results.json',
        'out/adapter_config.json',
        'out/checkpoint-2/adapter_config.json',
        'out/checkpoint-10/adapter_config.json',
        'out/config.json',
      ],
    });
  });

  it('claims checkpoint folders alone, taking the newest checkpoint config.json when the run has none of its own', () => {
    const d = dir('', [], [
      dir('checkpoint-300', ['trainer_state.json', 'config.json']),
      dir('checkpoint-100', ['trainer_state.json', 'config.json']),
      dir('checkpoint-200', ['config.json']),
      dir('checkpoint-final', ['trainer_state.json']),
      dir('best_model', ['trainer_state.json']),
    ]);
    expect(detectTrainerRun(d)?.files).toEqual(['checkpoint-100/trainer_state.json', 'checkpoint-300/trainer_state.json', 'checkpoint-300/config.json']);
  });

  it('claims a lone checkpoint-N folder by the same rule (the host drops it when its parent owns the file)', async () => {
    const d = dir('out/checkpoint-5', ['trainer_state.json', 'adapter_config.json']);
    expect(await hfTrainerImporter.detect(d, async () => new Uint8Array())).toEqual({ confidence: 0.95, files: ['out/checkpoint-5/trainer_state.json', 'out/checkpoint-5/adapter_config.json'] });
  });

  it.each([
    ['results and configs without a trainer state', dir('x', ['config.json', 'all_results.json', 'adapter_config.json'])],
    ['checkpoint folders without a trainer state', dir('x', [], [dir('x/checkpoint-1', ['config.json', 'model.safetensors'])])],
    ['a state two levels down', dir('x', [], [dir('x/run', [], [dir('x/run/checkpoint-1', ['trainer_state.json'])])])],
    ['a near-miss name', dir('x', ['trainer_state.json.bak', 'Trainer_State.json'])],
  ])('claims nothing for %s', (_why, d) => {
    expect(detectTrainerRun(d)).toBeNull();
  });
});
