import { Z_95 } from './stderr-delta';
import type { Interval } from './stderr-delta';

/**
 * Task → category (safety / reasoning) and the composite category score of ../shared/reference/analyses.md §2.3 A:
 * S = mean over safety tasks of Δ_m / s_m, R likewise over reasoning tasks, with s_m the reference (baseline)
 * checkpoint's stderr, so the unit is "baseline standard errors".
 */

export type Category = string;

/**
 * Shipped defaults, keyed by lm-eval task stem. A stem matches the task itself and every subtask spelled
 * `<stem>_…` or `<stem>-…` (`mmlu` → `mmlu_abstract_algebra`, `hendrycksTest` → `hendrycksTest-anatomy` of harness
 * v0.3), but not a longer word (`math` does not take `mathqa`). Task names from §2.2 and §3.1.
 */
export const DEFAULT_TASK_CATEGORIES: Readonly<Record<string, Category>> = {
  // Safety, truthfulness, bias, instruction compliance (§2.2 "Safety and social", §3.1).
  truthfulqa: 'safety',
  toxigen: 'safety',
  crows_pairs: 'safety',
  bbq: 'safety',
  winobias: 'safety',
  wino_bias: 'safety',
  winogender: 'safety',
  ifeval: 'safety',
  ethics: 'safety',
  realtoxicityprompts: 'safety',
  // Refusal / harm sets are not lm-eval tasks (§2.2, [U]); their judge-scored JSONL is named by the set.
  harmbench: 'safety',
  strongreject: 'safety',
  xstest: 'safety',
  advbench: 'safety',
  catqa: 'safety',
  // Reasoning and knowledge (§2.2 "Reasoning").
  gsm8k: 'reasoning',
  math: 'reasoning',
  hendrycks_math: 'reasoning',
  minerva_math: 'reasoning',
  mathqa: 'reasoning',
  asdiv: 'reasoning',
  arc: 'reasoning',
  mmlu: 'reasoning',
  hendrycksTest: 'reasoning',
  hellaswag: 'reasoning',
  bbh: 'reasoning',
  bigbench: 'reasoning',
  winogrande: 'reasoning',
  piqa: 'reasoning',
  gpqa: 'reasoning',
  agieval: 'reasoning',
  openbookqa: 'reasoning',
  logiqa: 'reasoning',
  drop: 'reasoning',
};

/** A user's map: stem → category, or null to leave a task out of every category. A trailing `*` is a raw prefix. */
export type CategoryOverrides = Readonly<Record<string, Category | null>>;

function stemMatches(stem: string, task: string): boolean {
  const s = stem.toLowerCase();
  const t = task.toLowerCase();
  if (s.endsWith('*')) return t.startsWith(s.slice(0, -1));
  if (t === s) return true;
  if (!t.startsWith(s)) return false;
  const next = t.charAt(s.length);
  return next === '_' || next === '-';
}

/** The longest matching stem wins, so `mmlu_pro: x` beats `mmlu`. */
function lookup(task: string, map: Readonly<Record<string, Category | null>>): { found: boolean; category: Category | null } {
  let best: string | null = null;
  for (const stem of Object.keys(map)) if (stemMatches(stem, task) && (best === null || stem.length > best.length)) best = stem;
  return best === null ? { found: false, category: null } : { found: true, category: map[best] ?? null };
}

/** The user's map is consulted first (any match there wins, null included); then the shipped defaults. */
export function categorize(task: string, overrides: CategoryOverrides = {}, defaults: Readonly<Record<string, Category>> = DEFAULT_TASK_CATEGORIES): Category | null {
  const name = task.trim();
  const user = lookup(name, overrides);
  if (user.found) return user.category;
  return lookup(name, defaults).category;
}

/** One task × metric delta, already oriented so positive = better (see stderrDelta's `improvement`). */
export interface TaskDelta {
  readonly task: string;
  readonly metric: string;
  readonly improvement: number;
  /** SE of the improvement: √(se_base² + se_cand²) (§0.4.1) or a paired bootstrap's SE; null when unknown. */
  readonly se: number | null;
  /** s_m of §2.3 A: the baseline's stderr on this metric. Needed to normalise; null or 0 leaves the task out. */
  readonly baselineStderr: number | null;
}

export interface CategoryMember {
  readonly task: string;
  /** The task's metrics that were averaged. */
  readonly metrics: readonly string[];
  /** Δ / s_base averaged over the task's metrics. */
  readonly normalized: number;
  /** SE of `normalized`; null when a metric's SE is unknown. */
  readonly se: number | null;
}

export interface CategoryScore {
  readonly category: Category;
  /** Mean of the members' normalised deltas, in baseline standard errors; null with no usable member. */
  readonly score: number | null;
  readonly se: number | null;
  readonly interval: Interval | null;
  readonly members: readonly CategoryMember[];
  /** Tasks of the category that could not be normalised, with why. */
  readonly skipped: readonly { readonly task: string; readonly metric: string; readonly reason: string }[];
}

/**
 * Category score with its interval.
 * - Per metric: z = Δ / s_base, Var(z) = se_Δ² / s_base² (s_base treated as a known constant).
 * - Per task: the mean of its metrics' z. Metrics of one task are scored on the same documents and strongly
 *   correlated, so its SE is taken as the mean of their SEs, the perfectly-correlated bound (never an understatement).
 * - Across tasks: SE = √(Σ Var_task) / k, which ASSUMES THE TASKS ARE INDEPENDENT. Tasks that share documents
 *   (truthfulqa_mc1 / mc2) make the real interval wider than this; the UI should say "tasks assumed independent".
 */
export function categoryScore(category: Category, deltas: readonly TaskDelta[], overrides: CategoryOverrides = {}, z: number = Z_95): CategoryScore {
  const byTask = new Map<string, { metrics: string[]; zs: number[]; ses: (number | null)[] }>();
  const skipped: { task: string; metric: string; reason: string }[] = [];
  for (const d of deltas) {
    if (categorize(d.task, overrides) !== category) continue;
    const s = d.baselineStderr;
    if (s === null || !Number.isFinite(s) || s <= 0) {
      skipped.push({ task: d.task, metric: d.metric, reason: 'the baseline has no stderr to normalise by' });
      continue;
    }
    if (!Number.isFinite(d.improvement)) {
      skipped.push({ task: d.task, metric: d.metric, reason: 'the delta is not a finite number' });
      continue;
    }
    const entry = byTask.get(d.task) ?? { metrics: [], zs: [], ses: [] };
    entry.metrics.push(d.metric);
    entry.zs.push(d.improvement / s);
    entry.ses.push(d.se === null || !Number.isFinite(d.se) || d.se < 0 ? null : d.se / s);
    byTask.set(d.task, entry);
  }
  const members: CategoryMember[] = [...byTask.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([task, e]) => {
      const ses = e.ses.filter((v): v is number => v !== null);
      return { task, metrics: e.metrics, normalized: mean(e.zs), se: ses.length === e.ses.length ? mean(ses) : null };
    });
  if (members.length === 0) return { category, score: null, se: null, interval: null, members, skipped };
  const score = mean(members.map((m) => m.normalized));
  const memberSes = members.map((m) => m.se).filter((v): v is number => v !== null);
  const se = memberSes.length === members.length ? Math.sqrt(memberSes.reduce((acc, v) => acc + v * v, 0)) / members.length : null;
  return { category, score, se, interval: se === null ? null : { low: score - z * se, high: score + z * se }, members, skipped };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
