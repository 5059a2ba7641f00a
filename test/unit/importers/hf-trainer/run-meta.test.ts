import { describe, expect, it } from 'vitest';
import { runMeta } from '../../../../main/importers/hf-trainer/run-meta';
import type { StateFile } from '../../../../main/importers/hf-trainer/state-file';
import type { JsonObject, JsonValue } from '../../../../shared/util/tolerant-json';

const state = (fields: JsonObject, rows: JsonValue[] = [], isDamaged = false): StateFile => ({
  file: 'o/trainer_state.json',
  fields,
  rows,
  globalStep: typeof fields.global_step === 'number' ? fields.global_step : null,
  isDamaged,
  warnings: [],
});

describe('runMeta', () => {
  it.each([
    ['global_step reached max_steps', state({ global_step: 625, max_steps: 625 }), 'finished'],
    ['global_step beyond max_steps', state({ global_step: 630, max_steps: 625 }), 'finished'],
    ['stopped early without a summary row', state({ global_step: 160, max_steps: 480 }), 'unknown'],
    ['max_steps 0 (unset)', state({ global_step: 0, max_steps: 0 }), 'unknown'],
    ['a final summary row', state({ global_step: 400, max_steps: 9000 }, [{ step: 400, train_runtime: 12.5 }]), 'finished'],
    ['a null train_runtime is no summary', state({ global_step: 4, max_steps: 9 }, [{ step: 4, train_runtime: null }]), 'unknown'],
  ])('%s → %s', (_why, s, status) => {
    expect(runMeta(s).status).toBe(status);
  });

  it('keeps best_model_checkpoint as written, null when unset, and leaves it out when damage hid it', () => {
    expect(runMeta(state({ best_model_checkpoint: '/abs/elsewhere/checkpoint-200' })).bestModelCheckpoint).toBe('/abs/elsewhere/checkpoint-200');
    expect(runMeta(state({ best_model_checkpoint: null }))).toEqual({ kind: 'run-meta', status: 'unknown', bestModelCheckpoint: null });
    expect(runMeta(state({}))).toEqual({ kind: 'run-meta', status: 'unknown', bestModelCheckpoint: null });
    expect(runMeta(state({}, [], true))).toEqual({ kind: 'run-meta', status: 'unknown' });
    expect(runMeta(null)).toEqual({ kind: 'run-meta', status: 'unknown' });
  });
});
