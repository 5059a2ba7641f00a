import path from 'node:path';
import type { Counter, Json, RunPlan, Written } from './common';
import { Curves, EVAL_EVERY, put, pyJson, r4, runName, schedule } from './common';

// ---------------------------------------------------------------------------------------------------------------
// HF Trainer: trainer_state.json log_history, eval rows, the summary row; checkpoint-N/ copies of the state so far

export async function writeHfTrainer(p: RunPlan, count: Counter): Promise<Written> {
  // Per train row 4 points (epoch, grad_norm, learning_rate, loss), per eval row 5, the summary row 6.
  const rows = Math.max(1, Math.round((p.target - 6) / (4 + 5 / EVAL_EVERY)));
  const { logEvery, maxStep } = schedule(p.rng, rows);
  const curves = new Curves(p.rng, maxStep, logEvery, rows);
  const epochs = p.rng.pick([1, 2, 3, 5]);
  const dir = path.join(p.projectDir, 'outputs', runName(p.rng, p.index, 'sft'));
  const secPerStep = p.rng.range(0.1, 3);
  const log: { step: number; text: string }[] = [];
  let points = 0;
  let lastEval = Number.NaN;
  for (let r = 1; r <= rows; r++) {
    const step = r * logEvery;
    const epoch = Number(((step / maxStep) * epochs).toFixed(4));
    const t = curves.train(step);
    log.push({ step, text: pyJson({ epoch, grad_norm: t.gradNorm, learning_rate: t.lr, loss: r4(t.loss), step }, '    ') });
    points += 4;
    if (r % EVAL_EVERY === 0) {
      const evalLoss = curves.evalLoss(step);
      lastEval = evalLoss;
      const runtime = Number(p.rng.range(20, 90).toFixed(4));
      log.push({ step, text: pyJson({ epoch, eval_loss: evalLoss, eval_runtime: runtime, eval_samples_per_second: Number((2000 / runtime).toFixed(3)), eval_steps_per_second: Number((250 / runtime).toFixed(3)), step }, '    ') });
      points += 5;
    }
  }
  const runtime = Number((maxStep * secPerStep).toFixed(4));
  const flos = Math.round(maxStep * 3.7e12);
  log.push({ step: maxStep, text: pyJson({ epoch: epochs, step: maxStep, total_flos: flos, train_loss: r4(curves.evalLoss(maxStep / 2)), train_runtime: runtime, train_samples_per_second: Number(((maxStep * 16) / runtime).toFixed(3)), train_steps_per_second: Number((maxStep / runtime).toFixed(3)) }, '    ') });
  points += 6;

  // Checkpoints every save_steps; a third of the runs still have theirs on disk (the rest were cleaned up).
  const saves = p.rng.int(1, 4);
  const saveSteps = Math.max(logEvery, Math.round(maxStep / (saves + 1) / logEvery) * logEvery);
  const keepCheckpoints = p.rng.next() < 0.35;
  const state = (globalStep: number, upTo: number) => {
    // No metric_for_best_model: HF leaves the best_* fields null.
    const head: { [k: string]: Json } = {
      best_global_step: null,
      best_metric: null,
      best_model_checkpoint: null,
      epoch: Number(((globalStep / maxStep) * epochs).toFixed(4)),
      eval_steps: logEvery * EVAL_EVERY,
      global_step: globalStep,
      is_hyper_param_search: false,
      is_local_process_zero: true,
      is_world_process_zero: true,
      logging_steps: logEvery,
      max_steps: maxStep,
      num_input_tokens_seen: 0,
      num_train_epochs: epochs,
      save_steps: saveSteps,
      total_flos: Math.round(globalStep * 3.7e12),
      train_batch_size: 16,
      trial_name: null,
      trial_params: null,
    };
    // log_history sorts between is_world_process_zero and logging_steps: splice the pre-rendered rows in there.
    const before = pyJson(head).split('\n  "logging_steps"');
    const rowsText = log.slice(0, upTo).map((l) => `    ${l.text}`).join(',\n');
    return `${before[0] as string}\n  "log_history": [\n${rowsText}\n  ],\n  "logging_steps"${before[1] as string}`;
  };
  // Each checkpoint holds the state as it was when saved: a prefix of the final log_history.
  for (let at = saveSteps; keepCheckpoints && at < maxStep; at += saveSteps) {
    const upTo = log.filter((l) => l.step <= at).length;
    await put(path.join(dir, `checkpoint-${at}`, 'trainer_state.json'), `${state(at, upTo)}\n`, count);
  }
  await put(path.join(dir, 'trainer_state.json'), `${state(maxStep, log.length)}\n`, count);
  await put(path.join(dir, 'all_results.json'), `${pyJson({ epoch: epochs, eval_loss: lastEval, total_flos: flos, train_runtime: runtime })}\n`, count);
  return { points, evals: 0 };
}
