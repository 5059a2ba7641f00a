import { describe, expect, it } from 'vitest';
import { checkpointRecords } from '../../../../main/importers/hf-trainer/checkpoints';

describe('checkpointRecords', () => {
  it('lists each checkpoint-N folder of the run once, ascending N, with paths from the source root', () => {
    const files = ['o/checkpoint-100/trainer_state.json', 'o/checkpoint-20/trainer_state.json', 'o/trainer_state.json', 'o/checkpoint-20/adapter_config.json', 'o/all_results.json'];
    expect(checkpointRecords(files, 'o')).toEqual([
      { kind: 'checkpoint', path: 'o/checkpoint-20', step: 20 },
      { kind: 'checkpoint', path: 'o/checkpoint-100', step: 100 },
    ]);
  });

  it('works at the source root and ignores folders that are not direct checkpoint-N children', () => {
    const files = ['checkpoint-3/trainer_state.json', 'x/checkpoint-4/trainer_state.json', 'checkpoint-best/config.json', 'trainer_state.json'];
    expect(checkpointRecords(files, '')).toEqual([{ kind: 'checkpoint', path: 'checkpoint-3', step: 3 }]);
  });

  it('a lone checkpoint-N run is not a checkpoint of itself', () => {
    expect(checkpointRecords(['o/checkpoint-5/trainer_state.json'], 'o/checkpoint-5')).toEqual([]);
  });
});
