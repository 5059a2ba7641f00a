/**
 * Well-known metric names from the trainers users run (HF Trainer, TRL, lm-eval, Lightning/TensorBoard, verl,
 * Megatron), with a display name, a group and which way is good. Pure data plus one lookup: the app never renames a
 * metric, it only shows these beside the raw name. Sources: /work/shared/reference/formats.md §3b–3d and the names in
 * test/fixtures.
 */

export type GoodDirection = 'lower' | 'higher' | null;

/** Groups for names with no `/` prefix of their own. */
export type MetricGroupId = 'loss' | 'optimizer' | 'progress' | 'throughput' | 'rewards' | 'policy' | 'generation' | 'accuracy' | 'benchmark' | 'system';

export const GROUP_LABELS: Readonly<Record<MetricGroupId, string>> = {
  loss: 'Loss',
  optimizer: 'Optimizer',
  progress: 'Progress',
  throughput: 'Throughput',
  rewards: 'Rewards',
  policy: 'Policy',
  generation: 'Generation',
  accuracy: 'Accuracy',
  benchmark: 'Benchmark scores',
  system: 'System',
};

export type MetricSourceTool = 'hf' | 'trl' | 'lm-eval' | 'lightning' | 'verl' | 'megatron' | 'common';

export interface MetricEntry {
  /**
   * The name as normalised by `normaliseMetricKey`; `*` stands for one path segment (a reward function's name),
   * a trailing `**` for the rest of the path (a verl data source like `openai/gsm8k`).
   */
  readonly key: string;
  readonly display: string;
  readonly group: MetricGroupId;
  readonly direction: GoodDirection;
  readonly unit?: string;
  readonly description: string;
  readonly source: MetricSourceTool;
  /**
   * Also matches as the `_`-separated tail of a longer name: HF names each eval set `eval_<set>_loss`, and
   * `g0_accuracy` is still an accuracy. Only for names unambiguous as a tail.
   */
  readonly tail?: boolean;
}

type E = MetricEntry;
const e = (key: string, display: string, group: MetricGroupId, direction: GoodDirection, source: MetricSourceTool, description: string, extra: Partial<Pick<E, 'unit' | 'tail'>> = {}): E => ({
  key,
  display,
  group,
  direction,
  source,
  description,
  ...extra,
});

export const METRIC_ENTRIES: readonly MetricEntry[] = [
  // HF Trainer (trainer_state.json log_history, TB `train/*`, `eval/*`).
  e('loss', 'Loss', 'loss', 'lower', 'hf', 'Training loss averaged over the logging interval.', { tail: true }),
  e('train_loss', 'Train loss', 'loss', 'lower', 'hf', 'HF: mean training loss over the whole run (final summary); Lightning: the logged training loss.'),
  e('eval_loss', 'Eval loss', 'loss', 'lower', 'hf', 'Loss on the evaluation set.'),
  e('val_loss', 'Validation loss', 'loss', 'lower', 'lightning', 'Loss on the validation set.'),
  e('test_loss', 'Test loss', 'loss', 'lower', 'common', 'Loss on the test set.'),
  e('learning_rate', 'Learning rate', 'optimizer', null, 'hf', 'Scheduler learning rate at this step.'),
  e('lr', 'Learning rate', 'optimizer', null, 'common', 'Learning rate at this step.'),
  e('grad_norm', 'Gradient norm', 'optimizer', null, 'hf', 'Global gradient norm before clipping; spikes flag instability.'),
  e('epoch', 'Epoch', 'progress', null, 'hf', 'Fractional epoch reached at this step.'),
  e('global_step', 'Global step', 'progress', null, 'hf', 'Optimizer steps taken.'),
  e('total_flos', 'Total FLOs', 'progress', null, 'hf', 'Floating-point operations spent so far.', { unit: 'FLOs' }),
  e('num_input_tokens_seen', 'Input tokens seen', 'progress', null, 'hf', 'Tokens fed to the model so far.', { unit: 'tokens' }),
  e('train_runtime', 'Train runtime', 'throughput', null, 'hf', 'Wall-clock duration of train().', { unit: 's' }),
  e('train_samples_per_second', 'Train samples/s', 'throughput', 'higher', 'hf', 'Training throughput over the run.', { unit: 'samples/s' }),
  e('train_steps_per_second', 'Train steps/s', 'throughput', 'higher', 'hf', 'Training steps per second over the run.', { unit: 'steps/s' }),
  e('train_tokens_per_second', 'Train tokens/s', 'throughput', 'higher', 'hf', 'Training tokens per second over the run.', { unit: 'tokens/s' }),
  e('runtime', 'Runtime', 'throughput', null, 'hf', 'Wall-clock duration of the evaluation or prediction.', { unit: 's', tail: true }),
  e('samples_per_second', 'Samples/s', 'throughput', 'higher', 'hf', 'Samples processed per second.', { unit: 'samples/s', tail: true }),
  e('steps_per_second', 'Steps/s', 'throughput', 'higher', 'hf', 'Steps per second.', { unit: 'steps/s', tail: true }),
  e('accuracy', 'Accuracy', 'accuracy', 'higher', 'common', 'Fraction of examples predicted correctly.', { tail: true }),
  e('acc', 'Accuracy', 'accuracy', 'higher', 'lm-eval', 'Fraction of examples answered correctly.', { tail: true }),
  e('gen_len', 'Generated length', 'generation', null, 'hf', 'Mean length of generated sequences (Seq2SeqTrainer).', { unit: 'tokens' }),

  // TRL: SFT / DPO / KTO / ORPO / reward model.
  e('entropy', 'Entropy', 'policy', null, 'trl', 'Mean token entropy of the policy; a collapse towards 0 flags mode collapse.'),
  e('mean_token_accuracy', 'Mean token accuracy', 'accuracy', 'higher', 'trl', 'Fraction of next tokens predicted correctly.'),
  e('num_tokens', 'Tokens seen', 'progress', null, 'trl', 'Cumulative tokens processed.', { unit: 'tokens' }),
  e('aux_loss', 'Aux loss', 'loss', 'lower', 'trl', 'MoE router load-balancing loss.'),
  e('rewards/chosen', 'Reward (chosen)', 'rewards', null, 'trl', 'Implicit reward β·log(πθ/πref) of the chosen answers.'),
  e('rewards/rejected', 'Reward (rejected)', 'rewards', null, 'trl', 'Implicit reward of the rejected answers.'),
  e('rewards/accuracies', 'Reward accuracy', 'rewards', 'higher', 'trl', 'Fraction of pairs where the chosen reward beats the rejected one.'),
  e('rewards/margins', 'Reward margin', 'rewards', 'higher', 'trl', 'Mean of chosen minus rejected reward.'),
  e('logps/chosen', 'Log-prob (chosen)', 'policy', null, 'trl', 'Policy log-probability of the chosen answers.'),
  e('logps/rejected', 'Log-prob (rejected)', 'policy', null, 'trl', 'Policy log-probability of the rejected answers.'),
  e('logits/chosen', 'Logits (chosen)', 'policy', null, 'trl', 'Mean logits on the chosen answers.'),
  e('logits/rejected', 'Logits (rejected)', 'policy', null, 'trl', 'Mean logits on the rejected answers.'),
  e('nll_loss', 'NLL loss', 'loss', 'lower', 'trl', 'Negative log-likelihood term on the chosen answers (ORPO/CPO).'),
  e('sft_loss', 'SFT loss', 'loss', 'lower', 'trl', 'Supervised term of a preference loss.'),
  e('odds_ratio_loss', 'Odds-ratio loss', 'loss', 'lower', 'trl', 'ORPO odds-ratio term.'),
  e('log_odds_ratio', 'Log odds ratio', 'rewards', 'higher', 'trl', 'ORPO: mean log odds ratio of chosen over rejected.'),
  e('log_odds_chosen', 'Log odds (chosen)', 'rewards', 'higher', 'trl', 'ORPO: mean log odds of the chosen answers.'),
  e('margin', 'Reward margin', 'rewards', 'higher', 'trl', 'Reward model: mean margin of chosen over rejected.'),
  e('mean_reward', 'Mean reward', 'rewards', null, 'trl', 'Reward model: mean predicted reward.'),
  e('min_reward', 'Min reward', 'rewards', null, 'trl', 'Reward model: smallest predicted reward.'),
  e('max_reward', 'Max reward', 'rewards', null, 'trl', 'Reward model: largest predicted reward.'),
  e('beta', 'β', 'optimizer', null, 'trl', 'Strength of the KL penalty to the reference model.'),

  // TRL: GRPO / RLOO.
  e('reward', 'Reward', 'rewards', 'higher', 'trl', 'Mean total reward of the sampled completions.'),
  e('reward_std', 'Reward std', 'rewards', null, 'trl', 'Std of rewards within a group; near 0 means no learning signal.'),
  e('frac_reward_zero_std', 'Groups with zero reward std', 'rewards', 'lower', 'trl', 'Fraction of prompt groups whose completions all got the same reward.'),
  e('rewards/*/mean', 'Reward function mean', 'rewards', 'higher', 'trl', 'Mean score of one reward function.'),
  e('rewards/*/std', 'Reward function std', 'rewards', null, 'trl', 'Std of one reward function’s score.'),
  e('rewards/*', 'Reward function', 'rewards', 'higher', 'trl', 'Mean score of one reward function (GRPO before 2025).'),
  e('kl', 'KL to reference', 'policy', null, 'trl', 'KL divergence of the policy from the reference model; watch for drift.'),
  e('entropy_coef', 'Entropy coefficient', 'optimizer', null, 'trl', 'Weight of the entropy bonus.'),
  e('policy_loss', 'Policy loss', 'loss', null, 'trl', 'Policy-gradient loss term; its sign and scale carry no quality meaning.'),
  e('step_time', 'Step time', 'throughput', 'lower', 'trl', 'Wall-clock seconds per training step.', { unit: 's' }),
  e('completion_length', 'Completion length', 'generation', null, 'trl', 'Mean completion length (GRPO before 2025).', { unit: 'tokens' }),
  e('completions/mean_length', 'Completion length (mean)', 'generation', null, 'trl', 'Mean completion length.', { unit: 'tokens' }),
  e('completions/min_length', 'Completion length (min)', 'generation', null, 'trl', 'Shortest completion.', { unit: 'tokens' }),
  e('completions/max_length', 'Completion length (max)', 'generation', null, 'trl', 'Longest completion.', { unit: 'tokens' }),
  e('completions/mean_terminated_length', 'Terminated length (mean)', 'generation', null, 'trl', 'Mean length of completions that ended with EOS.', { unit: 'tokens' }),
  e('completions/min_terminated_length', 'Terminated length (min)', 'generation', null, 'trl', 'Shortest completion that ended with EOS.', { unit: 'tokens' }),
  e('completions/max_terminated_length', 'Terminated length (max)', 'generation', null, 'trl', 'Longest completion that ended with EOS.', { unit: 'tokens' }),
  e('completions/clipped_ratio', 'Truncated completions', 'generation', 'lower', 'trl', 'Fraction of completions cut at the maximum length.'),
  e('clip_ratio', 'Clip ratio', 'policy', null, 'trl', 'Fraction of tokens whose importance ratio was clipped.'),
  e('clip_ratio/region_mean', 'Clip ratio (region)', 'policy', null, 'trl', 'Fraction of tokens clipped on either side.'),
  e('clip_ratio/low_mean', 'Clip ratio (low, mean)', 'policy', null, 'trl', 'Fraction of tokens clipped below 1−ε.'),
  e('clip_ratio/low_min', 'Clip ratio (low, min)', 'policy', null, 'trl', 'Smallest per-device low-clip fraction.'),
  e('clip_ratio/high_mean', 'Clip ratio (high, mean)', 'policy', null, 'trl', 'Fraction of tokens clipped above 1+ε.'),
  e('clip_ratio/high_max', 'Clip ratio (high, max)', 'policy', null, 'trl', 'Largest per-device high-clip fraction.'),

  // TRL: PPO / Online DPO.
  e('objective/kl', 'KL (objective)', 'policy', null, 'trl', 'KL between policy and reference; watch for drift.'),
  e('objective/entropy', 'Entropy (objective)', 'policy', null, 'trl', 'Mean policy entropy.'),
  e('objective/non_score_reward', 'Non-score reward', 'rewards', null, 'trl', 'KL penalty part of the reward.'),
  e('objective/rlhf_reward', 'RLHF reward', 'rewards', 'higher', 'trl', 'Score minus KL penalty: the quantity PPO maximises.'),
  e('objective/scores', 'Reward-model score', 'rewards', 'higher', 'trl', 'Mean reward-model score of the completions.'),
  e('objective/scores_margin', 'Score margin', 'rewards', 'higher', 'trl', 'Online DPO: score of chosen minus rejected.'),
  e('policy/approxkl_avg', 'Approx. KL', 'policy', null, 'trl', 'Approximate KL between old and new policy per update.'),
  e('policy/clipfrac_avg', 'Policy clip fraction', 'policy', null, 'trl', 'Fraction of policy updates clipped.'),
  e('policy/entropy_avg', 'Policy entropy', 'policy', null, 'trl', 'Mean policy entropy during updates.'),
  e('loss/policy_avg', 'Policy loss', 'loss', null, 'trl', 'Mean PPO policy loss.'),
  e('loss/value_avg', 'Value loss', 'loss', 'lower', 'trl', 'Mean PPO value-head loss.'),
  e('val/clipfrac_avg', 'Value clip fraction', 'policy', null, 'trl', 'Fraction of value updates clipped (val/ = value head, not validation).'),
  e('val/ratio', 'Importance ratio', 'policy', null, 'trl', 'Mean new/old policy probability ratio; far from 1 means off-policy.'),
  e('val/ratio_var', 'Importance ratio variance', 'policy', null, 'trl', 'Variance of the policy ratio.'),
  e('val/num_eos_tokens', 'EOS tokens', 'generation', null, 'trl', 'Completions that ended with EOS.'),
  e('val/contain_eos_token', 'Completions with EOS', 'generation', null, 'trl', 'Fraction of completions containing an EOS token.'),
  e('episode', 'Episode', 'progress', null, 'trl', 'Episodes (prompts) processed.'),
  e('eps', 'Episodes/s', 'throughput', 'higher', 'trl', 'Episodes processed per second.', { unit: 'episodes/s' }),

  // lm-evaluation-harness (`<metric>,<filter>`; the filter is split off before lookup).
  e('acc_norm', 'Accuracy (length-normalised)', 'benchmark', 'higher', 'lm-eval', 'Accuracy with choice log-likelihoods normalised by length.'),
  e('exact_match', 'Exact match', 'benchmark', 'higher', 'lm-eval', 'Fraction of answers exactly equal to the target.', { tail: true }),
  e('f1', 'F1', 'benchmark', 'higher', 'lm-eval', 'Harmonic mean of precision and recall.', { tail: true }),
  e('mcc', 'Matthews correlation', 'benchmark', 'higher', 'lm-eval', 'Matthews correlation coefficient.'),
  e('bleu', 'BLEU', 'benchmark', 'higher', 'lm-eval', 'n-gram overlap with the reference.'),
  e('chrf', 'chrF', 'benchmark', 'higher', 'lm-eval', 'Character n-gram F-score.'),
  e('ter', 'TER', 'benchmark', 'lower', 'lm-eval', 'Translation edit rate.'),
  e('rouge1', 'ROUGE-1', 'benchmark', 'higher', 'hf', 'Unigram overlap with the reference.', { tail: true }),
  e('rouge2', 'ROUGE-2', 'benchmark', 'higher', 'hf', 'Bigram overlap with the reference.', { tail: true }),
  e('rougel', 'ROUGE-L', 'benchmark', 'higher', 'hf', 'Longest-common-subsequence overlap with the reference.', { tail: true }),
  e('perplexity', 'Perplexity', 'benchmark', 'lower', 'lm-eval', 'exp of the mean negative log-likelihood per token.', { tail: true }),
  e('word_perplexity', 'Word perplexity', 'benchmark', 'lower', 'lm-eval', 'Perplexity per word.'),
  e('byte_perplexity', 'Byte perplexity', 'benchmark', 'lower', 'lm-eval', 'Perplexity per byte.'),
  e('bits_per_byte', 'Bits per byte', 'benchmark', 'lower', 'lm-eval', 'Negative log-likelihood in bits per UTF-8 byte.'),
  e('ppl', 'Perplexity', 'benchmark', 'lower', 'common', 'Perplexity.'),
  // CrowS-Pairs: `pct_stereotype` has an ideal (0.5, no preference), not a direction; the comparison scores it by parity.
  e('likelihood_diff', 'Likelihood difference', 'benchmark', 'lower', 'lm-eval', 'CrowS-Pairs: mean |log-likelihood gap| between the stereotyped and anti-stereotyped sentence.'),
  e('likelihood_difference', 'Likelihood difference', 'benchmark', 'lower', 'lm-eval', 'CrowS-Pairs (harness v0.3 name of likelihood_diff).'),
  e('pct_stereotype', 'Stereotype preference', 'benchmark', null, 'lm-eval', 'CrowS-Pairs: share of pairs where the stereotyped sentence is more likely; 0.5 is no preference.'),
  e('pass@1', 'pass@1', 'benchmark', 'higher', 'lm-eval', 'Fraction of problems solved by the first sample.'),

  // Lightning / TensorBoard / Keras.
  e('hp_metric', 'HP metric', 'benchmark', null, 'lightning', 'Placeholder the Lightning TensorBoard logger writes for the hparams view (-1 unless set).'),
  e('val_acc', 'Validation accuracy', 'accuracy', 'higher', 'lightning', 'Accuracy on the validation set.'),
  e('train_acc', 'Train accuracy', 'accuracy', 'higher', 'lightning', 'Accuracy on the training batches.'),
  e('epoch_loss', 'Epoch loss', 'loss', 'lower', 'common', 'Loss averaged over an epoch (Keras).'),

  // verl (PPO/GRPO for LLMs).
  e('actor/pg_loss', 'Actor policy-gradient loss', 'loss', null, 'verl', 'Policy-gradient loss of the actor.'),
  e('actor/entropy_loss', 'Actor entropy', 'policy', null, 'verl', 'Entropy term of the actor loss.'),
  e('actor/pg_clipfrac', 'Actor clip fraction', 'policy', null, 'verl', 'Fraction of actor updates clipped.'),
  e('actor/ppo_kl', 'Actor PPO KL', 'policy', null, 'verl', 'KL between old and new actor policy.'),
  e('actor/grad_norm', 'Actor gradient norm', 'optimizer', null, 'verl', 'Actor gradient norm.'),
  e('actor/lr', 'Actor learning rate', 'optimizer', null, 'verl', 'Actor learning rate.'),
  e('critic/vf_loss', 'Critic value loss', 'loss', 'lower', 'verl', 'Value-function loss of the critic.'),
  e('critic/vf_clipfrac', 'Critic clip fraction', 'policy', null, 'verl', 'Fraction of value updates clipped.'),
  e('critic/vpred_mean', 'Critic value prediction', 'policy', null, 'verl', 'Mean predicted value.'),
  e('critic/grad_norm', 'Critic gradient norm', 'optimizer', null, 'verl', 'Critic gradient norm.'),
  e('critic/kl', 'KL to reference', 'policy', null, 'verl', 'KL of the actor from the reference model.'),
  e('critic/kl_coeff', 'KL coefficient', 'optimizer', null, 'verl', 'Weight of the KL penalty.'),
  e('critic/score/mean', 'Score (mean)', 'rewards', 'higher', 'verl', 'Mean task score of the rollouts.'),
  e('critic/score/min', 'Score (min)', 'rewards', null, 'verl', 'Smallest task score.'),
  e('critic/score/max', 'Score (max)', 'rewards', null, 'verl', 'Largest task score.'),
  e('critic/rewards/mean', 'Reward (mean)', 'rewards', 'higher', 'verl', 'Mean reward after the KL penalty.'),
  e('critic/rewards/min', 'Reward (min)', 'rewards', null, 'verl', 'Smallest reward after the KL penalty.'),
  e('critic/rewards/max', 'Reward (max)', 'rewards', null, 'verl', 'Largest reward after the KL penalty.'),
  e('critic/advantages/mean', 'Advantage (mean)', 'policy', null, 'verl', 'Mean advantage.'),
  e('critic/returns/mean', 'Return (mean)', 'rewards', null, 'verl', 'Mean return.'),
  e('critic/values/mean', 'Value (mean)', 'policy', null, 'verl', 'Mean critic value.'),
  e('response_length/mean', 'Response length (mean)', 'generation', null, 'verl', 'Mean rollout response length.', { unit: 'tokens' }),
  e('response_length/min', 'Response length (min)', 'generation', null, 'verl', 'Shortest rollout response.', { unit: 'tokens' }),
  e('response_length/max', 'Response length (max)', 'generation', null, 'verl', 'Longest rollout response.', { unit: 'tokens' }),
  e('response_length/clip_ratio', 'Truncated responses', 'generation', 'lower', 'verl', 'Fraction of responses cut at the maximum length.'),
  e('prompt_length/mean', 'Prompt length (mean)', 'generation', null, 'verl', 'Mean prompt length.', { unit: 'tokens' }),
  e('prompt_length/min', 'Prompt length (min)', 'generation', null, 'verl', 'Shortest prompt.', { unit: 'tokens' }),
  e('prompt_length/max', 'Prompt length (max)', 'generation', null, 'verl', 'Longest prompt.', { unit: 'tokens' }),
  e('test_score/**', 'Test score', 'benchmark', 'higher', 'verl', 'Validation score on one data source.'),
  e('timing/gen', 'Generation time', 'throughput', 'lower', 'verl', 'Seconds spent generating rollouts per step.', { unit: 's' }),

  // Megatron-LM (text log and TensorBoard).
  e('lm_loss', 'LM loss', 'loss', 'lower', 'megatron', 'Language-modelling loss.'),
  e('lm_loss_ppl', 'LM perplexity', 'benchmark', 'lower', 'megatron', 'Perplexity of the LM loss.'),
  e('lm_loss_value', 'LM loss', 'loss', 'lower', 'megatron', 'Language-modelling loss (validation log).'),
  e('grad_norm', 'Gradient norm', 'optimizer', null, 'megatron', 'Global gradient norm.'),
  e('loss_scale', 'Loss scale', 'optimizer', null, 'megatron', 'Dynamic fp16 loss scale; repeated drops mean overflowing gradients.'),
  e('learning_rate', 'Learning rate', 'optimizer', null, 'megatron', 'Learning rate.'),
  e('num_zeros', 'Zero gradients', 'optimizer', null, 'megatron', 'Count of zero entries in the gradient.'),
  e('number_of_skipped_iterations', 'Skipped iterations', 'optimizer', 'lower', 'megatron', 'Iterations skipped for overflowing gradients.'),
  e('number_of_nan_iterations', 'NaN iterations', 'optimizer', 'lower', 'megatron', 'Iterations whose loss was NaN.'),
  e('consumed_samples', 'Consumed samples', 'progress', null, 'megatron', 'Training samples consumed so far.', { unit: 'samples' }),
  e('consumed_tokens', 'Consumed tokens', 'progress', null, 'megatron', 'Training tokens consumed so far.', { unit: 'tokens' }),
  e('global_batch_size', 'Global batch size', 'progress', null, 'megatron', 'Samples per optimizer step across all ranks.'),
  e('elapsed_time_per_iteration_(ms)', 'Time per iteration', 'throughput', 'lower', 'megatron', 'Wall-clock milliseconds per iteration.', { unit: 'ms' }),
  e('samples_per_second', 'Samples/s', 'throughput', 'higher', 'megatron', 'Training throughput.', { unit: 'samples/s' }),
  e('throughput', 'Throughput', 'throughput', 'higher', 'common', 'Throughput as the logger defines it (often TFLOP/s per GPU or tokens/s).'),
];

/** Lower-case, spaces and dashes to `_`, trimmed: `Grad Norm` and `grad-norm` both read as `grad_norm`. */
export function normaliseMetricKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Earlier entries win when two share a key (the HF meaning of `grad_norm` over Megatron's, same text anyway). */
const EXACT = new Map<string, MetricEntry>();
const PATTERNS: MetricEntry[] = [];
const TAILS: MetricEntry[] = [];
for (const entry of METRIC_ENTRIES) {
  if (entry.key.includes('*')) PATTERNS.push(entry);
  else if (!EXACT.has(entry.key)) EXACT.set(entry.key, entry);
  if (entry.tail === true) TAILS.push(entry);
}
// Longest tails first, so `exact_match` wins over a shorter one that might also end the name.
TAILS.sort((a, b) => b.key.length - a.key.length);

function matchPattern(key: string, pattern: string): boolean {
  const k = key.split('/');
  const p = pattern.split('/');
  for (let i = 0; i < p.length; i++) {
    const seg = p[i];
    if (seg === '**') return k.length > i;
    if (i >= k.length) return false;
    if (seg !== '*' && seg !== k[i]) return false;
  }
  return k.length === p.length;
}

function findExact(key: string): MetricEntry | null {
  const exact = EXACT.get(key);
  if (exact) return exact;
  for (const p of PATTERNS) if (matchPattern(key, p.key)) return p;
  return null;
}

function findTail(key: string): { entry: MetricEntry; qualifier: string } | null {
  if (key.includes('/')) return null;
  for (const t of TAILS) {
    if (key.length > t.key.length + 1 && key.endsWith(`_${t.key}`)) return { entry: t, qualifier: key.slice(0, key.length - t.key.length - 1) };
  }
  return null;
}

export type MetricSplit = 'train' | 'eval' | 'val' | 'test' | 'predict';

/** `train/`, `eval/`… as TensorBoard callbacks write them, and HF's `eval_` / `test_` key prefixes. */
const SPLIT_PREFIXES: readonly (readonly [string, MetricSplit])[] = [
  ['train/', 'train'],
  ['training/', 'train'],
  ['eval/', 'eval'],
  ['evaluation/', 'eval'],
  ['val/', 'val'],
  ['valid/', 'val'],
  ['validation/', 'val'],
  ['test/', 'test'],
  ['eval_', 'eval'],
  ['test_', 'test'],
  ['val_', 'val'],
  ['train_', 'train'],
  ['predict_', 'predict'],
];

const SPLIT_LABELS: Readonly<Record<MetricSplit, string>> = { train: 'Train', eval: 'Eval', val: 'Validation', test: 'Test', predict: 'Predict' };

export interface MetricLookup {
  readonly entry: MetricEntry;
  /** Display name for this exact raw name: the entry's, with the split and any qualifier added. */
  readonly display: string;
  /** The split the name's prefix adds (null when none, or when the entry's own name already says it). */
  readonly split: MetricSplit | null;
  /** lm-eval's filter (`strict-match` in `exact_match,strict-match`); null when none or `none`. */
  readonly filter: string | null;
  /** What a tail match left over (`g0` in `eval_g0_loss`: HF's eval-set name). */
  readonly qualifier: string | null;
}

function withSplit(display: string, split: MetricSplit | null): string {
  if (split === null) return display;
  // Lower the first letter of a plain word (`Loss`); keep acronyms and names like KL, F1, BLEU as they are.
  const rest = /^[A-Z][a-z]/.test(display) ? display.charAt(0).toLowerCase() + display.slice(1) : display;
  return `${SPLIT_LABELS[split]} ${rest}`;
}

/** lm-eval's `<metric>,<filter>`: split on the last comma when what follows looks like a filter name. */
function splitFilter(raw: string): { metric: string; filter: string | null } {
  const i = raw.lastIndexOf(',');
  if (i <= 0) return { metric: raw, filter: null };
  const filter = raw.slice(i + 1);
  if (!/^[A-Za-z0-9_.-]+$/.test(filter)) return { metric: raw, filter: null };
  return { metric: raw.slice(0, i), filter: filter === 'none' ? null : filter };
}

/** Lightning's `on_step`/`on_epoch` copies: `train_loss_step`, `train_loss_epoch`. */
const AGG_SUFFIXES = ['_step', '_epoch'] as const;

/**
 * The dictionary entry a raw metric name stands for, or null. Tries the name as is, then without a split prefix
 * (`train/`, `eval/`, `eval_`), then without Lightning's `_step`/`_epoch` suffix, then as the tail of a longer
 * `_`-joined name. Case, spaces and dashes do not matter (`lm loss` = `lm_loss`).
 */
export function lookupMetric(name: string): MetricLookup | null {
  const { metric, filter } = splitFilter(name);
  const key = normaliseMetricKey(metric);
  if (key === '') return null;
  type Candidate = { key: string; split: MetricSplit | null; agg: string | null };
  const candidates: Candidate[] = [{ key, split: null, agg: null }];
  // Two rounds: HF's TensorBoard callback writes `train/predict_loss` (a predict metric under `train/`).
  for (let round = 0; round < 2; round++) {
    for (const c of [...candidates]) {
      for (const [prefix, split] of SPLIT_PREFIXES) {
        const next = c.key.slice(prefix.length);
        if (c.key.startsWith(prefix) && next !== '' && !candidates.some((x) => x.key === next)) candidates.push({ key: next, split, agg: null });
      }
    }
  }
  const withAgg = [...candidates];
  for (const c of candidates) {
    for (const suf of AGG_SUFFIXES) if (c.key.endsWith(suf) && c.key.length > suf.length) withAgg.push({ key: c.key.slice(0, -suf.length), split: c.split, agg: suf.slice(1) });
  }
  // Whole-name matches before tail matches (`train_perplexity_step` is a train perplexity, not a perplexity of
  // `train`); among tail matches, the shortest remainder (`eval_g0_loss`: the eval loss of set `g0`).
  let found: { entry: MetricEntry; qualifier: string | null; split: MetricSplit | null; agg: string | null } | null = null;
  for (const c of withAgg) {
    const entry = findExact(c.key);
    if (entry) {
      found = { entry, qualifier: null, split: c.split, agg: c.agg };
      break;
    }
  }
  if (!found) {
    for (const c of [...withAgg].sort((a, b) => a.key.length - b.key.length)) {
      const t = findTail(c.key);
      if (t) {
        found = { ...t, split: c.split, agg: c.agg };
        break;
      }
    }
  }
  if (!found) return null;
  const { entry, qualifier } = found;
  // `train/train_loss`: the entry already says "Train"; do not say it twice.
  const split = found.split !== null && !normaliseMetricKey(entry.display).startsWith(found.split) ? found.split : null;
  let display = withSplit(entry.display, split);
  if (qualifier !== null) display += ` (${qualifier})`;
  if (found.agg !== null) display += ` per ${found.agg}`;
  if (filter !== null) display += ` [${filter}]`;
  return { entry, display, split, filter, qualifier };
}
