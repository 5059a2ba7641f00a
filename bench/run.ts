/**
 * `npm run bench -- [scenario…] [--json] [--points N] [--reps N] [--runs N] [--lib-points N]`: runs benchmark
 * scenarios, each against a baseline measured in the same run, and prints one JSON object as the last line (also
 * written to bench/results/<date>.json). With no scenario named, all of them run (default sizes finish in a few
 * minutes on 2 cores).
 *
 * Groups and the scenarios they hold:
 * - ingest: ingest-tfevents, ingest-wandb (against the raw read rate of the same bytes), ingest-tfevents-vs-tensorboard
 *   (TensorBoard's own Python loader on the same file; skipped with a message when `tensorboard` is not importable);
 * - open: open-cold, open-warm, peak-rss (a generated library of `--runs` runs and `--lib-points` points, imported and
 *   reopened in child processes);
 * - curves: query-downsample, query-downsample-smoothed, chart-frame, chart-frame-svg, zoom-requery;
 * - table: runs-table-sort, runs-table-filter (10,000 rows);
 * - compare: compare-evals (50 models × 60 tasks with samples);
 * - report: report-pdf (needs `npm run build` and Chromium).
 * `--points` is points per file for ingest and per series for curves.
 *
 * `npm run bench -- generate --runs N --points M [--out DIR] [--seed S]` only writes a library (real formats, fixed
 * seed) for trying the app on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tempDir } from '../test/helpers/paths';
import { generateCommand } from './generate';
import type { ScenarioResult } from './lib/measure';
import { chartFrame, chartFrameSvg, curvesQuery } from './scenarios/curves';
import { ingestTfevents, ingestWandb } from './scenarios/ingest';
import { compareEvals, runsTable, zoomRequery } from './scenarios/interactive';
import { openScenarios } from './scenarios/open';
import { reportExport } from './scenarios/report';
import { tensorboardPythonBaseline } from './scenarios/tb-python';

if (process.argv[2] === 'generate') {
  await generateCommand(process.argv.slice(3));
  process.exit(0);
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: {
    json: { type: 'boolean', default: false },
    points: { type: 'string', default: '1000000' },
    reps: { type: 'string', default: '5' },
    runs: { type: 'string', default: '200' },
    'lib-points': { type: 'string', default: '2000000' },
  },
  allowPositionals: true,
});
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  ingest: ['ingest-tfevents', 'ingest-wandb', 'ingest-tfevents-vs-tensorboard'],
  open: ['open-cold', 'open-warm', 'peak-rss'],
  curves: ['query-downsample', 'query-downsample-smoothed', 'chart-frame', 'chart-frame-svg', 'zoom-requery'],
  table: ['runs-table-sort', 'runs-table-filter'],
  compare: ['compare-evals'],
  report: ['report-pdf'],
};
const asked = positionals.length > 0 ? positionals : Object.keys(GROUPS);
const known = new Set([...Object.keys(GROUPS), ...Object.values(GROUPS).flat()]);
const unknown = asked.filter((a) => !known.has(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown scenario ${unknown.join(', ')}; known: ${[...known].join(', ')}\n`);
  process.exit(2);
}
const wanted = new Set(asked.flatMap((a) => GROUPS[a] ?? [a]));
const want = (...names: string[]) => names.some((n) => wanted.has(n));
const points = Number(values.points);
const reps = Number(values.reps);
const libRuns = Number(values.runs);
const libPoints = Number(values['lib-points']);

const scenarios: ScenarioResult[] = [];
const skipped: { name: string; skipped: string }[] = [];
/** A scenario that cannot run here (no Chromium, no build) is reported as skipped, not as a failed bench. */
async function attempt(names: readonly string[], fn: () => Promise<ScenarioResult | ScenarioResult[] | { name: string; skipped: string }>): Promise<void> {
  try {
    const r = await fn();
    if (Array.isArray(r)) scenarios.push(...r.filter((s) => wanted.has(s.name)));
    else if ('skipped' in r) skipped.push(r);
    else scenarios.push(r);
  } catch (err) {
    for (const name of names) skipped.push({ name, skipped: err instanceof Error ? err.message : String(err) });
  }
}

const t = await tempDir('runlens-bench-');
try {
  if (want('ingest-tfevents')) await attempt(['ingest-tfevents'], () => ingestTfevents(t.dir, points, reps));
  if (want('ingest-wandb')) await attempt(['ingest-wandb'], () => ingestWandb(t.dir, points, reps));
  if (want('ingest-tfevents-vs-tensorboard')) await attempt(['ingest-tfevents-vs-tensorboard'], () => tensorboardPythonBaseline(t.dir, points, Math.min(reps, 2)));
  if (want('open-cold', 'open-warm', 'peak-rss')) await attempt(GROUPS.open ?? [], () => openScenarios(path.join(t.dir, 'open'), { runs: libRuns, points: libPoints, reps }));
  if (want('query-downsample', 'query-downsample-smoothed')) await attempt(['query-downsample', 'query-downsample-smoothed'], () => curvesQuery(t.dir, points, reps));
  if (want('chart-frame')) await attempt(['chart-frame'], () => chartFrame(reps));
  if (want('chart-frame-svg')) await attempt(['chart-frame-svg'], () => chartFrameSvg(reps));
  if (want('zoom-requery')) await attempt(['zoom-requery'], () => zoomRequery(path.join(t.dir, 'zoom'), points, reps));
  if (want('runs-table-sort', 'runs-table-filter')) await attempt(GROUPS.table ?? [], () => runsTable(reps));
  // Its paired bootstrap (10,000 resamples × ~500 paired results) dominates: two repetitions keep the bench short.
  if (want('compare-evals')) await attempt(['compare-evals'], () => compareEvals(path.join(t.dir, 'compare'), Math.min(reps, 2)));
  if (want('report-pdf')) await attempt(['report-pdf'], () => reportExport(t.dir, Math.min(reps, 3)));
} finally {
  await t.cleanup();
}

const result = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()}-${os.arch()}` },
  sizes: { points, reps, libraryRuns: libRuns, libraryPoints: libPoints },
  scenarios: scenarios.map((s) => ({ ...s, targetOn: s.targetOn ?? (s.detail?.targetOn === 'value' ? 'value' : s.target === null ? undefined : 'ratio') })),
  skipped,
};
if (!values.json) {
  for (const s of result.scenarios) {
    const goal = s.target === null ? '' : `, target ${s.targetOn === 'value' ? `${s.unit} < ${s.target}` : `ratio ≥ ${s.target}`}: ${s.met ? 'met' : 'NOT met'}`;
    process.stdout.write(`${s.name}: ${s.value.toLocaleString('en-US')} ${s.unit} (baseline ${s.baseline.toLocaleString('en-US')}, ratio ${s.ratio}${goal})\n`);
  }
  for (const s of skipped) process.stdout.write(`${s.name}: skipped: ${s.skipped}\n`);
}
const outDir = path.join(import.meta.dirname, 'results');
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, `${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
