import path from 'node:path';
import type { Counter, RunPlan, Written } from './common';
import { BASE_WALL_SEC, Curves, EVAL_EVERY, put, pyNum, schedule } from './common';

// ---------------------------------------------------------------------------------------------------------------
// MLflow file store: mlruns/<experiment>/<run>/{meta.yaml, metrics/, params/, tags/}

export async function writeMlflow(p: RunPlan, count: Counter, experiment: string): Promise<Written> {
  // Per log row: loss, learning_rate, grad_norm, epoch; eval_loss every EVAL_EVERY rows.
  const rows = Math.max(1, Math.round(p.target / (4 + 1 / EVAL_EVERY)));
  const { logEvery, maxStep } = schedule(p.rng, rows);
  const curves = new Curves(p.rng, maxStep, logEvery, rows);
  const runId = p.rng.hex(32);
  const dir = path.join(p.projectDir, 'mlruns', experiment, runId);
  const msPerStep = Math.round(p.rng.range(50, 2000));
  const startMs = Math.round(p.startSec * 1000);
  const lines: Record<'loss' | 'learning_rate' | 'grad_norm' | 'epoch' | 'eval_loss', string[]> = { loss: [], learning_rate: [], grad_norm: [], epoch: [], eval_loss: [] };
  let points = 0;
  for (let r = 1; r <= rows; r++) {
    const step = r * logEvery;
    const ts = startMs + step * msPerStep;
    const t = curves.train(step);
    // MLflow writes Python's repr of a float: `nan` for NaN.
    lines.loss.push(`${ts} ${Number.isNaN(t.loss) ? 'nan' : pyNum(t.loss)} ${step}`);
    lines.learning_rate.push(`${ts} ${pyNum(t.lr)} ${step}`);
    lines.grad_norm.push(`${ts} ${pyNum(t.gradNorm)} ${step}`);
    lines.epoch.push(`${ts} ${Number((step / maxStep).toFixed(4))} ${step}`);
    points += 4;
    if (r % EVAL_EVERY === 0) {
      lines.eval_loss.push(`${ts + 500} ${pyNum(curves.evalLoss(step))} ${step}`);
      points++;
    }
  }
  for (const [metric, ls] of Object.entries(lines)) if (ls.length > 0) await put(path.join(dir, 'metrics', metric), `${ls.join('\n')}\n`, count);
  const name = `${p.rng.pick(['bold', 'calm', 'eager', 'gentle', 'merry'])}-${p.rng.pick(['owl', 'fox', 'stag', 'hare', 'lynx'])}-${p.index}`;
  const params: Record<string, string> = { learning_rate: String(p.rng.pick([1e-5, 5e-5, 1e-4])), num_train_epochs: '3', per_device_train_batch_size: String(p.rng.pick([8, 16, 32])), warmup_ratio: '0.03' };
  for (const [k, v] of Object.entries(params)) await put(path.join(dir, 'params', k), v, count);
  const tags: Record<string, string> = { 'mlflow.runName': name, 'mlflow.user': 'bench', 'mlflow.source.type': 'LOCAL', 'mlflow.source.name': 'train.py' };
  for (const [k, v] of Object.entries(tags)) await put(path.join(dir, 'tags', k), v, count);
  const endMs = startMs + maxStep * msPerStep;
  const meta = [
    `artifact_uri: file:///mlruns/${experiment}/${runId}/artifacts`,
    `end_time: ${endMs}`,
    "entry_point_name: ''",
    `experiment_id: '${experiment}'`,
    'lifecycle_stage: active',
    `run_id: ${runId}`,
    `run_name: ${name}`,
    `run_uuid: ${runId}`,
    "source_name: ''",
    'source_type: 4',
    "source_version: ''",
    `start_time: ${startMs}`,
    'status: 3',
    'tags: []',
    'user_id: bench',
    '',
  ].join('\n');
  await put(path.join(dir, 'meta.yaml'), meta, count);
  return { points, evals: 0 };
}

export async function writeMlflowExperiment(projectDir: string, experiment: string, count: Counter): Promise<void> {
  const meta = [`artifact_location: file:///mlruns/${experiment}`, `creation_time: ${BASE_WALL_SEC * 1000}`, `experiment_id: '${experiment}'`, `last_update_time: ${BASE_WALL_SEC * 1000}`, 'lifecycle_stage: active', `name: ${path.basename(projectDir)}`, ''].join('\n');
  await put(path.join(projectDir, 'mlruns', experiment, 'meta.yaml'), meta, count);
}
