import type { EvalSampleRecord, SampleExtra, WarningRecord } from '../../../shared/importers/records';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseTolerantJson } from '../../../shared/util/tolerant-json';
import { baseName, parseSamplesName } from './names';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Lines between abort checks. */
const CHECK_EVERY = 256;

/**
 * `samples_<task>_<date_id>.jsonl`: one JSON object per (doc, filter). A line that does not parse is a warning at its
 * byte offset, naming its 1-based line; the harness appends to these files, so an unterminated last line is a write in
 * progress.
 */
export function* readSamplesFile(file: string, bytes: Uint8Array, signal: AbortSignal): Generator<EvalSampleRecord | WarningRecord> {
  const task = parseSamplesName(baseName(file))?.task ?? baseName(file);
  const text = decodeUtf8(bytes);
  const lines = text.split('\n');
  // Byte offset of line i: decoding keeps every 0x0a byte as one '\n', so lines of the text are lines of the bytes.
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i % CHECK_EVERY === 0 && signal.aborted) return;
    const offset = next;
    const nl = bytes.indexOf(0x0a, next);
    next = nl < 0 ? bytes.length : nl + 1;
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1;
    let rec: unknown;
    try {
      rec = parseTolerantJson(line);
    } catch {
      yield {
        kind: 'warning',
        file,
        offset,
        message: isLast ? `The last line (${i + 1}) is incomplete: the file was cut mid-write or is still being written.` : `Line ${i + 1} is not valid JSON; skipped.`,
      };
      continue;
    }
    if (!isObj(rec)) {
      yield { kind: 'warning', file, offset, message: `Line ${i + 1} is not a JSON object; skipped.` };
      continue;
    }
    yield sampleOf(rec, task, file);
  }
}

function sampleOf(rec: Obj, task: string, file: string): EvalSampleRecord {
  const filtered = rec.filtered_resps;
  return {
    kind: 'eval-sample',
    task,
    filter: typeof rec.filter === 'string' ? rec.filter : 'none',
    docId: typeof rec.doc_id === 'number' ? rec.doc_id : null,
    docHash: typeof rec.doc_hash === 'string' ? rec.doc_hash : null,
    target: text(rec.target),
    prompt: promptOf(rec.arguments),
    response: Array.isArray(filtered) ? text(filtered[0]) : text(filtered),
    metrics: metricsOf(rec),
    file,
    category: categoryOf(rec.doc),
    extras: extrasOf(rec),
  };
}

/** Doc fields the audit groups by (template reliance, identity probes, IFEval instruction kinds). */
export const EXTRA_DOC_FIELDS = ['paraphrase_group', 'variant', 'template', 'template_id', 'setting', 'domain', 'language', 'system_prompt', 'instruction_id_list'] as const;
/** Per-sample scores that are lists (one per instruction), which `metrics` cannot hold. */
export const EXTRA_SCORE_FIELDS = ['inst_level_strict_acc', 'inst_level_loose_acc'] as const;
const MAX_EXTRA_CHARS = 500;
const MAX_EXTRA_ITEMS = 64;

function extraValue(v: unknown): SampleExtra | null {
  if (typeof v === 'string') return v.length <= MAX_EXTRA_CHARS ? v : null;
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (Array.isArray(v) && v.length <= MAX_EXTRA_ITEMS) {
    const items = v.filter((x): x is string | number | boolean => (typeof x === 'string' && x.length <= MAX_EXTRA_CHARS) || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)));
    return items.length === v.length ? items : null;
  }
  return null;
}

function extrasOf(rec: Obj): Record<string, SampleExtra> | null {
  const out: Record<string, SampleExtra> = {};
  const doc = isObj(rec.doc) ? rec.doc : {};
  for (const k of EXTRA_DOC_FIELDS) {
    const v = extraValue(doc[k]);
    if (v !== null) out[k] = v;
  }
  for (const k of EXTRA_SCORE_FIELDS) {
    const v = extraValue(rec[k]);
    if (v !== null) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * Fields of the harness's `doc` that name a document's group, first present wins: `category` (bbq, truthfulqa),
 * `subject` (mmlu), `bias_type` (crows_pairs), `target_group` (toxigen), `solution_type` (asdiv). A string, or a
 * number written as text; anything else is no category.
 */
export const CATEGORY_FIELDS = ['category', 'subject', 'bias_type', 'target_group', 'solution_type'] as const;

/** Longer values are not a category but text that happens to sit in one of those fields. */
const MAX_CATEGORY_CHARS = 200;

function categoryOf(doc: unknown): string | null {
  if (!isObj(doc)) return null;
  for (const field of CATEGORY_FIELDS) {
    const v = doc[field];
    const s = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
    if (s !== '' && s.length <= MAX_CATEGORY_CHARS) return s;
  }
  return null;
}

/** Strings as they are; anything else (a choice index, a [logprob, is_greedy] pair) as JSON; missing as ''. */
function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The first request's context: `arguments.gen_args_0.arg_0` (v0.4.3+). `arg_0` is a list holding a JSON chat
 * transcript for chat models: its strings are joined. v0.4.0–0.4.2 wrote `arguments` as `[[context, continuation], …]`.
 */
function promptOf(args: unknown): string {
  let arg0: unknown;
  if (isObj(args)) {
    const first = args.gen_args_0;
    arg0 = isObj(first) ? first.arg_0 : undefined;
  } else if (Array.isArray(args)) {
    const first: unknown = args[0];
    arg0 = Array.isArray(first) ? first[0] : first;
  }
  if (Array.isArray(arg0) && arg0.every((s) => typeof s === 'string')) return arg0.join('\n');
  return text(arg0);
}

/** Numeric fields that describe the doc, not a score. */
const NOT_METRICS = new Set(['doc_id', 'target']);

/** The per-sample metric values: the names listed in `metrics` when present, else every other numeric field. */
function metricsOf(rec: Obj): Record<string, number> {
  const out: Record<string, number> = {};
  const names = Array.isArray(rec.metrics) && rec.metrics.every((m) => typeof m === 'string') ? (rec.metrics as string[]) : Object.keys(rec).filter((k) => !NOT_METRICS.has(k));
  for (const k of names) {
    const v = rec[k];
    if (typeof v === 'number') out[k] = v;
    // Some tasks log 0/1 metrics as booleans (`exact_match: true`): the same score, kept as a number.
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  return out;
}
