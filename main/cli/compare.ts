import path from 'node:path';
import type { CompareResult, DeltaMethod, PlanePoint } from '../../shared/domain/compare';
import type { Importer } from '../../shared/importers/importer';
import { cliCall, normaliseRunArg, notFound, shownPath, UsageError, withImportedHost } from './cli-host';

export interface CompareRequest {
  readonly dirs: readonly string[];
  /** A run path as `runlens inspect` prints it; with several folders, `<folder>/<path>` when the path alone is ambiguous. */
  readonly baseline: string;
  readonly paired: boolean;
}

/** One line of `runlens compare --json`: the fixed shape, so scripts can rely on it. */
export interface CompareCliRow {
  readonly task: string;
  readonly metric: string;
  readonly filter: string;
  readonly run: string;
  readonly baseline: string;
  readonly value: number;
  readonly baselineValue: number;
  readonly delta: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number | null;
  readonly method: DeltaMethod;
}

export interface CompareCliOutput {
  readonly rows: CompareCliRow[];
  readonly plane: (Omit<PlanePoint, 'runId'> & { readonly run: string })[];
  readonly notes: string[];
  /** The full result, for the CSV/LaTeX writers (not printed with --json). */
  readonly result: CompareResult;
  readonly labels: ReadonlyMap<string, string>;
}

/**
 * The comparison table the app shows, from the command line: the folders are imported by the same host and the
 * numbers come from the same `compare:evals` handler.
 */
export async function compareFolders(req: CompareRequest, opts: { importers?: readonly Importer[] } = {}): Promise<CompareCliOutput> {
  return withImportedHost(req.dirs, opts, async (host) => {
    const sources = await cliCall(host, 'library:list-sources', {});
    const runs = await cliCall(host, 'library:list-runs', {});
    const dirOf = new Map(sources.map((s) => [s.id, req.dirs.find((d) => path.resolve(d) === s.path) ?? s.path]));
    const pathCount = new Map<string, number>();
    for (const r of runs) pathCount.set(shownPath(r.path), (pathCount.get(shownPath(r.path)) ?? 0) + 1);
    // The inspect path when it is unique; else prefixed with the folder it came from.
    const labels = new Map(
      runs.map((r) => {
        const p = shownPath(r.path);
        const dir = (dirOf.get(r.sourceId) ?? '').replace(/\\/g, '/').replace(/\/+$/, '');
        return [r.id, (pathCount.get(p) ?? 0) > 1 ? (p === '.' ? dir : `${dir}/${p}`) : p];
      }),
    );
    const wanted = normaliseRunArg(req.baseline);
    const baseline = runs.find((r) => labels.get(r.id) === wanted) ?? runs.find((r) => shownPath(r.path) === wanted && pathCount.get(wanted) === 1);
    if (!baseline) {
      const known = [...labels.values()];
      throw new UsageError(notFound('run', req.baseline, known, known.length === 0 ? `No runs found in ${req.dirs.join(', ')}.` : 'List them with `runlens inspect <dir>`.'));
    }
    const evalRuns = runs.filter((r) => r.format !== 'sweep');
    const result = await cliCall(host, 'compare:evals', { runIds: evalRuns.map((r) => r.id), baselineRunId: baseline.id, paired: req.paired });
    if (result.baselineRunId !== baseline.id) throw new UsageError(`run '${req.baseline}' has no eval results to compare against.`);
    const label = (id: string) => labels.get(id) ?? id;
    const baseIndex = result.columns.findIndex((c) => c.isBaseline);
    const rows: CompareCliRow[] = [];
    for (const row of result.rows) {
      const base = row.cells[baseIndex];
      if (!base) continue;
      result.columns.forEach((col, i) => {
        const d = row.deltas[i];
        const cell = row.cells[i];
        if (!d || !cell) return;
        rows.push({ task: row.task, metric: row.metric, filter: row.filter, run: label(col.runId), baseline: label(baseline.id), value: cell.value, baselineValue: base.value, delta: d.delta, low: d.low, high: d.high, n: d.n, method: d.method });
      });
    }
    const plane = result.plane.map(({ runId, ...p }) => ({ run: label(runId), ...p }));
    return { rows, plane, notes: result.notes, result, labels };
  });
}

const fmt = (v: number | null, digits = 4) => (v === null ? '—' : v.toFixed(digits));
const signed = (v: number | null, digits = 4) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`);

/** A terminal table: one line per (task, metric, filter, run). */
export function formatCompare(out: CompareCliOutput): string {
  const lines = [`baseline: ${out.rows[0]?.baseline ?? '—'}`, 'task\tmetric\tfilter\trun\tvalue\tbaseline\tdelta\t95% interval\tn\tmethod'];
  for (const r of out.rows) {
    const iv = r.low === null || r.high === null ? '—' : `[${signed(r.low)}, ${signed(r.high)}]`;
    lines.push([r.task, r.metric, r.filter, r.run, fmt(r.value), fmt(r.baselineValue), signed(r.delta), iv, r.n ?? '—', r.method].join('\t'));
  }
  for (const p of out.plane) lines.push(`${p.run}: reasoning ${signed(p.reasoning.score, 2)} SE, safety ${signed(p.safety.score, 2)} SE → ${p.quadrantLabel}`);
  lines.push(...out.notes.map((n) => `# ${n}`));
  return lines.join('\n');
}
