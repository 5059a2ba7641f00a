/**
 * A realistic run library for the scale benchmark (issue 11), written in the real on-disk formats: TensorBoard event
 * files, HF Trainer output folders, W&B offline runs, an MLflow file store and lm-evaluation-harness results, spread
 * over `project-<k>/` folders. Binary formats use the app's encoders, except the per-point hot paths (a scalar event,
 * a history row), which are written straight into a buffer: the test checks them byte for byte against the app's
 * encoders. Deterministic for a seed: the same seed gives byte-identical files (no clock, no host name, no
 * Math.random).
 *
 * `points` counts exactly what the importers turn into scalar points (every numeric log value, NaN included), so a
 * benchmark can check that an import stored all of it. lm-eval runs carry eval results, not curves: they count 0
 * points and their results are counted in `evals`.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunPlan, Written } from './library-gen/common';
import { BASE_WALL_SEC, Counter, Rng, runRng } from './library-gen/common';
import { writeHfTrainer } from './library-gen/hf-trainer';
import { writeLmEval } from './library-gen/lm-eval';
import { writeMlflow, writeMlflowExperiment } from './library-gen/mlflow';
import { writeTensorboard } from './library-gen/tensorboard';
import { writeWandb } from './library-gen/wandb';

export { ByteSink, Rng } from './library-gen/common';
export { writeScalarFrame } from './library-gen/tensorboard';
export { writeHistoryRecord } from './library-gen/wandb';

export type GenFormat = 'tensorboard' | 'hf-trainer' | 'wandb' | 'mlflow' | 'lm-eval';

export interface LibraryOptions {
  readonly runs: number;
  readonly points: number;
  readonly seed: number;
}

export interface LibrarySummary {
  readonly runs: number;
  /** Scalar points over every run, exactly as the importers count them. */
  readonly points: number;
  /** Files that belong to runs (the marker file is not one). */
  readonly files: number;
  readonly bytes: number;
  readonly byFormat: Record<string, { runs: number; points: number }>;
  /** lm-eval result values (one per task × metric × filter). */
  readonly evals: number;
}

/** Written at the root so a later call may replace a library it generated, and nothing else. */
export const MARKER_FILE = 'BENCH-LIBRARY.md';

const RUNS_PER_PROJECT = 50;
/** Curve runs get at least this many points when the budget allows ("a few hundred"). */
const MIN_RUN_POINTS = 300;
/**
 * Largest runs per format. trainer_state.json is one JSON document that HF rewrites whole at every save, so real
 * ones stay in the tens of MB; MLflow metric files are one text file per metric. The excess goes to the streaming
 * formats (tfevents, .wandb), where very long runs live.
 */
const POINT_CAP: Partial<Record<GenFormat, number>> = { 'hf-trainer': 250_000, mlflow: 1_000_000 };
/** Formats of runs after the first five (which are one of each, so small libraries hold every format). */
const FORMAT_WEIGHTS: readonly [GenFormat, number][] = [
  ['tensorboard', 0.34],
  ['hf-trainer', 0.26],
  ['wandb', 0.2],
  ['mlflow', 0.12],
  ['lm-eval', 0.08],
];

// ---------------------------------------------------------------------------------------------------------------
// Planning

function chooseFormats(runs: number, seed: number): GenFormat[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const order: GenFormat[] = ['tensorboard', 'hf-trainer', 'wandb', 'mlflow', 'lm-eval'];
  return Array.from({ length: runs }, (_, i) => {
    if (i < order.length) return order[i] as GenFormat;
    let u = rng.next();
    for (const [f, w] of FORMAT_WEIGHTS) {
      if (u < w) return f;
      u -= w;
    }
    return 'tensorboard';
  });
}

/**
 * Splits the point budget: every curve run gets MIN_RUN_POINTS, the rest by log-normal weights (a long tail of big
 * runs). Runs over their format's cap give their excess to the tfevents and W&B runs, in proportion to their weights.
 */
function allocatePoints(formats: readonly GenFormat[], points: number, seed: number): number[] {
  const rng = new Rng(seed ^ 0x27d4eb2f);
  const curve = formats.map((f) => f !== 'lm-eval');
  const nCurve = curve.filter(Boolean).length;
  if (nCurve === 0) return formats.map(() => 0);
  const floor = Math.min(MIN_RUN_POINTS, Math.floor(points / nCurve));
  const weights = formats.map((_, i) => (curve[i] ? Math.exp(1.1 * rng.normal()) : 0));
  const total = weights.reduce((a, w) => a + w, 0);
  const budget = Math.max(0, points - nCurve * floor);
  const alloc = formats.map((_, i) => (curve[i] ? floor + (budget * (weights[i] as number)) / total : 0));
  let excess = 0;
  formats.forEach((f, i) => {
    const cap = POINT_CAP[f];
    if (cap !== undefined && (alloc[i] as number) > cap) {
      excess += (alloc[i] as number) - cap;
      alloc[i] = cap;
    }
  });
  const streaming = formats.map((f) => f === 'tensorboard' || f === 'wandb');
  const streamWeight = weights.reduce((a, w, i) => a + (streaming[i] ? w : 0), 0);
  if (streamWeight > 0) {
    for (let i = 0; i < alloc.length; i++) if (streaming[i]) alloc[i] = (alloc[i] as number) + (excess * (weights[i] as number)) / streamWeight;
  }
  return alloc.map((a) => Math.round(a));
}

/** Empties `out` when it is missing, empty, or a library this generator wrote (its marker is there); else refuses. */
async function prepareOut(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch {
    entries = [];
  }
  if (entries.length > 0) {
    if (!entries.includes(MARKER_FILE)) throw new Error(`${out} is not empty and was not written by the bench generator; refusing to overwrite it.`);
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

export async function generateLibrary(out: string, opts: LibraryOptions): Promise<LibrarySummary> {
  const runs = Math.max(0, Math.floor(opts.runs));
  await prepareOut(out);
  const formats = chooseFormats(runs, opts.seed);
  const targets = allocatePoints(formats, Math.max(0, Math.floor(opts.points)), opts.seed);
  const count = new Counter();
  const byFormat: Record<string, { runs: number; points: number }> = {};
  let points = 0;
  let evals = 0;
  const experiments = new Map<string, string>();
  for (let i = 0; i < runs; i++) {
    const format = formats[i] as GenFormat;
    const rng = runRng(opts.seed, i);
    const projectDir = path.join(out, `project-${Math.floor(i / RUNS_PER_PROJECT)}`);
    const plan: RunPlan = { index: i, format, target: targets[i] as number, projectDir, startSec: BASE_WALL_SEC + i * 5400 + rng.int(0, 3600), rng };
    let w: Written;
    switch (format) {
      case 'tensorboard':
        w = await writeTensorboard(plan, count);
        break;
      case 'hf-trainer':
        w = await writeHfTrainer(plan, count);
        break;
      case 'wandb':
        w = await writeWandb(plan, count);
        break;
      case 'mlflow': {
        let exp = experiments.get(projectDir);
        if (exp === undefined) {
          exp = String(100_000_000 + Math.floor(new Rng(opts.seed + i).next() * 899_999_999));
          experiments.set(projectDir, exp);
          await writeMlflowExperiment(projectDir, exp, count);
        }
        w = await writeMlflow(plan, count, exp);
        break;
      }
      case 'lm-eval':
        w = await writeLmEval(plan, count);
        break;
    }
    const f = (byFormat[format] ??= { runs: 0, points: 0 });
    f.runs++;
    f.points += w.points;
    points += w.points;
    evals += w.evals;
  }
  await writeFile(path.join(out, MARKER_FILE), `Synthetic run library written by \`npm run bench -- generate\` (seed ${opts.seed}, ${runs} runs, ${points} points). Safe to delete.\n`);
  return { runs, points, files: count.files, bytes: count.bytes, byFormat, evals };
}
