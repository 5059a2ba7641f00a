import type { AxisScore, CompareColumn, CompareDelta, CompareResult, CompareRow, DeltaMethod, PlanePoint } from '../../domain/compare';
import { lookupMetric } from '../../domain/metric-dictionary';
import type { EvalResultRecord } from '../../importers/records';
import type { CategoryOverrides, TaskDelta } from './categories';
import { categorize, categoryScore } from './categories';
import type { BootstrapOptions, DocScore } from './paired';
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED, comparePaired } from './paired';
import { QUADRANT_LABELS, classifyQuadrant } from './quadrant';
import type { Interval, StderrDeltaOptions } from './stderr-delta';
import { excludesZero, orientDelta, stderrDelta } from './stderr-delta';

/**
 * The method-comparison table (issue 6): every run's eval numbers side by side, each candidate's delta vs the baseline
 * with a 95 % interval (paired when both sides logged samples, else from the harness's stderr), and each candidate's
 * place on the safety–reasoning plane. Pure: the host loads the rows, this computes.
 */

/** One reported eval number, as the importers yield it (without where it came from). */
export type EvalNumber = Pick<EvalResultRecord, 'task' | 'metric' | 'filter' | 'value' | 'stderr' | 'higherIsBetter' | 'nSamples'>;

/** One logged document of one task and filter: its per-sample metric values. */
export interface EvalDoc {
  readonly docId: number | null;
  readonly docHash: string | null;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface CompareRunInput {
  readonly column: Omit<CompareColumn, 'isBaseline' | 'hasSamples'>;
  readonly evals: readonly EvalNumber[];
  /** Keyed by `sampleKey(task, filter)`. */
  readonly samples: ReadonlyMap<string, readonly EvalDoc[]>;
}

export interface CompareOptions {
  readonly baselineRunId: string;
  readonly categories?: CategoryOverrides;
  /** Default true. */
  readonly paired?: boolean;
  readonly bootstrap?: BootstrapOptions;
}

export const sampleKey = (task: string, filter: string): string => `${task}\u0000${filter}`;
const rowKey = (e: Pick<EvalNumber, 'task' | 'metric' | 'filter'>): string => `${e.task}\u0000${e.metric}\u0000${e.filter}`;

/** Metrics whose ideal is a value, not an end of the scale (analyses.md §2.3 A). */
export const PARITY_TARGETS: Readonly<Record<string, number>> = { pct_stereotype: 0.5 };

/** Per-sample means may differ from the reported number by summation order only. */
const MEAN_TOLERANCE = 1e-9;

/** A reported number's direction: the harness's `higher_is_better`, else the metric dictionary. */
export function directionOf(metric: string, reported: readonly (boolean | null)[]): boolean | null {
  const given = reported.find((v) => v !== null);
  if (given !== undefined && given !== null) return given;
  const dir = lookupMetric(metric)?.entry.direction ?? null;
  return dir === null ? null : dir === 'higher';
}

/** `mmlu_anatomy` when `mmlu` is also a task of the table: the group's own number is the one to score. */
function subtaskFlags(tasks: readonly string[]): Map<string, boolean> {
  const all = new Set(tasks);
  const out = new Map<string, boolean>();
  for (const t of tasks) {
    let isSub = false;
    for (let i = t.indexOf('_'); i > 0; i = t.indexOf('_', i + 1)) {
      if (all.has(t.slice(0, i))) {
        isSub = true;
        break;
      }
    }
    out.set(t, isSub);
  }
  return out;
}

function scoresOf(docs: readonly EvalDoc[], metric: string): DocScore[] {
  const out: DocScore[] = [];
  for (const d of docs) {
    const v = d.metrics[metric];
    if (typeof v === 'number') out.push({ docId: d.docId, docHash: d.docHash, value: v });
  }
  return out;
}

function meanOf(scores: readonly DocScore[]): number {
  let s = 0;
  for (const x of scores) s += x.value;
  return s / scores.length;
}

function verdictOf(improvement: number | null, interval: Interval | null): CompareDelta['verdict'] {
  if (improvement === null || interval === null) return 'unknown';
  if (!excludesZero(interval)) return 'indistinguishable';
  return interval.low > 0 ? 'better' : 'worse';
}

interface PairedOutcome {
  readonly interval: Interval;
  readonly se: number;
  readonly n: number;
  readonly p: number;
  readonly method: DeltaMethod;
}

/**
 * The paired analysis of one row, or why it does not apply. It is used only when it describes the same numbers the
 * table shows: every logged document of both sides paired, and the per-sample values averaging to the reported
 * values (not so for corpus-level metrics like BLEU or perplexity, or a --limit run against a full one).
 */
function pairedOutcome(base: EvalNumber, cand: EvalNumber, baseDocs: readonly EvalDoc[] | undefined, candDocs: readonly EvalDoc[] | undefined, options: BootstrapOptions): PairedOutcome | string | null {
  if (!baseDocs || !candDocs) return null;
  const b = scoresOf(baseDocs, base.metric);
  const c = scoresOf(candDocs, cand.metric);
  if (b.length === 0 || c.length === 0) return null;
  const fits = (scores: readonly DocScore[], reported: number) => Math.abs(meanOf(scores) - reported) <= MEAN_TOLERANCE * Math.max(1, Math.abs(reported));
  if (!fits(b, base.value) || !fits(c, cand.value)) return 'per-sample values do not average to the reported number (not a per-document mean): stderr interval used';
  const r = comparePaired(b, c, 'id', options);
  if (r.bootstrap === null) return 'no documents could be paired by doc_id: stderr interval used';
  if (r.match.unmatchedBaseline > 0 || r.match.unmatchedCandidate > 0 || r.match.duplicatesBaseline > 0 || r.match.duplicatesCandidate > 0) {
    return `only ${r.match.nMatched} documents pair up (${r.match.unmatchedBaseline} baseline and ${r.match.unmatchedCandidate} candidate documents unmatched): stderr interval used`;
  }
  if (r.match.hashMismatches > 0) return `${r.match.hashMismatches} paired documents have different doc_hash (the prompts changed): stderr interval used`;
  const isMcnemar = r.mcnemar !== null;
  return { interval: r.bootstrap.interval, se: r.bootstrap.se, n: r.bootstrap.n, p: isMcnemar && r.mcnemar ? r.mcnemar.p : r.bootstrap.p, method: isMcnemar ? 'mcnemar' : 'paired-bootstrap' };
}

function deltaOf(base: EvalNumber, cand: EvalNumber, orient: StderrDeltaOptions, paired: PairedOutcome | string | null): CompareDelta {
  if (paired !== null && typeof paired !== 'string') {
    const o = orientDelta(base.value, cand.value, paired.interval, paired.se, orient);
    return {
      delta: cand.value - base.value,
      low: paired.interval.low,
      high: paired.interval.high,
      improvement: o.improvement,
      se: paired.se,
      n: paired.n,
      method: paired.method,
      p: paired.p,
      verdict: verdictOf(o.improvement, o.improvementInterval),
      note: null,
    };
  }
  const d = stderrDelta(base, cand, orient);
  return {
    delta: d.delta,
    low: d.interval?.low ?? null,
    high: d.interval?.high ?? null,
    improvement: d.improvement,
    se: d.se,
    n: cand.nSamples,
    method: 'stderr',
    p: null,
    verdict: verdictOf(d.improvement, d.improvementInterval),
    note: paired,
  };
}

function axis(category: string, deltas: readonly TaskDelta[], overrides: CategoryOverrides): AxisScore {
  const s = categoryScore(category, deltas, overrides);
  return { score: s.score, low: s.interval?.low ?? null, high: s.interval?.high ?? null, tasks: s.members.map((m) => m.task), skipped: [...s.skipped] };
}

export function computeComparison(runs: readonly CompareRunInput[], options: CompareOptions): CompareResult {
  const overrides = options.categories ?? {};
  const bootstrap = { resamples: DEFAULT_BOOTSTRAP_RESAMPLES, seed: DEFAULT_BOOTSTRAP_SEED, ...options.bootstrap };
  const isPaired = options.paired ?? true;
  const baseIndex = Math.max(0, runs.findIndex((r) => r.column.runId === options.baselineRunId));
  const baseline = runs[baseIndex];
  const columns: CompareColumn[] = runs.map((r, i) => ({ ...r.column, isBaseline: i === baseIndex, hasSamples: r.samples.size > 0 }));
  if (!baseline) return { baselineRunId: options.baselineRunId, columns, rows: [], plane: [], notes: [], bootstrap };

  const byRun = runs.map((r) => new Map(r.evals.map((e) => [rowKey(e), e])));
  const keys = new Map<string, EvalNumber>();
  for (const r of runs) for (const e of r.evals) if (!keys.has(rowKey(e))) keys.set(rowKey(e), e);
  const ordered = [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const isSub = subtaskFlags([...new Set(ordered.map(([, e]) => e.task))]);

  const taskDeltas: TaskDelta[][] = runs.map(() => []);
  const rows: CompareRow[] = ordered.map(([key, first]) => {
    const cellsRaw = byRun.map((m) => m.get(key) ?? null);
    const higherIsBetter = directionOf(first.metric, cellsRaw.map((c) => c?.higherIsBetter ?? null));
    const parity = PARITY_TARGETS[first.metric];
    const orient: StderrDeltaOptions = parity === undefined ? { higherIsBetter } : { higherIsBetter, parityTarget: parity };
    const base = cellsRaw[baseIndex] ?? null;
    const category = categorize(first.task, overrides);
    const isSubtask = isSub.get(first.task) ?? false;
    const deltas = cellsRaw.map((cand, i) => {
      if (i === baseIndex || cand === null || base === null) return null;
      const pairedResult = isPaired ? pairedOutcome(base, cand, baseline.samples.get(sampleKey(base.task, base.filter)), runs[i]?.samples.get(sampleKey(cand.task, cand.filter)), bootstrap) : null;
      const d = deltaOf(base, cand, orient, pairedResult);
      if (!isSubtask && d.improvement !== null) {
        taskDeltas[i]?.push({ task: first.task, metric: `${first.metric},${first.filter}`, improvement: d.improvement, se: d.se, baselineStderr: base.stderr });
      }
      return d;
    });
    return {
      task: first.task,
      metric: first.metric,
      filter: first.filter,
      category,
      higherIsBetter,
      parityTarget: parity ?? null,
      isSubtask,
      cells: cellsRaw.map((c) => (c === null ? null : { value: c.value, stderr: c.stderr, n: c.nSamples })),
      deltas,
    };
  });

  const plane: PlanePoint[] = [];
  runs.forEach((r, i) => {
    if (i === baseIndex) return;
    const deltas = taskDeltas[i] ?? [];
    const reasoning = axis('reasoning', deltas, overrides);
    const safety = axis('safety', deltas, overrides);
    const toAxis = (a: AxisScore) => ({ delta: a.score ?? Number.NaN, interval: a.low === null || a.high === null ? null : { low: a.low, high: a.high } });
    const q = classifyQuadrant(toAxis(reasoning), toAxis(safety));
    plane.push({ runId: r.column.runId, reasoning, safety, quadrant: q.verdict, quadrantLabel: QUADRANT_LABELS[q.verdict] });
  });

  const notes = [
    'Intervals are 95 %. "stderr": Δ ± 1.96·√(se₁² + se₂²) from the harness\'s stderr, treating the two evals as independent (conservative when they share documents).',
    `Paired intervals: percentile bootstrap over documents matched by doc_id (${bootstrap.resamples.toLocaleString('en-US')} resamples, seed ${bootstrap.seed}); p from McNemar's exact test for 0/1 metrics.`,
    'Category scores: mean over tasks of Δ / baseline stderr (units: baseline standard errors); tasks assumed independent; subtasks of a listed group are left out.',
  ];
  return { baselineRunId: baseline.column.runId, columns, rows, plane, notes, bootstrap };
}
