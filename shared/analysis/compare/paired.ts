import { seededPrng } from '../../util/prng';
import type { Interval } from './stderr-delta';

/**
 * Paired analysis of two runs' per-document scores (lm-eval `samples_*.jsonl`), analyses.md §0.4.2 (paired bootstrap)
 * and §0.4.3 (exact McNemar). Pairing removes the between-document variance that the unpaired stderr interval of
 * §0.4.1 carries, so these intervals are the ones to trust when both sides logged samples.
 */

/** One document's score for one metric (and one filter) of one task. */
export interface DocScore {
  /** lm-eval `doc_id` (index in the task's doc list). */
  readonly docId: number | string | null;
  /** lm-eval `doc_hash` (or `prompt_hash`): tells whether the two runs really saw the same document. */
  readonly docHash: string | null;
  readonly value: number;
  /** Subtask of a grouped task (`mmlu_*`, `bbh_cot_fewshot_*`): the bootstrap resamples within it (§0.4.2). */
  readonly stratum?: string;
}

/**
 * - `id`: join on doc_id; differing hashes still pair but are counted as prompt mismatches (§0.4.2 "flag").
 * - `hash`: join on doc_hash, for runs whose doc ids differ (another shuffling, a --limit subset).
 * - `id+hash`: both must agree; a hash mismatch leaves both documents unmatched.
 */
export type MatchBy = 'id' | 'hash' | 'id+hash';

export interface MatchedPair {
  readonly key: string;
  readonly baseline: number;
  readonly candidate: number;
  readonly stratum: string;
}

export interface MatchResult {
  readonly by: MatchBy;
  /** Sorted by key (numeric ids numerically), so the result is independent of the order the files listed documents in. */
  readonly pairs: readonly MatchedPair[];
  readonly nMatched: number;
  /** Baseline documents with no partner (or no usable key, or a non-finite value). */
  readonly unmatchedBaseline: number;
  readonly unmatchedCandidate: number;
  /** `id` mode: pairs whose hashes both exist and differ (the prompts changed between runs). */
  readonly hashMismatches: number;
  /** Later repeats of a key within one side; the first occurrence is kept. */
  readonly duplicatesBaseline: number;
  readonly duplicatesCandidate: number;
}

/** Joins id and hash in `id+hash` keys; cannot occur in either. */
const KEY_SEP = '\u0000';

/** A document's join key under `by`; null when it has none (the per-sample review matches columns with it too). */
export const keyOf = (s: Pick<DocScore, 'docId' | 'docHash'>, by: MatchBy): string | null => {
  const id = s.docId === null || s.docId === '' ? null : String(s.docId);
  const hash = s.docHash === null || s.docHash === '' ? null : s.docHash;
  if (by === 'id') return id;
  if (by === 'hash') return hash;
  return id === null || hash === null ? null : `${id}${KEY_SEP}${hash}`;
};

const isIntHead = (key: string): boolean => {
  const sep = key.indexOf(KEY_SEP);
  return /^\d{1,15}$/.test(sep < 0 ? key : key.slice(0, sep));
};

/** Integer ids sort numerically (doc 10 after doc 9), anything else by code units, integers first. */
export function compareKeys(a: string, b: string): number {
  const ia = isIntHead(a);
  const ib = isIntHead(b);
  if (ia && ib) {
    const d = parseInt(a, 10) - parseInt(b, 10);
    if (d !== 0) return d;
  }
  if (ia !== ib) return ia ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function index(samples: readonly DocScore[], by: MatchBy): { map: Map<string, DocScore>; unusable: number; duplicates: number } {
  const map = new Map<string, DocScore>();
  let unusable = 0;
  let duplicates = 0;
  for (const s of samples) {
    const key = keyOf(s, by);
    if (key === null || !Number.isFinite(s.value)) unusable++;
    else if (map.has(key)) duplicates++;
    else map.set(key, s);
  }
  return { map, unusable, duplicates };
}

export function matchSamples(baseline: readonly DocScore[], candidate: readonly DocScore[], by: MatchBy = 'id'): MatchResult {
  const a = index(baseline, by);
  const b = index(candidate, by);
  const keys = [...a.map.keys()].filter((k) => b.map.has(k)).sort(compareKeys);
  let hashMismatches = 0;
  const pairs: MatchedPair[] = [];
  for (const key of keys) {
    const x = a.map.get(key);
    const y = b.map.get(key);
    if (x === undefined || y === undefined) continue;
    if (by === 'id' && x.docHash && y.docHash && x.docHash !== y.docHash) hashMismatches++;
    pairs.push({ key, baseline: x.value, candidate: y.value, stratum: x.stratum ?? y.stratum ?? '' });
  }
  return {
    by,
    pairs,
    nMatched: pairs.length,
    unmatchedBaseline: a.unusable + a.map.size - pairs.length,
    unmatchedCandidate: b.unusable + b.map.size - pairs.length,
    hashMismatches,
    duplicatesBaseline: a.duplicates,
    duplicatesCandidate: b.duplicates,
  };
}

export interface BootstrapOptions {
  /** Resamples; 10,000 per §0.4.2. */
  readonly resamples?: number;
  /** Fixed so the same inputs always give the same interval. */
  readonly seed?: number;
  /** Two-sided coverage of the percentile interval. */
  readonly level?: number;
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 10_000;
export const DEFAULT_BOOTSTRAP_SEED = 20240601;

export interface BootstrapResult {
  readonly n: number;
  /** mean(d) over all pairs, d = candidate − baseline. */
  readonly delta: number;
  /** Percentile interval [q_{(1−level)/2}, q_{(1+level)/2}] of the resampled means. */
  readonly interval: Interval;
  /** 2·min(P(Δ* ≤ 0), P(Δ* ≥ 0)), capped at 1 (§0.4.2). */
  readonly p: number;
  /** Standard deviation of the resampled means: the bootstrap standard error. */
  readonly se: number;
  readonly resamples: number;
  readonly seed: number;
  readonly strata: number;
}

/** Linear interpolation between order statistics (R type 7), on a sorted array. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Paired bootstrap of the mean difference (§0.4.2). Documents are resampled with replacement within each stratum
 * (stratum sizes fixed), and the replicate is the mean over all resampled documents, which weights subtasks by size,
 * as lm-eval aggregates `weight_by_size` groups. Without strata this is the plain paired bootstrap.
 */
export function pairedBootstrap(pairs: readonly Pick<MatchedPair, 'baseline' | 'candidate' | 'stratum'>[], options: BootstrapOptions = {}): BootstrapResult | null {
  const resamples = Math.max(1, Math.floor(options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES));
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const level = options.level ?? 0.95;
  const n = pairs.length;
  if (n === 0) return null;

  const groups = new Map<string, number[]>();
  let total = 0;
  for (const p of pairs) {
    const d = p.candidate - p.baseline;
    total += d;
    const g = groups.get(p.stratum);
    if (g) g.push(d);
    else groups.set(p.stratum, [d]);
  }
  const strata = [...groups.values()].map((g) => Float64Array.from(g));

  const rng = seededPrng(seed);
  const reps = new Float64Array(resamples);
  let sum = 0;
  let sumSq = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (const g of strata) {
      const m = g.length;
      for (let i = 0; i < m; i++) s += g[rng.nextInt(m)] as number;
    }
    const mean = s / n;
    reps[r] = mean;
    sum += mean;
    sumSq += mean * mean;
  }
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const v of reps) {
    if (v <= 0) atOrBelow++;
    if (v >= 0) atOrAbove++;
  }
  reps.sort();
  const tail = (1 - level) / 2;
  const meanRep = sum / resamples;
  const variance = resamples > 1 ? Math.max(0, (sumSq - resamples * meanRep * meanRep) / (resamples - 1)) : 0;
  return {
    n,
    delta: total / n,
    interval: { low: quantileSorted(reps, tail), high: quantileSorted(reps, 1 - tail) },
    p: Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / resamples),
    se: Math.sqrt(variance),
    resamples,
    seed,
    strata: strata.length,
  };
}

/** Per-item correctness flips between two runs (§0.4.3); only defined when every score is 0 or 1. */
export interface FlipCounts {
  /** Baseline right, candidate wrong (n01 of §0.4.3). */
  readonly b: number;
  /** Baseline wrong, candidate right (n10). */
  readonly c: number;
  readonly bothRight: number;
  readonly bothWrong: number;
}

const isBinary = (v: number): boolean => v === 0 || v === 1;

/** Null when some score is not 0/1 (then McNemar does not apply; use the bootstrap). */
export function flipCounts(pairs: readonly Pick<MatchedPair, 'baseline' | 'candidate'>[]): FlipCounts | null {
  let b = 0;
  let c = 0;
  let bothRight = 0;
  let bothWrong = 0;
  for (const p of pairs) {
    if (!isBinary(p.baseline) || !isBinary(p.candidate)) return null;
    if (p.baseline === 1 && p.candidate === 0) b++;
    else if (p.baseline === 0 && p.candidate === 1) c++;
    else if (p.baseline === 1) bothRight++;
    else bothWrong++;
  }
  return { b, c, bothRight, bothWrong };
}

/**
 * Exact two-sided McNemar p-value: under H0 the b + c discordant pairs split Binomial(b + c, ½) (§0.4.3), and the
 * p-value is 2·P(X ≤ min(b, c)), capped at 1. Summed in log space so it stays exact-to-rounding for large counts
 * where 2^−n underflows.
 */
export function mcnemarExactP(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new RangeError(`McNemar counts must be non-negative integers, got ${b}, ${c}`);
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // ln C(n, i) built up from i = 0; the tail's largest term is i = k (k ≤ n/2), so scale by it.
  const logTerms: number[] = [];
  let logC = 0;
  for (let i = 0; i <= k; i++) {
    logTerms.push(logC);
    logC += Math.log(n - i) - Math.log(i + 1);
  }
  const top = logTerms[k] as number;
  let scaled = 0;
  for (const t of logTerms) scaled += Math.exp(t - top);
  const logTail = top + Math.log(scaled) - n * Math.LN2;
  return Math.min(1, 2 * Math.exp(logTail));
}

export interface McNemarResult extends FlipCounts {
  readonly n: number;
  readonly p: number;
}

export function mcnemarTest(pairs: readonly Pick<MatchedPair, 'baseline' | 'candidate'>[]): McNemarResult | null {
  const flips = flipCounts(pairs);
  if (flips === null) return null;
  return { ...flips, n: pairs.length, p: mcnemarExactP(flips.b, flips.c) };
}

export interface PairedComparison {
  readonly match: Omit<MatchResult, 'pairs'>;
  readonly bootstrap: BootstrapResult | null;
  /** Present only for 0/1 metrics (acc, exact_match). */
  readonly mcnemar: McNemarResult | null;
}

/** Match, bootstrap and (for 0/1 scores) McNemar in one call: what the comparison table needs per task and metric. */
export function comparePaired(baseline: readonly DocScore[], candidate: readonly DocScore[], by: MatchBy = 'id', options: BootstrapOptions = {}): PairedComparison {
  const { pairs, ...match } = matchSamples(baseline, candidate, by);
  return { match, bootstrap: pairedBootstrap(pairs, options), mcnemar: pairs.length > 0 ? mcnemarTest(pairs) : null };
}
