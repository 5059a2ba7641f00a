#!/usr/bin/env -S npx tsx
/**
 * Generates the bundled demo workspace (`demo/`) from a fixed seed, in the real on-disk formats: a base pretraining
 * run (TensorBoard event file), an SFT run (HF Trainer output with checkpoints and its TensorBoard copy) and a DPO
 * run (TRL trainer_state.json). Deterministic: no clock, no randomness but the seeded PRNG.
 *
 * Usage: npx tsx scripts/gen-demo.ts [outDir]   (default: demo/)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EventSpec } from '../main/importers/tensorboard/encode';
import { encodeEventFile } from '../main/importers/tensorboard/encode';
import { f, pyJson } from './demo/python-json';
import { AUDIT_DIR, auditRuns } from './demo/audit-data';
import { EVAL_DIR, evalRuns } from './demo/evals';
import { MEGATRON_CRASH_DIR, megatronCrashResumeRun } from './demo/megatron-crash-resume';
import { MORE_RUN_DIRS, nanSpikeRun, overfitRun, resumedRun } from './demo/more-runs';
import { seeded } from './demo/random';
import { buildSafetensors } from '../shared/analysis/checkpoints/safetensors';
import { SWEEP_DIR, sweepRuns } from './demo/sweeps';

const SEED = 20261125;
const T0 = 1763629200; // 2025-11-20 09:00:00 UTC: fixed so the files never change
const HOST = 'demo-host';

type Row = Record<string, unknown>;

function write(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
}

const round = (v: number, d: number) => Number(v.toFixed(d));

/** Warm-up then cosine decay, as most LLM recipes use. */
function lr(step: number, peak: number, warmup: number, total: number): number {
  if (step < warmup) return (peak * step) / warmup;
  return peak * 0.5 * (1 + Math.cos((Math.PI * (step - warmup)) / Math.max(1, total - warmup)));
}

function basePretrain(out: string): void {
  const rnd = seeded(SEED);
  const total = 3000;
  const events: EventSpec[] = [{ kind: 'file-version', wallTime: T0 }];
  events.push({ kind: 'hparams-start', wallTime: T0, hparams: { model: 'llama-3-8b-mini', lr: 3e-4, batch_size: 512, seq_len: 2048, warmup_steps: 200 } });
  for (let step = 2; step <= total; step += 2) {
    const wall = T0 + step * 1.9;
    let loss = 2.05 + 9.2 / (1 + step / 35) ** 0.72;
    // One loss spike that recovers: what researchers look for first.
    if (step >= 1800 && step < 1840) loss += 1.4 * Math.exp(-(step - 1800) / 9);
    loss *= 1 + 0.018 * rnd.normal();
    const grad = (step >= 1800 && step < 1810 ? 6 : 0.9) * (1 + 0.25 * Math.abs(rnd.normal())) + 8 / (1 + step / 20);
    events.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/loss', value: loss });
    events.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/learning_rate', value: lr(step, 3e-4, 200, total) });
    events.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/grad_norm', value: grad });
    if (step % 100 === 0) {
      const evalLoss = (2.1 + 9.2 / (1 + step / 35) ** 0.72) * (1 + 0.004 * rnd.normal());
      events.push({ kind: 'tensor-scalar', wallTime: wall + 20, step, tag: 'eval/loss', value: evalLoss, dtype: 'float', withMetadata: step === 100 });
    }
  }
  events.push({ kind: 'hparams-end', wallTime: T0 + total * 1.9 + 60, status: 1 });
  write(path.join(out, 'base-pretrain', `events.out.tfevents.${T0}.${HOST}.4242.0`), encodeEventFile(events));
}

interface TrainerRun {
  rows: Row[];
  evalRows: Map<number, Row>;
  maxSteps: number;
  loggingSteps: number;
  evalSteps: number;
  saveSteps: number;
}

function trainerState(run: TrainerRun, upTo: number, best: { metric: number; step: number; checkpoint: string } | null): string {
  const history: Row[] = [];
  for (const r of run.rows) if ((r.step as number) <= upTo) history.push(r);
  return `${pyJson({
    best_global_step: best?.step ?? null,
    best_metric: best ? f(best.metric) : null,
    best_model_checkpoint: best?.checkpoint ?? null,
    epoch: f(round(upTo / run.maxSteps, 4)),
    eval_steps: run.evalSteps,
    global_step: upTo,
    is_hyper_param_search: false,
    is_local_process_zero: true,
    is_world_process_zero: true,
    log_history: history,
    logging_steps: run.loggingSteps,
    max_steps: run.maxSteps,
    num_input_tokens_seen: 0,
    num_train_epochs: 1,
    save_steps: run.saveSteps,
    stateful_callbacks: { TrainerControl: { args: { should_epoch_stop: false, should_evaluate: false, should_log: false, should_save: true, should_training_stop: upTo >= run.maxSteps }, attributes: {} } },
    total_flos: f(upTo * 1.37e13),
    train_batch_size: 8,
    trial_name: null,
    trial_params: null,
  })}\n`;
}

function sft(out: string): void {
  const rnd = seeded(SEED + 1);
  const maxSteps = 1000;
  const run: TrainerRun = { rows: [], evalRows: new Map(), maxSteps, loggingSteps: 10, evalSteps: 100, saveSteps: 500 };
  const tb: EventSpec[] = [{ kind: 'file-version', wallTime: T0 + 86400 }];
  const args = { output_dir: 'sft-llama-3-8b', learning_rate: 2e-5, per_device_train_batch_size: 8, max_steps: maxSteps, logging_steps: 10, eval_steps: 100, lr_scheduler_type: 'cosine', warmup_ratio: 0.03, bf16: true };
  tb.push({ kind: 'text', wallTime: T0 + 86400, step: 0, tag: 'args/text_summary', text: JSON.stringify(args, null, 2) });
  let best = { metric: Number.POSITIVE_INFINITY, step: 0 };
  for (let step = 10; step <= maxSteps; step += 10) {
    const wall = T0 + 86400 + step * 3.1;
    const loss = round((1.08 + 0.85 * Math.exp(-step / 140)) * (1 + 0.035 * rnd.normal()), 4);
    const row: Row = { epoch: f(round(step / maxSteps, 4)), grad_norm: f(round(0.6 + 0.4 * Math.abs(rnd.normal()), 6)), learning_rate: f(lr(step, 2e-5, 30, maxSteps)), loss: f(loss), step };
    run.rows.push(row);
    tb.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/loss', value: loss });
    tb.push({ kind: 'scalar', wallTime: wall, step, tag: 'train/learning_rate', value: lr(step, 2e-5, 30, maxSteps) });
    if (step % 100 === 0) {
      // Eval loss bottoms out near step 600 and then rises: the run starts to overfit.
      const evalLoss = round(1.21 + 0.62 * Math.exp(-step / 150) + 0.00000035 * Math.max(0, step - 550) ** 2 + 0.004 * rnd.normal(), 4);
      if (evalLoss < best.metric) best = { metric: evalLoss, step };
      const erow: Row = { epoch: f(round(step / maxSteps, 4)), eval_loss: f(evalLoss), eval_runtime: f(round(41.2 + rnd.next(), 4)), eval_samples_per_second: f(round(48.5 + rnd.next(), 3)), eval_steps_per_second: f(round(6.07 + rnd.next() / 10, 3)), step };
      run.rows.push(erow);
      tb.push({ kind: 'scalar', wallTime: wall + 41, step, tag: 'eval/loss', value: evalLoss });
    }
  }
  const trainLoss = run.rows.filter((r) => 'loss' in r).reduce((a, r) => a + (r.loss as { value: number }).value, 0) / 100;
  run.rows.push({ epoch: f(1), step: maxSteps, total_flos: f(1.37e16), train_loss: f(round(trainLoss, 6)), train_runtime: f(3104.2213), train_samples_per_second: f(2.577), train_steps_per_second: f(0.322) });
  const dir = path.join(out, 'sft-llama-3-8b');
  const bestOf = (upTo: number) => {
    const evals = run.rows.filter((r) => 'eval_loss' in r && (r.step as number) <= upTo);
    const b = evals.reduce<Row | null>((acc, r) => (acc === null || (r.eval_loss as { value: number }).value < (acc.eval_loss as { value: number }).value ? r : acc), null);
    if (!b) return null;
    const cp = Math.ceil((b.step as number) / 500) * 500;
    return { metric: (b.eval_loss as { value: number }).value, step: b.step as number, checkpoint: `sft-llama-3-8b/checkpoint-${Math.min(cp, upTo)}` };
  };
  for (const cp of [500, 1000]) {
    write(path.join(dir, `checkpoint-${cp}`, 'trainer_state.json'), trainerState(run, cp, bestOf(cp)));
    write(path.join(dir, `checkpoint-${cp}`, 'adapter_model.safetensors'), loraAdapter());
  }
  write(path.join(dir, 'trainer_state.json'), trainerState(run, maxSteps, bestOf(maxSteps)));
  const adapter = `${pyJson({ base_model_name_or_path: 'meta-llama/Meta-Llama-3-8B', bias: 'none', lora_alpha: 32, lora_dropout: f(0.05), peft_type: 'LORA', r: 16, target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj'], task_type: 'CAUSAL_LM' })}\n`;
  write(path.join(dir, 'adapter_config.json'), adapter);
  write(path.join(dir, 'all_results.json'), `${pyJson({ epoch: f(1), eval_loss: f(best.metric), train_loss: f(round(trainLoss, 6)), train_runtime: f(3104.2213) }, 4)}\n`);
  write(path.join(dir, 'runs', `Nov21_09-00-00_${HOST}`, `events.out.tfevents.${T0 + 86400}.${HOST}.5151.0`), encodeEventFile(tb));
}

/** A small LoRA adapter in the safetensors format (zero weights): what PEFT saves in each checkpoint. */
function loraAdapter(): Uint8Array {
  const tensors = ['q_proj', 'k_proj', 'v_proj', 'o_proj'].flatMap((m) => [
    { name: `base_model.model.model.layers.0.self_attn.${m}.lora_A.weight`, dtype: 'BF16', shape: [16, 128] },
    { name: `base_model.model.model.layers.0.self_attn.${m}.lora_B.weight`, dtype: 'BF16', shape: [128, 16] },
  ]);
  return buildSafetensors(tensors, { format: 'pt' });
}

function dpo(out: string): void {
  const rnd = seeded(SEED + 2);
  const maxSteps = 600;
  const run: TrainerRun = { rows: [], evalRows: new Map(), maxSteps, loggingSteps: 5, evalSteps: 50, saveSteps: 300 };
  const steps = [1, ...Array.from({ length: maxSteps / 5 }, (_, i) => (i + 1) * 5)];
  for (const step of steps) {
    const p = step / maxSteps;
    const start = step === 1;
    const chosen = start ? 0 : round(0.35 * Math.sin(Math.PI * p) - 0.25 * p + 0.08 * rnd.normal(), 4);
    const rejected = start ? 0 : round(-2.4 * (1 - Math.exp(-3 * p)) + 0.1 * rnd.normal(), 4);
    const margin = round(chosen - rejected, 4);
    const loss = start ? 0.6931 : round(Math.log(1 + Math.exp(-margin)) * (1 + 0.05 * rnd.normal()), 4);
    const acc = start ? 0 : round(Math.min(1, Math.max(0, 0.5 + 0.4 * (1 - Math.exp(-4 * p)) + 0.06 * rnd.normal())), 4);
    run.rows.push({
      epoch: f(round(p, 4)),
      grad_norm: f(round(start ? 11.2 : 4 + 3 * Math.abs(rnd.normal()), 6)),
      learning_rate: f(lr(step, 5e-7, 60, maxSteps)),
      'logits/chosen': f(round(-2.71 + 0.2 * p + 0.05 * rnd.normal(), 4)),
      'logits/rejected': f(round(-2.69 + 0.05 * rnd.normal(), 4)),
      'logps/chosen': f(round(-312.4 + 8 * chosen * 10 + 5 * rnd.normal(), 4)),
      'logps/rejected': f(round(-298.8 + 8 * rejected * 10 + 5 * rnd.normal(), 4)),
      loss: f(loss),
      // TRL's running count of tokens trained on (for the curves' tokens x axis); deterministic, always increasing.
      num_tokens: f(step * 9792 + Math.round(1500 * Math.sin(step / 11))),
      'rewards/accuracies': f(acc),
      'rewards/chosen': f(chosen),
      'rewards/margins': f(margin),
      'rewards/rejected': f(rejected),
      step,
    });
    if (step % 50 === 0) {
      const em = round(2.2 * (1 - Math.exp(-3 * p)) + 0.05 * rnd.normal(), 4);
      run.rows.push({
        epoch: f(round(p, 4)),
        eval_loss: f(round(Math.log(1 + Math.exp(-em)), 4)),
        'eval_rewards/accuracies': f(round(0.5 + 0.33 * (1 - Math.exp(-4 * p)), 4)),
        'eval_rewards/margins': f(em),
        eval_runtime: f(round(61 + rnd.next(), 4)),
        step,
      });
    }
  }
  run.rows.push({ epoch: f(1), step: maxSteps, total_flos: f(0), train_loss: f(0.4127), train_runtime: f(5410.77), train_samples_per_second: f(1.774), train_steps_per_second: f(0.111) });
  const dir = path.join(out, 'dpo-llama-3-8b');
  write(path.join(dir, 'checkpoint-300', 'trainer_state.json'), trainerState(run, 300, null));
  write(path.join(dir, 'checkpoint-300', 'adapter_model.safetensors'), loraAdapter());
  write(path.join(dir, 'checkpoint-600', 'trainer_state.json'), trainerState(run, 600, null));
  // The last save was cut short (the disk filled up): the adapter's tensors end 4 KB early. The checkpoint review
  // flags it; the run itself is fine.
  const adapter = loraAdapter();
  write(path.join(dir, 'checkpoint-600', 'adapter_model.safetensors'), adapter.subarray(0, adapter.length - 4096));
}

export function generateDemo(out: string): void {
  for (const d of ['base-pretrain', 'sft-llama-3-8b', 'dpo-llama-3-8b']) rmSync(path.join(out, d), { recursive: true, force: true });
  basePretrain(out);
  sft(out);
  dpo(out);
  for (const d of MORE_RUN_DIRS) rmSync(path.join(out, d), { recursive: true, force: true });
  const ctx = { seed: SEED, t0: T0, host: HOST, write };
  overfitRun(out, ctx);
  nanSpikeRun(out, ctx);
  resumedRun(out, ctx);
  rmSync(path.join(out, MEGATRON_CRASH_DIR), { recursive: true, force: true });
  megatronCrashResumeRun(out, ctx);
  for (const d of [EVAL_DIR, SWEEP_DIR, AUDIT_DIR]) rmSync(path.join(out, d), { recursive: true, force: true });
  evalRuns(out, ctx);
  auditRuns(out, ctx);
  sweepRuns(out, ctx);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const out = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'demo'));
  generateDemo(out);
  process.stdout.write(`Demo workspace written to ${out}\n`);
}
