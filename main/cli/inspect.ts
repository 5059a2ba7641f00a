import path from 'node:path';
import { computeSeriesStats } from '../../shared/domain/series-stats';
import type { Importer } from '../../shared/importers/importer';
import { checkRunCheckpoint } from '../services/checkpoint-integrity';
import { readClaim, runDisplayName, scanSource } from '../services/import-source';

export interface InspectRun {
  path: string;
  name: string;
  format: string;
  status: string;
  metrics: { name: string; points: number; firstStep: number | null; lastStep: number | null }[];
  /**
   * With their integrity (safetensors headers, shard indexes, empty files, step; see checkpoint-integrity.ts). `ok` is
   * null for a checkpoint that is a reference, not a folder inside the source (an lm-eval hub id, a path elsewhere).
   */
  checkpoints: { path: string; step: number | null; ok: boolean | null; problems: string[] }[];
  config: number;
  evals: { task: string; metric: string; filter: string; value: number; stderr: number | null }[];
  samples: number;
  logLines: number;
  warnings: { file: string; offset: number | null; message: string }[];
}

export interface InspectReport {
  runs: InspectRun[];
  ties: { path: string; formats: string[] }[];
}

/** What RunLens finds in a folder, without the UI or the cache: the same scan and importers as the library. */
export async function inspectFolder(dir: string, importers: readonly Importer[], signal = new AbortController().signal): Promise<InspectReport> {
  const rootAbs = path.resolve(dir);
  const scanned = await scanSource(rootAbs, importers, signal);
  const runs: InspectRun[] = [];
  for (const claim of scanned.scan.claims) {
    const data = await readClaim(scanned, claim, signal);
    runs.push({
      path: claim.relPath === '' ? '.' : claim.relPath,
      name: runDisplayName(rootAbs, claim.relPath, data.name),
      format: data.format,
      status: data.status,
      metrics: [...data.series.values()]
        .map((s) => {
          const st = computeSeriesStats(s.steps.view(), s.values.view());
          return { name: s.name, points: st.points, firstStep: st.firstStep, lastStep: st.lastStep };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
      checkpoints: await Promise.all(
        data.checkpoints.map(async (c) => {
          const { ok, problems } = await checkRunCheckpoint(rootAbs, c);
          return { path: c.path, step: c.step, ok, problems };
        }),
      ),
      config: data.configs.length,
      evals: data.evals.map((e) => ({ task: e.task, metric: e.metric, filter: e.filter, value: e.value, stderr: e.stderr })),
      samples: data.samples.length,
      logLines: data.logs.reduce((a, l) => a + l.lines.length, 0),
      warnings: data.warnings.map((w) => ({ file: w.file, offset: w.offset, message: w.message })),
    });
  }
  return { runs, ties: scanned.scan.ties.map((t) => ({ path: t.relPath, formats: t.formats })) };
}

/** A short human-readable listing for `runlens inspect` without --json. */
export function formatInspect(report: InspectReport): string {
  const lines: string[] = [];
  for (const r of report.runs) {
    const points = r.metrics.reduce((a, m) => a + m.points, 0);
    lines.push(`${r.path}  [${r.format}]  ${r.metrics.length} metrics, ${points} points${r.warnings.length ? `, ${r.warnings.length} warnings` : ''}`);
    for (const m of r.metrics) lines.push(`    ${m.name}: ${m.points} points, steps ${m.firstStep ?? '-'}..${m.lastStep ?? '-'}`);
    for (const w of r.warnings) lines.push(`    ! ${w.file}${w.offset !== null ? ` @${w.offset}` : ''}: ${w.message}`);
    for (const c of r.checkpoints) if (c.ok === false) lines.push(`    ! checkpoint ${c.path}: ${c.problems.join('; ')}`);
  }
  if (report.runs.length === 0) lines.push('No runs found.');
  return lines.join('\n');
}
