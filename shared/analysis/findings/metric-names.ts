/**
 * Which metrics each finding reads, decided from names alone (the importers keep the logger's names verbatim):
 * loss-like metrics (lower is better), gradient norms, and evaluation metrics with their training counterpart.
 */

const SEP = /[\s/_.\-:]+/;
const EVAL_TOKENS = new Set(['eval', 'evaluation', 'val', 'valid', 'validation', 'dev', 'test']);

/** Lower-is-better losses: `loss`, `train/loss`, `lm loss`, `val_loss`, `eval_perplexity`… but not `loss scale`. */
export function isLossLike(name: string): boolean {
  const n = name.toLowerCase();
  if (/loss[\s_\-/]*scale/.test(n)) return false;
  return /loss|perplexity|(^|[^a-z])ppl([^a-z]|$)|(^|[^a-z])nll([^a-z]|$)/.test(n);
}

export function isGradNorm(name: string): boolean {
  return /grad[\s_\-/]*norm|gnorm/i.test(name);
}

/** Logged on evaluation passes rather than training steps (`eval_loss`, `val/loss`, `valid/lm loss value`…). */
export function isEvalName(name: string): boolean {
  return name
    .toLowerCase()
    .split(SEP)
    .some((t) => EVAL_TOKENS.has(t));
}

/** A training loss: the series the spike, divergence and plateau findings read. */
export function isTrainLoss(name: string): boolean {
  return isLossLike(name) && !isEvalName(name) && !/(^|[^a-z])(predict|hparam|best)([^a-z]|$)/i.test(name);
}

/**
 * A training loss that training drives down, so a rise is divergence and no progress a plateau. Not the RL and GAN
 * terms that legitimately rise or hover (value loss, policy-gradient loss, entropy, KL, discriminator/generator).
 */
export function isMinimisedLoss(name: string): boolean {
  return isTrainLoss(name) && !/critic|vf_loss|value_loss|pg_loss|policy_loss|entropy|(^|[^a-z])kl([^a-z]|$)|discriminator|generator|adversarial|(^|[^a-z])(d|g)_loss/i.test(name);
}

/**
 * The training metric an eval metric is compared with, or null. Tried in order: the eval token replaced by a train
 * token (`eval/loss` → `train/loss`, `val_loss` → `train_loss`), Lightning's `_epoch`/`_step` variants, the eval token
 * dropped (`eval_loss` → `loss`, `valid/lm loss value` → `lm loss`), then a plain training loss when the eval metric is
 * a plain loss (`eval_g0_loss` → `loss`).
 */
export function trainCounterpart(evalName: string, available: ReadonlySet<string>): string | null {
  if (!isEvalName(evalName) || !isLossLike(evalName)) return null;
  const candidates: string[] = [];
  const re = /(^|[\s/_.\-:])(eval|evaluation|val|valid|validation|dev)(?=$|[\s/_.\-:])/i;
  const m = re.exec(evalName);
  if (m) {
    const before = evalName.slice(0, m.index + (m[1] ?? '').length);
    const after = evalName.slice(m.index + m[0].length);
    for (const t of ['train', 'training', 'Train', 'TRAIN']) {
      const base = `${before}${t}${after}`;
      candidates.push(base, `${base}_epoch`, `${base}_step`);
    }
    const dropped = `${before}${after.replace(/^[\s/_.\-:]+/, '')}`.replace(/^[\s/_.\-:]+/, '');
    candidates.push(dropped, dropped.replace(/\s+value$/i, ''));
  }
  if (/(^|[\s/_.\-:])loss$/i.test(evalName)) candidates.push('train/loss', 'train_loss', 'loss', 'train_loss_epoch', 'train_loss_step', 'lm loss');
  for (const c of candidates) if (c !== evalName && available.has(c) && isLossLike(c) && !isEvalName(c)) return c;
  return null;
}

/** Every (eval, train) pair in a run, eval names in sorted order. */
export function trainEvalPairs(names: Iterable<string>): { evalName: string; trainName: string }[] {
  const all = new Set(names);
  const out: { evalName: string; trainName: string }[] = [];
  for (const e of [...all].sort()) {
    const t = trainCounterpart(e, all);
    if (t !== null) out.push({ evalName: e, trainName: t });
  }
  return out;
}
