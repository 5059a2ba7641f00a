/**
 * Three more demo runs, each showing one thing a researcher opens RunLens to find: a run that overfits, a run whose
 * loss spikes and then goes NaN, and a run that crashed and was resumed from an earlier checkpoint (its steps restart
 * and overlap). Deterministic like the rest of the demo: fixed seed, fixed clock.
 */
import path from 'node:path';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import { f, pyJson } from './python-json';
import { seeded } from './random';

export interface DemoContext {
  readonly seed: number;
  /** Wall-clock start of the demo's first run, in seconds. */
  readonly t0: number;
  readonly host: string;
  readonly write: (file: string, data: string | Uint8Array) => void;
}

/** The folders these runs write, so the generator can clear them first. */
export const MORE_RUN_DIRS = ['overfit-small-data', 'fp16-nan-spike', 'resumed-pretrain'] as const;

const round = (v: number, d: number) => Number(v.toFixed(d));

/**
 * `overfit-small-data/`: a TensorBoard run fine-tuned too long on a small set. Train loss keeps falling; eval loss
 * falls to a clear minimum at step 1,400 and then climbs ~70 % above it (the overfitting finding fires).
 */
export function overfitRun(out: string, ctx: DemoContext): void {
  const rnd = seeded(ctx.seed + 10);
  const t0 = ctx.t0 + 3 * 86400;
  const total = 4000;
  const events: EventSpec[] = [{ kind: 'file-version', wallTime: t0 }];
  events.push({ kind: 'hparams-start', wallTime: t0, hparams: { model: 'llama-3-8b-mini', dataset: 'small-qa-2k', lr: 1e-4, epochs: 20 } });
  for (let step = 20; step <= total; step += 20) {
    const wall = t0 + step * 0.8;
    const train = (0.25 + 1.9 * Math.exp(-step / 600) + 0.35 * Math.exp(-step / 3000)) * (1 + 0.03 * rnd.normal());
    events.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/loss', value: train });
    if (step % 100 === 0) {
      // Generalisation improves until the model starts memorising, then the gap opens.
      const evalLoss = 0.95 + 1.5 * Math.exp(-step / 450) + 0.00000009 * Math.max(0, step - 1000) ** 2 + 0.006 * rnd.normal();
      events.push({ kind: 'scalar', wallTime: wall + 5, step, tag: 'eval/loss', value: evalLoss });
    }
  }
  events.push({ kind: 'hparams-end', wallTime: t0 + total * 0.8 + 30, status: 1 });
  ctx.write(path.join(out, 'overfit-small-data', `events.out.tfevents.${t0}.${ctx.host}.6161.0`), encodeEventFile(events));
}

/**
 * `fp16-nan-spike/`: an HF Trainer run in fp16 whose loss spikes at step 610 and, at step 700, overflows to NaN
 * (grad norm Infinity); the scaler skips the step and training goes on, as the Trainer logs it.
 */
export function nanSpikeRun(out: string, ctx: DemoContext): void {
  const rnd = seeded(ctx.seed + 11);
  const maxSteps = 1000;
  const rows: Record<string, unknown>[] = [];
  for (let step = 10; step <= maxSteps; step += 10) {
    let loss = (1.4 + 1.1 * Math.exp(-step / 180)) * (1 + 0.03 * rnd.normal());
    let grad = 0.8 + 0.3 * Math.abs(rnd.normal());
    if (step >= 610 && step <= 650) {
      loss += 2.6 * Math.exp(-(step - 610) / 12);
      grad *= 1 + 14 * Math.exp(-(step - 610) / 12);
    }
    const overflow = step === 700;
    rows.push({
      epoch: f(round(step / maxSteps, 4)),
      grad_norm: f(overflow ? Number.POSITIVE_INFINITY : round(grad, 6)),
      learning_rate: f(step < 50 ? (3e-5 * step) / 50 : 3e-5),
      loss: f(overflow ? Number.NaN : round(loss, 4)),
      step,
    });
  }
  const state = {
    best_global_step: null,
    best_metric: null,
    best_model_checkpoint: null,
    epoch: f(1),
    eval_steps: 500,
    global_step: maxSteps,
    is_hyper_param_search: false,
    is_local_process_zero: true,
    is_world_process_zero: true,
    log_history: rows,
    logging_steps: 10,
    max_steps: maxSteps,
    num_input_tokens_seen: 0,
    num_train_epochs: 1,
    save_steps: 500,
    total_flos: f(1.37e16),
    train_batch_size: 8,
    trial_name: null,
    trial_params: null,
  };
  ctx.write(path.join(out, 'fp16-nan-spike', 'trainer_state.json'), `${pyJson(state)}\n`);
}

/**
 * `resumed-pretrain/`: a TensorBoard run that crashed at step 1,500 and was resumed from its step-1,000 checkpoint
 * into a second event file. Steps 1,010–1,500 appear twice, in read order: the first attempt, then the resumed one
 * (different data order, so slightly different values).
 */
export function resumedRun(out: string, ctx: DemoContext): void {
  const rnd = seeded(ctx.seed + 12);
  const t0 = ctx.t0 + 4 * 86400;
  const curve = (step: number) => 2.3 + 6 / (1 + step / 60) ** 0.7;
  const segment = (from: number, to: number, start: number, tilt: number): EventSpec[] => {
    const events: EventSpec[] = [{ kind: 'file-version', wallTime: start }];
    for (let step = from; step <= to; step += 10) {
      const wall = start + (step - from) * 2.2;
      events.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/loss', value: curve(step) * (1 + tilt + 0.02 * rnd.normal()) });
      events.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/learning_rate', value: 2e-4 });
    }
    return events;
  };
  const first = segment(10, 1500, t0, 0);
  // The resume starts from the checkpoint at 1,000 two hours after the crash.
  const resumedAt = t0 + 1490 * 2.2 + 7200;
  const second = segment(1010, 3000, resumedAt, -0.01);
  const dir = path.join(out, 'resumed-pretrain');
  ctx.write(path.join(dir, `events.out.tfevents.${t0}.${ctx.host}.7171.0`), encodeEventFile(first));
  ctx.write(path.join(dir, `events.out.tfevents.${Math.floor(resumedAt)}.${ctx.host}.7272.0`), encodeEventFile(second));
}
