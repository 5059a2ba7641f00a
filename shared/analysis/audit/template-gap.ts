import type { AuditFinding, Interval, TemplateDomain, TemplateGap, TemplateVariant } from '../../domain/audit';
import { seededPrng } from '../../util/prng';
import type { SampleExtra } from '../../importers/records';
import { wilson } from '../wilson';
import type { AuditRun, SampleIn } from './inputs';

/**
 * Template reliance (analyses.md §4.3): accuracy per prompt variant of the same items, the paraphrase gap (best
 * variant − worst) with a paired bootstrap interval over items, and the share of items answered all right or all
 * wrong. A model that learned the meaning answers every wording alike; a large gap says the wording, not the meaning,
 * drives the answer (Shaib et al. 2025, arXiv 2509.21155).
 *
 * Two ways to know which samples are variants of one item:
 * - `paraphrase-group`: the doc carries `paraphrase_group`; its variant is the doc's `variant`, `template`,
 *   `template_id` or `setting` (else `v<k>`, the k-th of its group as logged);
 * - `prompt-variants`: the task is one prompt of a base task (`<base>+<prompt name>` from promptsource,
 *   `<base>_prompt_<k>`, `<base>_template_<k>`, `<base>_v<k>`), at least two prompts of the base are logged, and the
 *   same doc id across them is the same item. The bare base task is not taken as a variant: `squad` next to
 *   `squad_v2` is another dataset, not another prompt.
 *
 * A sample is right when its score (`acc`, else `exact_match`, else `em`, else its first metric) is above 0.5, so
 * 0/1 scores read as they are and a graded score counts as right when it is more right than wrong. One sample per
 * (run, task, doc): a task logged under several filters keeps the first line. A domain needs two variants and one
 * item with every variant logged (else its consistency has no meaning); the gap's interval needs two such items.
 */

const B = 2000;
const DEFAULT_GAP = 0.1;
const CRITICAL_GAP = 0.25;
const DEFAULT_SEED = 0x2f6b1d3;
/** Gaps are differences of ratios: 0.7 − 0.6 must still meet a 0.1 threshold. */
const EPS = 1e-9;

/** The base task and prompt of a prompt-variant task name, or null. */
export function promptVariantOf(task: string): { base: string; variant: string } | null {
  const plus = task.indexOf('+');
  if (plus > 0 && plus < task.length - 1) return { base: task.slice(0, plus), variant: task.slice(plus + 1) };
  const m = /^(.+?)_((?:prompt|template)(?:[_-]?\d+|_[A-Za-z0-9]+)|v\d+)$/i.exec(task);
  if (m?.[1] && m[2]) return { base: m[1], variant: m[2] };
  return null;
}

const SCORE_KEYS = ['acc', 'exact_match', 'em'] as const;

function rightOf(metrics: Readonly<Record<string, number>>): boolean | null {
  let v: number | undefined;
  for (const k of SCORE_KEYS) {
    v = metrics[k];
    if (v !== undefined) break;
  }
  v ??= Object.values(metrics)[0];
  return v === undefined || !Number.isFinite(v) ? null : v > 0.5;
}

function extraText(v: SampleExtra | undefined): string | null {
  if (v === undefined) return null;
  const s = Array.isArray(v) ? v.join('|') : String(v);
  return s.trim() === '' ? null : s;
}

interface Tally {
  n: number;
  correct: number;
}

interface DomainAcc {
  readonly variants: Map<string, Tally>;
  /** Item (paraphrase group or doc id) → variant → tally. */
  readonly items: Map<string, Map<string, Tally>>;
}

interface TaskAcc {
  readonly runId: string;
  readonly basis: TemplateGap['basis'];
  readonly task: string;
  readonly domains: Map<string, DomainAcc>;
}

function add(map: Map<string, Tally>, key: string, right: boolean): void {
  const t = map.get(key) ?? { n: 0, correct: 0 };
  t.n++;
  if (right) t.correct++;
  map.set(key, t);
}

/** Linear-interpolated quantile of sorted values (type 7). */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * The best variant (first of the highest accuracy) and the worst (first of the lowest among the others), so that
 * equal accuracies still give a pair to resample.
 */
function bestAndWorst(variants: readonly TemplateVariant[]): [TemplateVariant, TemplateVariant] | null {
  let best: TemplateVariant | null = null;
  for (const v of variants) if (best === null || v.acc > best.acc) best = v;
  let worst: TemplateVariant | null = null;
  for (const v of variants) if (v !== best && (worst === null || v.acc < worst.acc)) worst = v;
  return best !== null && worst !== null ? [best, worst] : null;
}

function domainStats(domain: string, acc: DomainAcc, seed: number): TemplateDomain | null {
  const variants: TemplateVariant[] = [...acc.variants].map(([variant, t]) => ({ variant, n: t.n, correct: t.correct, acc: t.correct / t.n, ci: wilson(t.correct, t.n) }));
  if (variants.length < 2) return null;
  const pair = bestAndWorst(variants);
  if (pair === null) return null;
  const [best, worst] = pair;

  const complete = [...acc.items.values()].filter((item) => variants.every((v) => item.has(v.variant)));
  if (complete.length === 0) return null;
  const consistent = complete.filter((item) => {
    let n = 0;
    let correct = 0;
    for (const t of item.values()) {
      n += t.n;
      correct += t.correct;
    }
    return correct === 0 || correct === n;
  }).length;

  let gapCi: Interval | null = null;
  if (complete.length >= 2) {
    const bestName = best.variant;
    const worstName = worst.variant;
    const tallies = complete.map((item) => [item.get(bestName) as Tally, item.get(worstName) as Tally] as const);
    // The project's seeded generator (as the paired bootstrap of comparisons): the same interval on every machine.
    const rng = seededPrng(seed);
    const g = tallies.length;
    const gaps: number[] = [];
    for (let b = 0; b < B; b++) {
      let bc = 0;
      let bn = 0;
      let wc = 0;
      let wn = 0;
      for (let i = 0; i < g; i++) {
        const [tb, tw] = tallies[rng.nextInt(g)] as readonly [Tally, Tally];
        bc += tb.correct;
        bn += tb.n;
        wc += tw.correct;
        wn += tw.n;
      }
      gaps.push(bc / bn - wc / wn);
    }
    gaps.sort((x, y) => x - y);
    gapCi = [quantile(gaps, 0.025), quantile(gaps, 0.975)];
  }
  return { domain, variants, gap: best.acc - worst.acc, gapCi, groups: complete.length, consistency: consistent / complete.length };
}

interface Scored {
  readonly runId: string;
  readonly basis: TemplateGap['basis'];
  readonly task: string;
  readonly domain: string;
  readonly variant: string;
  readonly item: string | null;
  readonly right: boolean;
}

function scoredSamples(samples: readonly SampleIn[], runIds: ReadonlySet<string>): Scored[] {
  const seen = new Set<string>();
  const kept: { s: SampleIn; right: boolean }[] = [];
  for (const s of samples) {
    if (!runIds.has(s.runId)) continue;
    if (s.docId !== null) {
      const key = JSON.stringify([s.runId, s.task, s.docId]);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const right = rightOf(s.metrics);
    if (right !== null) kept.push({ s, right });
  }

  // Prompt-variant tasks count only where a base has two of them logged.
  const promptsOfBase = new Map<string, Set<string>>();
  for (const { s } of kept) {
    if (extraText(s.extras?.paraphrase_group) !== null) continue;
    const pv = promptVariantOf(s.task);
    if (pv === null) continue;
    const set = promptsOfBase.get(pv.base) ?? new Set<string>();
    set.add(pv.variant);
    promptsOfBase.set(pv.base, set);
  }

  const out: Scored[] = [];
  const positionInGroup = new Map<string, number>();
  for (const { s, right } of kept) {
    const group = extraText(s.extras?.paraphrase_group);
    if (group !== null) {
      const gk = JSON.stringify([s.runId, s.task, group]);
      const k = positionInGroup.get(gk) ?? 0;
      positionInGroup.set(gk, k + 1);
      const ex = s.extras;
      const variant = extraText(ex?.variant) ?? extraText(ex?.template) ?? extraText(ex?.template_id) ?? extraText(ex?.setting) ?? `v${k}`;
      const domain = extraText(ex?.domain) ?? s.category ?? s.task;
      out.push({ runId: s.runId, basis: 'paraphrase-group', task: s.task, domain, variant, item: group, right });
      continue;
    }
    const pv = promptVariantOf(s.task);
    if (pv === null || (promptsOfBase.get(pv.base)?.size ?? 0) < 2) continue;
    out.push({ runId: s.runId, basis: 'prompt-variants', task: pv.base, domain: s.category ?? pv.base, variant: pv.variant, item: s.docId === null ? null : String(s.docId), right });
  }
  return out;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;
const pts = (x: number): string => `${Math.round(x * 100)} pts`;

const FIX =
  "Answers depend on the prompt's wording, not its meaning: add paraphrase/template diversity within the domain (Shaib et al. 2025, arXiv 2509.21155), and check the items whose answer flips between wordings.";
const SOURCE =
  'analyses.md §4.3 (paraphrase robustness gap, consistency): best − worst variant accuracy with Wilson intervals and a paired bootstrap over items (B = 2000); Shaib et al. 2025, arXiv 2509.21155.';

export function templateGaps(
  samples: readonly SampleIn[],
  runs: readonly AuditRun[],
  opts?: { readonly gapThreshold?: number; readonly seed?: number },
): { gaps: TemplateGap[]; findings: AuditFinding[] } {
  const threshold = opts?.gapThreshold ?? DEFAULT_GAP;
  const seed = opts?.seed ?? DEFAULT_SEED;
  const runIndex = new Map(runs.map((r, i) => [r.runId, i]));
  const runName = new Map(runs.map((r) => [r.runId, r.name]));

  const tasks = new Map<string, TaskAcc>();
  for (const s of scoredSamples(samples, new Set(runIndex.keys()))) {
    const key = JSON.stringify([s.runId, s.basis, s.task]);
    let t = tasks.get(key);
    if (t === undefined) {
      t = { runId: s.runId, basis: s.basis, task: s.task, domains: new Map() };
      tasks.set(key, t);
    }
    let d = t.domains.get(s.domain);
    if (d === undefined) {
      d = { variants: new Map(), items: new Map() };
      t.domains.set(s.domain, d);
    }
    add(d.variants, s.variant, s.right);
    if (s.item !== null) {
      const item = d.items.get(s.item) ?? new Map<string, Tally>();
      add(item, s.variant, s.right);
      d.items.set(s.item, item);
    }
  }

  const basisOrder = (b: TemplateGap['basis']): number => (b === 'paraphrase-group' ? 0 : 1);
  const ordered = [...tasks.values()].sort((a, b) => (runIndex.get(a.runId) ?? 0) - (runIndex.get(b.runId) ?? 0) || basisOrder(a.basis) - basisOrder(b.basis));

  const gaps: TemplateGap[] = [];
  const findings: AuditFinding[] = [];
  for (const t of ordered) {
    const domains: TemplateDomain[] = [];
    for (const [name, acc] of t.domains) {
      const d = domainStats(name, acc, seed);
      if (d !== null) domains.push(d);
    }
    if (domains.length === 0) continue;
    gaps.push({ runId: t.runId, basis: t.basis, task: t.task, domains });

    for (const d of domains) {
      if (d.gap < threshold - EPS || d.gapCi === null || !(d.gapCi[0] > 0)) continue;
      const pair = bestAndWorst(d.variants);
      if (pair === null) continue;
      const [best, worst] = pair;
      const where = d.domain === t.task ? `\`${t.task}\`` : `\`${t.task}\` / \`${d.domain}\``;
      const from = t.basis === 'paraphrase-group' ? 'paraphrase groups of the doc field `paraphrase_group`' : 'prompt-variant tasks';
      findings.push({
        // Task-qualified when the domain is not the task, so that one domain in two tasks stays two findings.
        id: `template-gap:${t.runId}:${d.domain === t.task ? d.domain : `${t.task}/${d.domain}`}`,
        kind: 'template-gap',
        runId: t.runId,
        severity: d.gap >= CRITICAL_GAP - EPS ? 'critical' : 'warning',
        title: `Accuracy on \`${d.domain}\` varies ${pts(d.gap)} with the prompt's wording in \`${runName.get(t.runId) ?? t.runId}\` (\`${best.variant}\` ${pct(best.acc)}, \`${worst.variant}\` ${pct(worst.acc)})`,
        value: d.gap,
        threshold,
        ci: d.gapCi,
        evidence:
          `${where}, ${from}: ` +
          d.variants.map((v) => `\`${v.variant}\` ${pct(v.acc)} (${v.correct} of ${v.n})`).join(', ') +
          `; gap ${pts(d.gap)}, 95 % CI ${pts(d.gapCi[0])} to ${pts(d.gapCi[1])} over ${d.groups} items with every variant; ${pct(d.consistency)} of them answered all right or all wrong.`,
        fix: FIX,
        source: SOURCE,
        subject: d.domain,
      });
    }
  }
  return { gaps, findings };
}
