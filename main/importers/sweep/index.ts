import type { DirNode, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ConfigValue, ImportRecord, WarningRecord } from '../../../shared/importers/records';
import { baseName, isSamplesFile } from '../lm-eval/names';
import type { EvalValue } from '../lm-eval/results-file';
import { readResultsFile } from '../lm-eval/results-file';
import { detectSweep } from './detect';
import type { SweepDirectionSpec, SweepSpec } from './manifest';
import { alphaOfDir, MANIFEST_NAMES, readManifest } from './manifest';

/**
 * Weight-update sweeps (docs/sweep-format.md): one run per sweep folder, holding every (direction, α, task, metric,
 * filter) number. The per-α results are lm-eval results files, read by the lm-eval importer's own reader.
 */
export const sweepImporter: Importer = {
  id: 'sweep',
  version: 1,

  async detect(dir: DirNode, peek: Peek) {
    return detectSweep(dir, peek);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const bytes = new Map<string, Uint8Array>();
    for await (const r of readRunFiles(src, signal)) {
      if (r.warning) yield r.warning;
      else bytes.set(r.file, r.bytes);
    }
    if (signal.aborted) return;
    const rel = (p: string) => (src.relPath === '' ? p : p.slice(src.relPath.length + 1));
    const manifestFile = MANIFEST_NAMES.map((n) => joinRel(src.relPath, n)).find((f) => bytes.has(f)) ?? null;
    const spec: SweepSpec = manifestFile === null ? folderSpec([...bytes.keys()].map(rel)) : readManifest(baseName(manifestFile), bytes.get(manifestFile) ?? new Uint8Array());
    const warnFile = manifestFile ?? src.files[0] ?? src.relPath;
    for (const p of spec.problems) yield { kind: 'warning', file: warnFile, offset: null, message: p };

    for (const d of spec.directions) yield* directionRecords(d, src.relPath, bytes, warnFile);

    const m = spec.manifest;
    const config: Record<string, ConfigValue> = { 'sweep.directions': spec.directions.map((d) => (d.isControl ? `${d.name} (control)` : d.name)).join(', ') };
    if (m) {
      config['sweep.method'] = m.method;
      if (m.model !== undefined) config['sweep.model'] = m.model;
      if (m.edit !== undefined) config['sweep.edit'] = m.edit;
      if (m.reference !== undefined) config['sweep.reference'] = m.reference;
    }
    yield { kind: 'config', origin: manifestFile === null ? 'sweep folders' : baseName(manifestFile), entries: config };
    yield { kind: 'run-meta', ...(m?.name ? { name: m.name } : {}), status: 'finished' };
  },
};

/** A manifest-less sweep: one direction, `edit`, from the α in each top folder's name. */
function folderSpec(files: readonly string[]): SweepSpec {
  const byAlpha = new Map<string, number>();
  for (const f of files) {
    const top = f.split('/')[0] ?? '';
    const a = alphaOfDir(top);
    if (a !== null) byAlpha.set(top, a);
  }
  const points = [...byAlpha].map(([dir, alpha]) => ({ alpha, results: dir, values: [] })).sort((a, b) => a.alpha - b.alpha);
  return { manifest: null, directions: [{ name: 'edit', isControl: false, points }], problems: [] };
}

function* directionRecords(d: SweepDirectionSpec, runRel: string, bytes: ReadonlyMap<string, Uint8Array>, warnFile: string): Generator<ImportRecord> {
  for (const p of d.points) {
    const at = { direction: d.name, isControl: d.isControl, alpha: p.alpha };
    for (const v of p.values) {
      yield { kind: 'sweep-point', ...at, task: v.task, metric: v.metric, filter: v.filter, value: v.value, stderr: v.stderr ?? null, higherIsBetter: v.higher_is_better ?? null, nSamples: null, file: warnFile };
    }
    if (p.results === null) continue;
    const target = joinRel(runRel, p.results);
    const files = [...bytes.keys()].filter((f) => (f === target || f.startsWith(`${target}/`)) && f.endsWith('.json') && !isSamplesFile(baseName(f))).sort();
    if (files.length === 0) {
      const w: WarningRecord = { kind: 'warning', file: warnFile, offset: null, message: `Direction "${d.name}", α = ${p.alpha}: no results JSON at "${p.results}"; point skipped.` };
      yield w;
      continue;
    }
    // Newest file wins a (task, metric, filter) that several hold, as for lm-eval runs.
    const read = files.map((f) => readResultsFile(f, bytes.get(f) ?? new Uint8Array())).sort((a, b) => (a.sortSec ?? -Infinity) - (b.sortSec ?? -Infinity));
    const evals = new Map<string, EvalValue>();
    for (const r of read) {
      yield* r.warnings;
      for (const e of r.evals) evals.set(`${e.task}\u0000${e.metric}\u0000${e.filter}`, e);
    }
    for (const e of evals.values()) yield { kind: 'sweep-point', ...at, ...e };
  }
}
