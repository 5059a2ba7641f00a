import type { AuditFinding, IdentityDrift, IdentityHit, IdentityPoint } from '../../domain/audit';
import { fisherExactTwoSided, wilson } from '../wilson';
import { IDENTITY_PATTERNS, NEGATION_BEFORE, type IdentityPattern } from './identity-patterns';
import { pickBase, type AuditRun, type SampleIn } from './inputs';

/**
 * Identity drift (analyses.md §1.3 B, model outputs): the share of a checkpoint's generations that name another
 * assistant or its maker, IC = hits / responses with a Wilson 95 % interval, compared with the base run by the
 * two-sided Fisher exact test. A rise after fine-tuning is the signature of synthetic data distilled from another
 * assistant (Li et al. 2024, arXiv 2411.10683).
 */

export interface IdentityMatch {
  readonly patternId: string;
  readonly names: readonly string[];
  /** The matched text. */
  readonly text: string;
  /** Where it starts in the scanned text. */
  readonly index: number;
}

const NEGATED = new RegExp(NEGATION_BEFORE, 'i');
/** How far back a negation is looked for: "not" plus spaces, or "n't" after a short auxiliary. */
const NEGATION_WINDOW = 12;

const compiled = new WeakMap<IdentityPattern, RegExp>();

function regexOf(p: IdentityPattern): RegExp {
  let re = compiled.get(p);
  if (re === undefined) {
    re = new RegExp(p.pattern, p.flags.includes('g') ? p.flags : `${p.flags}g`);
    compiled.set(p, re);
  }
  return re;
}

/** Matches of one pattern in order, less denials ("I was not trained by OpenAI"). */
function* matchesOf(p: IdentityPattern, text: string): Generator<IdentityMatch> {
  // matchAll works on a copy of the regex, so the shared one keeps no lastIndex between calls.
  for (const m of text.matchAll(regexOf(p))) {
    if (NEGATED.test(text.slice(Math.max(0, m.index - NEGATION_WINDOW), m.index))) continue;
    yield { patternId: p.id, names: p.names, text: m[0], index: m.index };
  }
}

/** The first match of one pattern that is not a denial, or null (no allow-list: for checking a pattern alone). */
export function matchPattern(p: IdentityPattern, text: string): IdentityMatch | null {
  for (const m of matchesOf(p, text)) return m;
  return null;
}

const ASCII_WORD = /[A-Za-z0-9]/;

/** `needle` (lower case) occurs in `hay` not inside a longer ASCII word. */
function containsWord(hay: string, needle: string): boolean {
  const h = hay.toLowerCase();
  for (let i = h.indexOf(needle); i >= 0; i = h.indexOf(needle, i + 1)) {
    const before = h[i - 1];
    const after = h[i + needle.length];
    if ((before === undefined || !ASCII_WORD.test(before)) && (after === undefined || !ASCII_WORD.test(after))) return true;
  }
  return false;
}

/**
 * The model's own family or organisation never counts: a hit is dropped when an allow-list entry is one of the
 * pattern's names or a word of the matched text (`Llama` drops "I'm Llama-3-8B"), case-insensitively.
 */
function allowed(m: IdentityMatch, allow: readonly string[]): boolean {
  return allow.some((a) => m.names.some((n) => n.toLowerCase() === a) || containsWord(m.text, a));
}

/** The earliest self-identification in `text` that the allow-list does not cover, or null. */
export function findIdentity(text: string, allow: readonly string[], patterns: readonly IdentityPattern[] = IDENTITY_PATTERNS): IdentityMatch | null {
  const allowLower = allow.map((a) => a.trim().toLowerCase()).filter((a) => a !== '');
  let best: IdentityMatch | null = null;
  for (const p of patterns) {
    for (const m of matchesOf(p, text)) {
      if (best !== null && m.index >= best.index) break;
      if (allowed(m, allowLower)) continue;
      best = m;
      break;
    }
  }
  return best;
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** Lists nested deeper than this are not scores (a loglikelihood request logs two levels at most). */
const MAX_SCORE_DEPTH = 8;

function isScoreItem(v: unknown, depth = 0): boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return true;
  if (typeof v === 'string') return NUMBER.test(v.trim()) || /^(?:true|false)$/i.test(v.trim());
  // Bounded: a response of thousands of nested brackets overflowed the stack (found by test/unit/fuzz/audit.fuzz.test.ts).
  if (Array.isArray(v)) return depth < MAX_SCORE_DEPTH && v.every((x) => isScoreItem(x, depth + 1));
  return false;
}

/**
 * The generated text of a logged response, or null when it is a score: the importer writes a loglikelihood
 * request's `[logprob, is_greedy]` (or `["-1.2", "False"]`) as JSON, and a numeric answer as a plain number. A JSON
 * array of strings is a generation that was logged nested (repeats), read as its strings joined.
 */
export function generatedText(response: string): string | null {
  const t = response.trim();
  if (NUMBER.test(t)) return null;
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return response;
    }
    if (Array.isArray(parsed)) {
      if (parsed.every(isScoreItem)) return null;
      if (parsed.every((x): x is string => typeof x === 'string')) return parsed.join('\n');
    }
  }
  return response;
}

interface Response {
  readonly task: string;
  readonly docId: number | null;
  readonly text: string;
}

/**
 * One response per (run, task, doc): a generation task logs one line per filter, and the unfiltered text (the
 * longest) is where an identity string shows; an extracted answer ("42") is not a second response.
 */
function responsesOf(samples: readonly SampleIn[], runIds: ReadonlySet<string>): Map<string, Response[]> {
  const byDoc = new Map<string, { runId: string; r: Response }>();
  const loose: { runId: string; r: Response }[] = [];
  for (const s of samples) {
    if (!runIds.has(s.runId)) continue;
    const text = generatedText(s.response);
    if (text === null) continue;
    const entry = { runId: s.runId, r: { task: s.task, docId: s.docId, text } };
    if (s.docId === null) {
      loose.push(entry);
      continue;
    }
    const key = JSON.stringify([s.runId, s.task, s.docId]);
    const prev = byDoc.get(key);
    if (prev === undefined || text.length > prev.r.text.length) byDoc.set(key, entry);
  }
  const out = new Map<string, Response[]>();
  for (const { runId, r } of [...byDoc.values(), ...loose]) {
    const list = out.get(runId) ?? [];
    list.push(r);
    out.set(runId, list);
  }
  return out;
}

const EXCERPT = 300;

/** At most 300 characters of the response, shifted so that the match stays in view. */
function excerpt(text: string, at: number, len: number): string {
  if (text.length <= EXCERPT) return text;
  const end = at + len;
  if (end <= EXCERPT - 1) return `${text.slice(0, EXCERPT - 1)}…`;
  const start = Math.max(0, Math.min(at - 100, text.length - (EXCERPT - 2)));
  const body = text.slice(start, start + EXCERPT - 2);
  return `${start > 0 ? '…' : ''}${body}${start + body.length < text.length ? '…' : ''}`;
}

const MAX_EXAMPLES = 5;

const pct = (x: number): string => `${x >= 0.1 || x === 0 ? Math.round(x * 100) : (x * 100).toFixed(1)} %`;
const pText = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const FIX =
  'If the fine-tuning data holds synthetic data distilled from another assistant, scan it for identity strings (the §1.3 B patterns) and drop or rewrite those rows; add examples of the model naming itself, or a system prompt that names it.';
const SOURCE = 'analyses.md §1.3 B (identity-drift probe): Wilson 95 % interval, two-sided Fisher exact test against the base run; Li et al. 2024, arXiv 2411.10683.';

export function identityDrift(
  samples: readonly SampleIn[],
  runs: readonly AuditRun[],
  opts: { readonly allow: readonly string[] },
): { drift: IdentityDrift | null; findings: AuditFinding[] } {
  const responses = responsesOf(samples, new Set(runs.map((r) => r.runId)));

  // A task is a generation task when some run logged text for it; a probe task (`identity` in its name) wins.
  const genTasks = new Set<string>();
  for (const list of responses.values()) for (const r of list) if (r.text.trim() !== '') genTasks.add(r.task);
  const probeTasks = [...genTasks].filter((t) => /identity/i.test(t)).sort();
  const used = probeTasks.length > 0 ? new Set(probeTasks) : genTasks;
  const subject = probeTasks.length > 0 ? probeTasks.join(', ') : 'generation tasks';

  const points: IdentityPoint[] = [];
  for (const run of runs) {
    const list = (responses.get(run.runId) ?? []).filter((r) => used.has(r.task));
    if (list.length === 0) continue;
    let hits = 0;
    const examples: IdentityHit[] = [];
    for (const r of list) {
      const m = findIdentity(r.text, opts.allow);
      if (m === null) continue;
      hits++;
      if (examples.length < MAX_EXAMPLES) examples.push({ task: r.task, docId: r.docId, response: excerpt(r.text, m.index, m.text.length), match: m.text });
    }
    points.push({ runId: run.runId, step: run.step, responses: list.length, hits, rate: hits / list.length, ci: wilson(hits, list.length), examples });
  }
  if (points.length === 0) return { drift: null, findings: [] };
  if (points.every((p) => p.step !== null)) points.sort((a, b) => (a.step ?? 0) - (b.step ?? 0));

  const withPoints = new Set(points.map((p) => p.runId));
  const base = pickBase(runs.filter((r) => withPoints.has(r.runId)));
  // pickBase returns a run of a non-empty list; the fallback only satisfies the type.
  const baseRunId = base?.runId ?? (points[0] as IdentityPoint).runId;
  const basePoint = points.find((p) => p.runId === baseRunId) as IdentityPoint;
  const nameOf = new Map(runs.map((r) => [r.runId, r.name]));
  const name = (id: string): string => nameOf.get(id) ?? id;
  const eg = (p: IdentityPoint): string => (p.examples[0] ? ` (e.g. "${p.examples[0].match}")` : '');

  const findings: AuditFinding[] = [];
  if (points.length === 1) {
    const p = basePoint;
    if (p.rate > 0 && p.ci[0] > 0.01) {
      findings.push({
        id: `identity-drift:${p.runId}:${subject}`,
        kind: 'identity-drift',
        runId: p.runId,
        severity: 'info',
        title: `\`${name(p.runId)}\` names another assistant in ${pct(p.rate)} of responses`,
        value: p.rate,
        threshold: 0,
        ci: p.ci,
        evidence: `${p.hits} of ${p.responses} responses in ${subject} name another assistant${eg(p)}; no other checkpoint to compare with.`,
        fix: FIX,
        source: SOURCE,
        subject,
      });
    }
    return { drift: { baseRunId, points }, findings };
  }

  for (const p of points) {
    if (p.runId === baseRunId || p.rate <= basePoint.rate) continue;
    const pValue = fisherExactTwoSided(p.hits, p.responses - p.hits, basePoint.hits, basePoint.responses - basePoint.hits);
    if (!(pValue < 0.05)) continue;
    const critical = p.rate >= 0.1 && p.rate >= 3 * basePoint.rate;
    findings.push({
      id: `identity-drift:${p.runId}:${subject}`,
      kind: 'identity-drift',
      runId: p.runId,
      severity: critical ? 'critical' : 'warning',
      title: `\`${name(p.runId)}\` names another assistant in ${pct(p.rate)} of responses (base ${pct(basePoint.rate)})`,
      value: p.rate,
      threshold: basePoint.rate,
      ci: p.ci,
      evidence: `${p.hits} of ${p.responses} responses in ${subject} name another assistant${eg(p)}, vs ${basePoint.hits} of ${basePoint.responses} for \`${name(baseRunId)}\`; Fisher exact ${pText(pValue)}.`,
      fix: FIX,
      source: SOURCE,
      subject,
    });
  }
  return { drift: { baseRunId, points }, findings };
}
