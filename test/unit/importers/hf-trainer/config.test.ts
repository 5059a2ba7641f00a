import { describe, expect, it } from 'vitest';
import { originOf, readSideFile, sideFileConfigs, stateConfig } from '../../../../main/importers/hf-trainer/config';
import type { JsonObject } from '../../../../shared/util/tolerant-json';
import { parseTolerantJson } from '../../../../shared/util/tolerant-json';
import { bytes } from './build';

describe('stateConfig', () => {
  it('keeps the listed trainer_state fields and flattens callback state and trial params', () => {
    const fields = parseTolerantJson(`{
      "best_global_step": 140, "best_metric": NaN, "best_model_checkpoint": "x/checkpoint-140", "epoch": 2.5, "eval_steps": 20,
      "global_step": 160, "is_hyper_param_search": false, "is_local_process_zero": true, "is_world_process_zero": true,
      "logging_steps": 1.0, "max_steps": 480, "num_input_tokens_seen": 131090, "num_train_epochs": 8, "save_steps": 0.1,
      "stateful_callbacks": {"EarlyStoppingCallback": {"args": {"early_stopping_patience": 3}, "attributes": {"early_stopping_patience_counter": 1}}},
      "total_flos": 1.5e17, "train_batch_size": null, "trial_name": null, "trial_params": {"learning_rate": 1e-4}
    }`) as JsonObject;
    expect(stateConfig(fields)).toEqual({
      kind: 'config',
      origin: 'trainer_state',
      entries: {
        global_step: 160,
        max_steps: 480,
        num_train_epochs: 8,
        logging_steps: 1,
        eval_steps: 20,
        save_steps: 0.1,
        train_batch_size: null,
        best_metric: 'NaN',
        best_global_step: 140,
        total_flos: 1.5e17,
        num_input_tokens_seen: 131090,
        is_hyper_param_search: false,
        trial_name: null,
        'stateful_callbacks.EarlyStoppingCallback.args.early_stopping_patience': 3,
        'stateful_callbacks.EarlyStoppingCallback.attributes.early_stopping_patience_counter': 1,
        'trial_params.learning_rate': 1e-4,
      },
    });
  });

  it('gives nothing for a state with none of the fields', () => {
    expect(stateConfig({ log_history: [], epoch: 1 })).toBeNull();
  });
});

describe('side files', () => {
  it.each([
    ['o/adapter_config.json', 'adapter_config'],
    ['o/checkpoint-2/config.json', 'model_config'],
    ['o/eval_results.json', 'results'],
    ['o/test_results.json', 'results'],
    ['o/trainer_log.jsonl', null],
    ['o/results.json', null],
  ])('%s has origin %s', (file, origin) => {
    expect(originOf(file)).toBe(origin);
  });

  it('keeps the complete members of a damaged file and says where it broke', () => {
    const { side, warning } = readSideFile('o/config.json', 'model_config', bytes('{"model_type": "llama", "rope_scaling": {"factor": 8.0, "ty'));
    expect(side.members).toEqual({ model_type: 'llama' });
    expect(warning).toEqual({ kind: 'warning', file: 'o/config.json', offset: 59, message: 'Damaged JSON: the file ends early at byte 59 (line 1), as if cut while being written. Kept the 1 complete top-level entries before it.' });
    expect(readSideFile('o/all_results.json', 'results', bytes('[1]')).warning?.message).toBe('Expected a JSON object; the file was skipped.');
  });

  it('merges results (split files override all_results) and picks one adapter and model config per run', () => {
    const side = (file: string, origin: 'results' | 'adapter_config' | 'model_config', json: string) => readSideFile(file, origin, bytes(json)).side;
    const configs = sideFileConfigs(
      [
        side('o/all_results.json', 'results', '{"train_loss": 0.5, "eval_loss": 0.3}'),
        side('o/train_results.json', 'results', '{"train_loss": 0.45}'),
        side('o/checkpoint-10/adapter_config.json', 'adapter_config', '{"r": 16, "target_modules": ["q_proj"]}'),
        side('o/checkpoint-2/adapter_config.json', 'adapter_config', '{"r": 8}'),
        side('o/checkpoint-10/config.json', 'model_config', '{"model_type": "qwen2"}'),
      ],
      'o',
    );
    expect(configs).toEqual([
      { kind: 'config', origin: 'results', entries: { train_loss: 0.45, eval_loss: 0.3 } },
      { kind: 'config', origin: 'adapter_config', entries: { r: 16, target_modules: '["q_proj"]' } },
      { kind: 'config', origin: 'model_config', entries: { model_type: 'qwen2' } },
    ]);
  });

  it('prefers the top-level adapter config over any checkpoint copy', () => {
    const side = (file: string, json: string) => readSideFile(file, 'adapter_config', bytes(json)).side;
    const configs = sideFileConfigs([side('o/adapter_config.json', '{"r": 4}'), side('o/checkpoint-99/adapter_config.json', '{"r": 99}')], 'o');
    expect(configs).toEqual([{ kind: 'config', origin: 'adapter_config', entries: { r: 4 } }]);
  });
});
