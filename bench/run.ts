/**
 * `npm run bench -- [scenario…] [--json] [--points N] [--reps N]`: runs benchmark scenarios, each against a baseline
 * measured in the same run, and prints one JSON object as the last line (also written to bench/results/<date>.json).
 * Scenarios: ingest (ingest-tfevents, ingest-wandb), curves (curves-query, curves-query-smoothed, chart-frame), report
 * (report-pdf: needs `npm run build` and Chromium).
 * `--points` is points per file for ingest and per series for curves.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tempDir } from '../test/helpers/paths';
import type { ScenarioResult } from './lib/measure';
import { chartFrame, curvesQuery } from './scenarios/curves';
import { ingestTfevents, ingestWandb } from './scenarios/ingest';
import { reportExport } from './scenarios/report';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { json: { type: 'boolean', default: false }, points: { type: 'string', default: '1000000' }, reps: { type: 'string', default: '5' } },
  allowPositionals: true,
});
const wanted = positionals.length > 0 ? positionals : ['ingest'];
const points = Number(values.points);
const reps = Number(values.reps);

const t = await tempDir('runlens-bench-');
const scenarios: ScenarioResult[] = [];
try {
  if (wanted.includes('ingest') || wanted.includes('ingest-tfevents')) scenarios.push(await ingestTfevents(t.dir, points, reps));
  if (wanted.includes('ingest') || wanted.includes('ingest-wandb')) scenarios.push(await ingestWandb(t.dir, points, reps));
  if (wanted.includes('curves') || wanted.includes('curves-query')) scenarios.push(...(await curvesQuery(t.dir, points, reps)));
  if (wanted.includes('curves') || wanted.includes('chart-frame')) scenarios.push(await chartFrame(reps));
  if (wanted.includes('report') || wanted.includes('report-pdf')) scenarios.push(await reportExport(t.dir, Math.min(reps, 3)));
} finally {
  await t.cleanup();
}

const result = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()}-${os.arch()}` },
  scenarios,
};
if (!values.json) {
  for (const s of scenarios) {
    process.stdout.write(`${s.name}: ${s.value.toLocaleString('en-US')} ${s.unit} (baseline ${s.baseline.toLocaleString('en-US')}, ratio ${s.ratio}${s.target !== null ? `, target ${s.target}: ${s.met ? 'met' : 'NOT met'}` : ''})\n`);
  }
}
const outDir = path.join(import.meta.dirname, 'results');
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, `${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
