import type { MatchBy } from '../compare/paired';
import { compareKeys, keyOf } from '../compare/paired';
import type { FlipCounts, FlipFilter, FlipKind, SampleDetail, SampleRow, SampleTask } from '../../domain/review';
import { MAX_SAMPLE_ROWS } from '../../domain/review';

/**
 * Per-sample review (issue 8 §3): lm-eval documents matched across 2–4 columns per (task, filter), right or wrong in
 * each by one 0/1 metric, and the flips between a baseline column and a candidate column.
 */

/** One logged document of one run, as stored. */
export interface SampleInput {
  readonly task: string;
  readonly filter: string;
  readonly docId: number | null;
  readonly docHash: string | null;
  readonly category: string | null;
  readonly target: string;
  readonly prompt: string;
  readonly response: string;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ReviewCell {
  readonly response: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly correct: boolean | null;
}

/** A document present in every column. Prompt and target are the baseline's (one copy: few-shot prompts are long). */
export interface ReviewDoc {
  readonly key: string;
  readonly task: string;
  readonly filter: string;
  readonly docId: number | null;
  readonly category: string | null;
  readonly prompt: string;
  readonly target: string;
  readonly preview: string;
  readonly cells: readonly ReviewCell[];
}

export interface ReviewTask extends SampleTask {
  /** In document order (numeric ids numerically). */
  readonly docs: readonly ReviewDoc[];
}

/** The matched structure of one set of columns: built once, then filtered per request. */
export interface SampleReview {
  readonly columns: number;
  /** Sorted by task, then filter. */
  readonly tasks: readonly ReviewTask[];
  readonly byKey: ReadonlyMap<string, ReviewDoc>;
}

/**
 * Metrics that mean "answered correctly", most telling first. A task's metric is the first of these whose values are
 * all 0/1, else any 0/1 metric (first seen), else none: BLEU/ROUGE-style tasks have no right/wrong.
 */
export const CORRECTNESS_METRICS = ['acc', 'exact_match', 'acc_norm', 'em', 'exact', 'correct', 'pass@1', 'mc1'] as const;

/** Characters of the prompt's end shown in the list. */
export const PREVIEW_CHARS = 160;

export const taskKey = (task: string, filter: string): string => `${task}|${filter}`;

const isBinary = (v: number | undefined): boolean => v === 0 || v === 1;

/** The prompt's last characters, whitespace collapsed: a few-shot prompt ends with the question asked. */
export function previewOf(prompt: string, chars = PREVIEW_CHARS): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  if (flat.length <= chars) return flat;
  let start = flat.length - (chars - 1);
  // Do not start on the second half of a surrogate pair.
  const code = flat.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start++;
  return `…${flat.slice(start)}`;
}

/** Doc ids when every document has one, else hashes when every document has one, else ids (keyless ones unmatched). */
function matchModeOf(columns: readonly (readonly SampleInput[])[]): MatchBy {
  const all = (has: (s: SampleInput) => boolean) => columns.every((c) => c.every(has));
  if (all((s) => s.docId !== null)) return 'id';
  if (all((s) => s.docHash !== null && s.docHash !== '')) return 'hash';
  return 'id';
}

/** The metric deciding right/wrong over the matched documents (every column), or null. */
export function chooseMetric(matched: readonly (readonly SampleInput[])[]): string | null {
  const seen: string[] = [];
  const names = new Set<string>();
  for (const docs of matched) {
    for (const s of docs) {
      for (const m of Object.keys(s.metrics)) {
        if (!names.has(m)) {
          names.add(m);
          seen.push(m);
        }
      }
    }
  }
  if (matched.length === 0) return null;
  const binary = (m: string) => matched.every((docs) => docs.every((s) => isBinary(s.metrics[m])));
  return CORRECTNESS_METRICS.find((m) => names.has(m) && binary(m)) ?? seen.find(binary) ?? null;
}

function buildTask(task: string, filter: string, columns: readonly (readonly SampleInput[])[]): ReviewTask {
  const by = matchModeOf(columns);
  const indexes = columns.map((docs) => {
    const map = new Map<string, SampleInput>();
    let keyless = 0;
    for (const s of docs) {
      const k = keyOf(s, by);
      if (k === null) keyless++;
      // A repeated key keeps its first document, as the paired comparison does.
      else if (!map.has(k)) map.set(k, s);
    }
    return { map, keyless };
  });
  const union = new Set<string>();
  for (const { map } of indexes) for (const k of map.keys()) union.add(k);
  const keys = [...union].filter((k) => indexes.every(({ map }) => map.has(k))).sort(compareKeys);
  // Documents in key order, one list per document: [column 0's, column 1's, …].
  const rows = keys.map((k) => indexes.map(({ map }) => map.get(k) as SampleInput));
  const metric = chooseMetric(indexes.map((_, c) => rows.map((r) => r[c] as SampleInput)));
  const tk = taskKey(task, filter);
  const docs = rows.map((cols, i): ReviewDoc => {
    const base = cols[0] as SampleInput;
    return {
      key: `${tk}|${keys[i] as string}`,
      task,
      filter,
      docId: base.docId,
      category: base.category ?? cols.find((s) => s.category !== null)?.category ?? null,
      prompt: base.prompt,
      target: base.target,
      preview: previewOf(base.prompt),
      cells: cols.map((s) => ({ response: s.response, metrics: s.metrics, correct: metric === null ? null : s.metrics[metric] === 1 })),
    };
  });
  const keyless = indexes.reduce((n, x) => n + x.keyless, 0);
  return { key: tk, task, filter, metric, matched: docs.length, unmatched: union.size - keys.length + keyless, docs };
}

/**
 * Matches the columns' documents per (task, filter). `unmatched` counts the documents some column lacks (each once)
 * plus documents with no usable key (each time it occurs).
 */
export function buildSampleReview(columns: readonly (readonly SampleInput[])[]): SampleReview {
  const groups = new Map<string, { task: string; filter: string; columns: SampleInput[][] }>();
  columns.forEach((samples, c) => {
    for (const s of samples) {
      const k = taskKey(s.task, s.filter);
      let g = groups.get(k);
      if (!g) {
        g = { task: s.task, filter: s.filter, columns: columns.map(() => []) };
        groups.set(k, g);
      }
      g.columns[c]?.push(s);
    }
  });
  const tasks = [...groups.values()]
    .sort((a, b) => cmp(a.task, b.task) || cmp(a.filter, b.filter))
    .map((g) => buildTask(g.task, g.filter, g.columns));
  const byKey = new Map<string, ReviewDoc>();
  for (const t of tasks) for (const d of t.docs) byKey.set(d.key, d);
  return { columns: columns.length, tasks, byKey };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function flipOf(baseline: boolean | null, candidate: boolean | null): FlipKind {
  if (baseline === null || candidate === null) return 'unscored';
  if (baseline && !candidate) return 'right-to-wrong';
  if (!baseline && candidate) return 'wrong-to-right';
  return baseline ? 'both-right' : 'both-wrong';
}

const passesFlip = (flip: FlipKind, filter: FlipFilter): boolean =>
  filter === 'all' || (filter === 'changed' ? flip === 'right-to-wrong' || flip === 'wrong-to-right' : flip === filter);

/** Lower-cased words of a search; empty = no search. */
export const searchWords = (search: string | undefined): string[] => (search ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '');

function matchesSearch(doc: ReviewDoc, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  // Joined with a newline, which no word contains, so a word cannot match across two texts.
  const hay = [doc.prompt, doc.target, ...doc.cells.map((c) => c.response)].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export interface SampleQuery {
  /** Column index of the candidate, 1…columns−1. */
  readonly candidate: number;
  readonly task?: string | null | undefined;
  readonly category?: string | null | undefined;
  readonly flip?: FlipFilter | undefined;
  readonly search?: string | undefined;
}

export interface SampleSelection {
  readonly tasks: readonly SampleTask[];
  readonly categories: readonly string[];
  readonly counts: FlipCounts;
  readonly rows: readonly SampleRow[];
  readonly truncated: number;
}

/**
 * Filters the review: task, category and search select the documents the counts cover; the flip filter then picks
 * the rows listed (capped at `maxRows`). Categories are those of the selected task(s), so the choice stays open when
 * a category filter is on.
 */
export function selectSamples(review: SampleReview, q: SampleQuery, maxRows: number = MAX_SAMPLE_ROWS): SampleSelection {
  if (!Number.isInteger(q.candidate) || q.candidate < 1 || q.candidate >= review.columns) throw new RangeError(`candidate column ${q.candidate} is not one of 1…${review.columns - 1}`);
  const words = searchWords(q.search);
  const flipFilter = q.flip ?? 'all';
  const counts: { -readonly [K in keyof FlipCounts]: number } = { 'right-to-wrong': 0, 'wrong-to-right': 0, 'both-right': 0, 'both-wrong': 0, unscored: 0 };
  const categories = new Set<string>();
  const rows: SampleRow[] = [];
  let passed = 0;
  for (const t of review.tasks) {
    if (q.task !== null && q.task !== undefined && t.key !== q.task) continue;
    for (const d of t.docs) {
      if (d.category !== null) categories.add(d.category);
      if (q.category !== null && q.category !== undefined && d.category !== q.category) continue;
      if (!matchesSearch(d, words)) continue;
      const correct = d.cells.map((c) => c.correct);
      const flip = flipOf(correct[0] ?? null, correct[q.candidate] ?? null);
      counts[flip]++;
      if (!passesFlip(flip, flipFilter)) continue;
      passed++;
      if (rows.length < maxRows) rows.push({ key: d.key, task: d.task, filter: d.filter, docId: d.docId, category: d.category, preview: d.preview, correct, flip });
    }
  }
  const tasks = review.tasks.map(({ docs: _docs, ...t }) => t);
  return { tasks, categories: [...categories].sort(cmp), counts, rows, truncated: passed - rows.length };
}

/** One document in full, or null when the key is not a matched document of this review. */
export function sampleDetail(review: SampleReview, runIds: readonly string[], key: string): SampleDetail | null {
  const d = review.byKey.get(key);
  if (!d) return null;
  return {
    key: d.key,
    task: d.task,
    filter: d.filter,
    docId: d.docId,
    category: d.category,
    prompt: d.prompt,
    target: d.target,
    responses: d.cells.map((c, i) => ({ runId: runIds[i] ?? '', response: c.response, correct: c.correct, metrics: { ...c.metrics } })),
  };
}
