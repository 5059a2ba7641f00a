import { describe, expect, it } from 'vitest';
import { TRAINING_EVAL_TASK, trainingEvalNumbers } from '../../../../shared/analysis/compare/training-evals';

describe('trainingEvalNumbers', () => {
  it('keeps the last value of held-out scores with their direction, and drops bookkeeping and train series', () => {
    const got = trainingEvalNumbers([
      { name: 'eval_loss', lastValue: 1.25 },
      { name: 'eval/accuracy', lastValue: 0.8 },
      { name: 'val_loss', lastValue: 1.3 },
      { name: 'test/my_custom_score', lastValue: 3 },
      { name: 'eval_runtime', lastValue: 12.5 },
      { name: 'eval_samples_per_second', lastValue: 40 },
      { name: 'eval_steps_per_second', lastValue: 5 },
      { name: 'eval/epoch', lastValue: 2 },
      { name: 'train/loss', lastValue: 0.9 },
      { name: 'loss', lastValue: 0.9 },
      { name: 'eval_nan', lastValue: Number.NaN },
      { name: 'eval_empty', lastValue: null },
    ]);
    expect(got.map((e) => [e.task, e.metric, e.value, e.higherIsBetter, e.stderr])).toEqual([
      [TRAINING_EVAL_TASK, 'eval_loss', 1.25, false, null],
      [TRAINING_EVAL_TASK, 'eval/accuracy', 0.8, true, null],
      [TRAINING_EVAL_TASK, 'val_loss', 1.3, false, null],
      [TRAINING_EVAL_TASK, 'test/my_custom_score', 3, null, null],
    ]);
  });
});
