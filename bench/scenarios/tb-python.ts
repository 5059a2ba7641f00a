import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { tensorboardImporter } from '../../main/importers/tensorboard';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { RunSource } from '../../shared/importers/importer';
import type { ScenarioResult } from '../lib/measure';
import { medianMs } from '../lib/measure';
import { events } from './ingest';

const run = promisify(execFile);

/** Issue 11: tfevents ingest ≥ 20× TensorBoard's Python loader on the same file. */
const TB_TARGET = 20;
const NAME = 'ingest-tfevents-vs-tensorboard';
/**
 * The interpreter for TensorBoard's loader, vendored from its source in bench/tensorboard-loader/: RUNLENS_BENCH_PYTHON
 * when set (a virtualenv's python, say), else Debian's /usr/bin/python3, which sees the apt-installed python3-protobuf
 * and python3-numpy where a `python3` earlier on PATH (a pyenv shim, say) would not; `python3` where there is none.
 */
export const BENCH_PYTHON = process.env.RUNLENS_BENCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const LOADER = path.join(import.meta.dirname, '..', 'tb_loader.py');
const INSTALL = 'apt-get install python3-protobuf python3-numpy (Debian\'s protobuf and numpy, all the vendored loader in bench/tensorboard-loader/ imports), or set RUNLENS_BENCH_PYTHON to a Python that has protobuf ≥ 3.20 and numpy';

export interface SkippedScenario {
  readonly name: string;
  readonly skipped: string;
}

interface LoaderOutput {
  readonly ms_median: number;
  readonly values: number;
  readonly tensorboard: string;
}

/** The loader's JSON line (its last stdout line: TensorBoard may log above it), or null when there is none. */
function lastJson(stdout: string): Record<string, unknown> | null {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What execFile rejects with: the exit code (or a spawn error code such as ENOENT) and the output so far. */
function failure(err: unknown): { code: number | string | null; stdout: string; stderr: string } {
  if (!(err instanceof Error)) return { code: null, stdout: '', stderr: String(err) };
  const e = err as Error & { code?: unknown; stdout?: unknown; stderr?: unknown };
  const code = typeof e.code === 'number' || typeof e.code === 'string' ? e.code : null;
  return { code, stdout: typeof e.stdout === 'string' ? e.stdout : '', stderr: typeof e.stderr === 'string' ? e.stderr : e.message };
}

/** Why the baseline cannot run here, or null when TensorBoard's loader imports. */
async function unavailable(python: string): Promise<string | null> {
  try {
    await run(python, [LOADER, '--probe']);
    return null;
  } catch (err) {
    const f = failure(err);
    if (f.code === 'ENOENT') return `${python} not found: TensorBoard's loader needs Python 3 with protobuf and numpy; ${INSTALL}`;
    const detail = lastJson(f.stdout)?.detail;
    if (f.code === 3) return `TensorBoard's loader is not importable by ${python}${typeof detail === 'string' ? ` (${detail})` : ''}: ${INSTALL}`;
    return `${python} ${path.basename(LOADER)} --probe failed (exit ${String(f.code)}): ${f.stderr.trim().split('\n').pop() ?? ''}`;
  }
}

function loaderOutput(v: Record<string, unknown> | null): LoaderOutput | null {
  if (!v || typeof v.ms_median !== 'number' || typeof v.values !== 'number') return null;
  return { ms_median: v.ms_median, values: v.values, tensorboard: typeof v.tensorboard === 'string' ? v.tensorboard : 'unknown' };
}

/**
 * `ingest-tfevents-vs-tensorboard`: RunLens's TensorBoard importer against TensorBoard's own Python loader
 * (bench/tb_loader.py: EventFileLoader, as TensorBoard's backend reads every run, from the source vendored in
 * bench/tensorboard-loader/) on the same event file, in points/s. Skipped, with what to install, when Python,
 * protobuf or numpy is missing from `python` (BENCH_PYTHON unless given). Both sides must read the same number of
 * scalar values, or the scenario fails.
 */
export async function tensorboardPythonBaseline(dir: string, points: number, reps: number, python = BENCH_PYTHON): Promise<ScenarioResult | SkippedScenario> {
  const why = await unavailable(python);
  if (why !== null) return { name: NAME, skipped: why };

  const rel = 'events.out.tfevents.1700000000.tb-baseline.1.0';
  const file = path.join(dir, rel);
  await writeFile(file, encodeEventFile(events(points, 4)));
  const bytes = (await readFile(file)).length;
  let counted = 0;
  const src: RunSource = { relPath: path.dirname(rel), files: [rel], readFile: async () => new Uint8Array(await readFile(file)) };
  const parseMs = await medianMs(reps, async () => {
    counted = 0;
    for await (const r of tensorboardImporter.parse(src, new AbortController().signal)) if (r.kind === 'scalars') counted += r.steps.length;
  });

  let tb: LoaderOutput | null;
  try {
    const { stdout } = await run(python, [LOADER, file, '--reps', String(reps), '--expect', String(counted)], { maxBuffer: 16 * 2 ** 20 });
    tb = loaderOutput(lastJson(stdout));
  } catch (err) {
    const f = failure(err);
    const out = lastJson(f.stdout);
    if (f.code === 4) throw new Error(`${NAME}: TensorBoard's loader read ${String(out?.values)} scalar values, RunLens ${counted}: they must read the same points`, { cause: err });
    throw new Error(`${NAME}: ${python} ${path.basename(LOADER)} failed (exit ${String(f.code)}): ${f.stderr.trim().split('\n').slice(-3).join(' | ')}`, { cause: err });
  }
  if (tb === null) throw new Error(`${NAME}: no result line from ${path.basename(LOADER)}`);

  const value = counted / (parseMs / 1000);
  const baseline = tb.values / (tb.ms_median / 1000);
  const ratio = value / baseline;
  return {
    name: NAME,
    value: Math.round(value),
    unit: 'points/s',
    baseline: Math.round(baseline),
    ratio: Number(ratio.toFixed(3)),
    target: TB_TARGET,
    met: ratio >= TB_TARGET,
    detail: { bytes, points: counted, parseMs: Number(parseMs.toFixed(1)), tensorboardMs: Number(tb.ms_median.toFixed(1)), tensorboard: tb.tensorboard, python },
  };
}
