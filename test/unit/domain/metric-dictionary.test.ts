import { describe, expect, it } from 'vitest';
import { METRIC_ENTRIES, lookupMetric, normaliseMetricKey } from '../../../shared/domain/metric-dictionary';

const look = (name: string) => {
  const l = lookupMetric(name);
  return l === null ? null : { key: l.entry.key, display: l.display, direction: l.entry.direction, group: l.entry.group };
};

describe('metric dictionary', () => {
  it('knows HF Trainer names and which way is good', () => {
    expect(look('loss')).toEqual({ key: 'loss', display: 'Loss', direction: 'lower', group: 'loss' });
    expect(look('eval_loss')).toMatchObject({ key: 'eval_loss', direction: 'lower' });
    expect(look('learning_rate')).toMatchObject({ display: 'Learning rate', direction: null, group: 'optimizer' });
    expect(look('grad_norm')).toMatchObject({ display: 'Gradient norm', direction: null });
    expect(look('train_runtime')).toMatchObject({ key: 'train_runtime', group: 'throughput' });
    expect(lookupMetric('train_runtime')?.entry.unit).toBe('s');
  });

  it('strips split prefixes (train/, eval/, eval_) and names the split in the display name', () => {
    expect(look('train/loss')).toMatchObject({ key: 'loss', display: 'Train loss', direction: 'lower' });
    expect(look('eval/accuracy')).toMatchObject({ key: 'accuracy', display: 'Eval accuracy', direction: 'higher' });
    expect(look('eval_samples_per_second')).toMatchObject({ key: 'samples_per_second', display: 'Eval samples/s' });
    expect(look('val/f1')).toMatchObject({ key: 'f1', display: 'Validation F1' });
    // The entry already says "Train": not "Train train loss".
    expect(look('train/train_loss')).toMatchObject({ key: 'train_loss', display: 'Train loss' });
    // A predict metric under HF's TensorBoard `train/` prefix.
    expect(look('train/predict_loss')).toMatchObject({ key: 'loss', display: 'Predict loss' });
  });

  it('ignores case, spaces and dashes (Megatron writes `lm loss`, `grad norm`)', () => {
    expect(normaliseMetricKey(' Grad-Norm ')).toBe('grad_norm');
    expect(look('lm loss')).toMatchObject({ key: 'lm_loss', direction: 'lower' });
    expect(look('grad norm')).toMatchObject({ key: 'grad_norm' });
    expect(look('loss scale')).toMatchObject({ key: 'loss_scale', group: 'optimizer' });
    expect(look('Train/Loss')).toMatchObject({ key: 'loss', display: 'Train loss' });
    expect(look('valid/lm loss PPL')).toMatchObject({ key: 'lm_loss_ppl', display: 'Validation LM perplexity', direction: 'lower' });
  });

  it('knows TRL preference and RL names, with reward-function wildcards', () => {
    expect(look('rewards/accuracies')).toMatchObject({ direction: 'higher', group: 'rewards' });
    expect(look('rewards/margins')).toMatchObject({ direction: 'higher' });
    expect(look('rewards/chosen')).toMatchObject({ direction: null });
    expect(look('logps/rejected')).toMatchObject({ key: 'logps/rejected' });
    expect(look('objective/rlhf_reward')).toMatchObject({ direction: 'higher' });
    expect(look('objective/kl')).toMatchObject({ direction: null, group: 'policy' });
    expect(look('rewards/wordle_reward_func/mean')).toMatchObject({ key: 'rewards/*/mean', direction: 'higher' });
    expect(look('eval_rewards/wordle_reward_func/std')).toMatchObject({ key: 'rewards/*/std', display: 'Eval reward function std' });
    expect(look('completions/clipped_ratio')).toMatchObject({ direction: 'lower' });
    expect(look('clip_ratio/high_max')).toMatchObject({ key: 'clip_ratio/high_max' });
    // PPO's val/ is the value head, not validation: the exact entry wins over stripping `val/`.
    expect(look('val/ratio')).toMatchObject({ key: 'val/ratio', display: 'Importance ratio' });
  });

  it('splits lm-eval filters off `<metric>,<filter>` and shows a real filter', () => {
    expect(look('acc,none')).toMatchObject({ key: 'acc', display: 'Accuracy', direction: 'higher' });
    expect(look('exact_match,strict-match')).toMatchObject({ key: 'exact_match', display: 'Exact match [strict-match]' });
    expect(lookupMetric('exact_match,flexible-extract')?.filter).toBe('flexible-extract');
    expect(look('word_perplexity,none')).toMatchObject({ direction: 'lower' });
    expect(look('acc_norm')).toMatchObject({ direction: 'higher' });
    // A comma followed by a space is part of the name, not a filter.
    expect(look('acc, top-1')).toBeNull();
  });

  it('matches HF per-dataset eval names and Lightning step/epoch copies', () => {
    expect(look('eval_g0_loss')).toMatchObject({ key: 'loss', display: 'Eval loss (g0)', direction: 'lower' });
    expect(look('eval_g3_accuracy')).toMatchObject({ key: 'accuracy', display: 'Eval accuracy (g3)' });
    expect(look('train_loss_step')).toMatchObject({ key: 'train_loss', display: 'Train loss per step' });
    expect(look('train_loss_epoch')).toMatchObject({ key: 'train_loss', display: 'Train loss per epoch' });
    expect(look('train_perplexity_step')).toMatchObject({ key: 'perplexity', display: 'Train perplexity per step' });
  });

  it('knows verl, Lightning and Megatron names', () => {
    expect(look('actor/pg_loss')).toMatchObject({ key: 'actor/pg_loss', group: 'loss' });
    expect(look('critic/score/mean')).toMatchObject({ direction: 'higher' });
    expect(look('response_length/mean')).toMatchObject({ group: 'generation' });
    expect(look('val/test_score/openai/gsm8k')).toMatchObject({ key: 'test_score/**', direction: 'higher' });
    expect(look('hp_metric')).toMatchObject({ key: 'hp_metric', direction: null });
    expect(look('val_loss')).toMatchObject({ key: 'val_loss', direction: 'lower' });
    expect(look('elapsed time per iteration (ms)')).toMatchObject({ direction: 'lower' });
    expect(lookupMetric('elapsed time per iteration (ms)')?.entry.unit).toBe('ms');
  });

  it('returns null for names it does not know rather than guessing', () => {
    expect(look('my_custom_thing')).toBeNull();
    expect(look('sys/gpu util %')).toBeNull();
    expect(look('')).toBeNull();
    expect(look('hparam/Final_Val_Loss')).toBeNull();
  });

  it('has one description and a display name on every entry', () => {
    for (const e of METRIC_ENTRIES) {
      expect(e.display.length, e.key).toBeGreaterThan(0);
      expect(e.description.length, e.key).toBeGreaterThan(0);
      expect(e.key, e.key).toBe(normaliseMetricKey(e.key));
    }
  });
});
