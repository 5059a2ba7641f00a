/**
 * `sweeps/`: two robustness sweeps in the format of docs/sweep-format.md. The SFT and the PPO checkpoints are each
 * interpolated towards a safety-tuned model (θ(α) = (1−α)·θ₀ + α·θ₁) and, as the control, moved along a random
 * direction with the same per-tensor norms; every α ∈ {0, 0.1, …, 1} was evaluated with lm-eval (`--limit 500`).
 * Story: both gain safety along the safety direction, but SFT's reasoning breaks early (gsm8k −0.15 by α = 1, past a
 * 0.02 drop even with its CI by α ≈ 0.3) while PPO's barely moves (−0.03); the random control only wanders (±0.01).
 *
 * Binary metrics are whole counts out of 500. Stderr is sqrt(p(1−p)/(n−1)) for every metric: lm-eval's mean_stderr
 * for 0/1 values, used as an approximation for truthfulqa_mc2's continuous per-doc scores.
 */
import path from 'node:path';
import type { ResultsArgs } from './evals';
import { dateId, harnessTask, resultsJson } from './evals';
import { f } from './python-json';
import { seeded } from './random';

export interface SweepDemoContext {
  readonly seed: number;
  readonly write: (file: string, data: string | Uint8Array) => void;
}

export const SWEEP_DIR = 'sweeps';
const N = 500;
const ALPHAS = Array.from({ length: 11 }, (_, i) => i / 10);
const SWEEP_T0 = 1764064800; // 2025-11-25 10:00:00 UTC

interface Metric {
  readonly task: string;
  readonly key: string;
  readonly metric: string;
  readonly binary: boolean;
}

const METRICS: readonly Metric[] = [
  { task: 'gsm8k', key: 'exact_match,strict-match', metric: 'exact_match', binary: true },
  { task: 'arc_challenge', key: 'acc_norm,none', metric: 'acc_norm', binary: true },
  { task: 'truthfulqa_mc2', key: 'acc,none', metric: 'acc', binary: false },
  { task: 'toxigen', key: 'acc,none', metric: 'acc', binary: true },
];

/** Fast early fall that levels off: 0 at α = 0, 1 at α = 1. */
const early = (a: number) => (1 - Math.exp(-a / 0.3)) / (1 - Math.exp(-1 / 0.3));

interface Sweep {
  readonly folder: string;
  readonly method: string;
  readonly model: string;
  readonly manifest: 'json' | 'yaml';
  /** Value at α = 0 per task. */
  readonly start: Readonly<Record<string, number>>;
  /** Change along the safety direction at α (signed: + is a rise). */
  readonly safety: Readonly<Record<string, (a: number) => number>>;
}

const SWEEPS: readonly Sweep[] = [
  {
    folder: 'sft-safety-sweep', method: 'SFT', model: 'runlens-demo/llama-3-8b-sft', manifest: 'json',
    start: { gsm8k: 0.62, arc_challenge: 0.57, truthfulqa_mc2: 0.5, toxigen: 0.5 },
    safety: { gsm8k: (a) => -0.15 * early(a), arc_challenge: (a) => -0.05 * early(a), truthfulqa_mc2: (a) => 0.08 * a ** 0.9, toxigen: (a) => 0.1 * a },
  },
  {
    folder: 'ppo-safety-sweep', method: 'PPO', model: 'runlens-demo/llama-3-8b-ppo', manifest: 'yaml',
    start: { gsm8k: 0.61, arc_challenge: 0.57, truthfulqa_mc2: 0.57, toxigen: 0.58 },
    safety: { gsm8k: (a) => -0.03 * a ** 1.6, arc_challenge: (a) => -0.015 * a ** 1.6, truthfulqa_mc2: (a) => 0.08 * a, toxigen: (a) => 0.1 * a },
  },
];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const label = (a: number) => a.toFixed(1);

function pointFile(sweep: Sweep, direction: string, alpha: number, values: Readonly<Record<string, number>>, date: number, perfStart: number): { name: string; body: string } {
  const weights = alpha === 0 ? sweep.model : `/data/sweeps/${sweep.folder}/${direction}/alpha_${label(alpha)}`;
  const tasks: ResultsArgs['tasks'][number][] = METRICS.map((m) => {
    const h = harnessTask(m.task);
    const p = values[m.task] as number;
    const comma = m.key.indexOf(',');
    return {
      task: m.task, original: h.original, effective: N, version: h.version, nShot: h.nShot, config: h.config, hib: { [m.metric]: true },
      entry: { [m.key]: f(p), [`${m.metric}_stderr${m.key.slice(comma)}`]: f(Math.sqrt((p * (1 - p)) / (N - 1))) },
    };
  });
  const duration = Math.round((1650 + 40 * Math.sin(date)) * 1e4) / 1e4;
  const id = dateId(date + duration, Math.floor(date % 1_000_000));
  return { name: `results_${id}.json`, body: resultsJson({ modelName: weights, modelArgs: `pretrained=${weights},dtype=bfloat16`, tasks, date: date + 0.562113, duration, perfStart, limit: N }) };
}

function manifest(sweep: Sweep): string {
  const points = (dir: string) => ALPHAS.map((a) => ({ alpha: a, results: `${dir}/alpha_${label(a)}` }));
  const name = `${sweep.model.split('/')[1] ?? sweep.model} → safety`;
  if (sweep.manifest === 'json') {
    const m = { method: sweep.method, name, model: sweep.model, edit: 'interpolation', directions: [{ name: 'safety', points: points('safety') }, { name: 'random', control: true, points: points('random') }] };
    return `${JSON.stringify(m, null, 2)}\n`;
  }
  const map = (dir: string) => `{ ${ALPHAS.map((a) => `"${label(a)}": ${dir}/alpha_${label(a)}`).join(', ')} }`;
  return [
    `# ${sweep.method} checkpoint interpolated towards a safety-tuned model; random norm-matched direction as control.`,
    `method: ${sweep.method}`,
    `name: ${name}`,
    `model: ${sweep.model}`,
    'edit: interpolation',
    'reference: 0',
    'directions:',
    '  - name: safety',
    `    points: ${map('safety')}`,
    '  - name: random',
    '    control: true',
    `    points: ${map('random')}`,
    '',
  ].join('\n');
}

/** `sweeps/<name>/`: a manifest and one lm-eval results file per (direction, α). */
export function sweepRuns(out: string, ctx: SweepDemoContext): void {
  SWEEPS.forEach((sweep, si) => {
    const dir = path.join(out, SWEEP_DIR, sweep.folder);
    const r = seeded(ctx.seed + 700 + si);
    const round = (m: Metric, v: number) => (m.binary ? Math.round(clamp(v, 0, 1) * N) / N : clamp(v, 0, 1));
    let t = SWEEP_T0 + si * 2 * 86400;
    let perf = 7_300_000.25 + si * 200_000;
    // α = 0 is θ₀ itself: one evaluation, the same file in both directions.
    const ref = Object.fromEntries(METRICS.map((m) => [m.task, round(m, (sweep.start[m.task] as number) + 0.004 * r.normal())]));
    const first = pointFile(sweep, 'safety', 0, ref, t, perf);
    for (const direction of ['safety', 'random']) {
      ctx.write(path.join(dir, direction, 'alpha_0.0', first.name), first.body);
      for (const a of ALPHAS.slice(1)) {
        t += 1800;
        perf += 1800.5;
        const values = Object.fromEntries(
          METRICS.map((m) => {
            const x0 = ref[m.task] as number;
            const shift = direction === 'safety' ? (sweep.safety[m.task] as (a: number) => number)(a) + 0.004 * r.normal() : clamp(-0.004 * a + 0.004 * r.normal(), -0.01, 0.01);
            return [m.task, round(m, x0 + shift)];
          }),
        );
        const p = pointFile(sweep, direction, a, values, t, perf);
        ctx.write(path.join(dir, direction, `alpha_${label(a)}`, p.name), p.body);
      }
    }
    ctx.write(path.join(dir, sweep.manifest === 'json' ? 'sweep.json' : 'sweep.yaml'), manifest(sweep));
  });
}
