import type { PyScalar } from './py-dict';
import { readPyDict } from './py-dict';

/**
 * How a line's points are stepped. Megatron and verl lines print their step. HF dicts: a train dict (`hf-train`) is
 * the next logging step (or the step it names, when it has `step`); any other dict (`hf-other`: eval/predict
 * results, the end-of-training summary) belongs to the last train step before it, unless it names its own.
 */
export type StepKind = 'explicit' | 'hf-train' | 'hf-other';

export interface LinePoints {
  /** The step the line names; null for an HF dict without one. */
  readonly step: number | null;
  readonly stepKind: StepKind;
  readonly values: readonly (readonly [string, number])[];
  readonly shape: 'megatron' | 'megatron-valid' | 'verl' | 'hf-dict';
}

// The digits pattern is unambiguous (see shared-text/numbers.ts): `\d+\.?\d*` backtracked quadratically on long digit runs.
/** A whole value token: a decimal/scientific number, or nan/inf as Python, C printf and Megatron print them. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (lower === 'nan' || lower === '-nan' || lower === '+nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return null;
}

// Each shape is found by its head; the fields are the rest of the line. (A `[^|]*\|(.*)$` tail in one regex would
// rescan the line from every candidate head: quadratic on a megabyte line that repeats the head.)
// Megatron-LM / Megatron-DeepSpeed training_log(): ` iteration      N/     M | key: value | … |`, sometimes after a
// `[timestamp]` (newer Megatron-LM).
const MEGATRON = /(?:^|[\s\]])iteration\s+(\d+)\s*\/\s*\d+\s*\|/;
// Megatron's evaluate_and_print_results(): ` validation loss at iteration N | lm loss value: … | lm loss PPL: … |`
// (`valid loss at …` in BigScience's fork); the fields start after the first `|`.
const MEGATRON_VALID = /(?:^|\s)valid(?:ation)? loss at iteration\s+(\d+)/;
// verl's console logger: `step:N - key:value - key:value`.
const VERL = /(?:^|\s)step:(\d+) - /;
/** Dict keys that make a printed dict a Trainer log line rather than a config or argument dump. */
const HF_KEYS = new Set(['loss', 'train_loss', 'learning_rate', 'grad_norm', 'epoch']);
const HF_OTHER = /^(eval|test|predict)_/;
const HF_STEP_KEYS = new Set(['step', 'global_step']);

/**
 * Metrics in one cleaned line, launcher prefix already removed. Series are named as the line names them, with only
 * surrounding whitespace trimmed and runs of spaces collapsed (Megatron's `lm loss`, `grad norm`; verl's `critic/kl`,
 * `actor/lr(1e-4)`; the Trainer's `loss`, `eval_loss`). Megatron validation lines get a `valid/` prefix because their
 * keys would otherwise read like training series. Fields whose value is not a number are skipped.
 */
export function pointsOfLine(line: string): LinePoints | null {
  const mv = MEGATRON_VALID.exec(line);
  if (mv) {
    const bar = line.indexOf('|', mv.index + mv[0].length);
    if (bar >= 0) return fields(Number(mv[1]), line.slice(bar + 1), '|', 'valid/', 'megatron-valid');
  }
  const mg = MEGATRON.exec(line);
  if (mg) return fields(Number(mg[1]), line.slice(mg.index + mg[0].length), '|', '', 'megatron');
  const vl = VERL.exec(line);
  if (vl) return fields(Number(vl[1]), line.slice(vl.index + vl[0].length), ' - ', '', 'verl');
  return hfDict(line);
}

function fields(step: number, rest: string, sep: string, prefix: string, shape: LinePoints['shape']): LinePoints | null {
  const values: [string, number][] = [];
  for (const seg of rest.split(sep)) {
    const i = seg.lastIndexOf(':');
    if (i <= 0) continue;
    const key = seg.slice(0, i).trim().replace(/\s+/g, ' ');
    const v = parseNumber(seg.slice(i + 1));
    if (key !== '' && v !== null) values.push([prefix + key, v]);
  }
  return values.length > 0 ? { step, stepKind: 'explicit', values, shape } : null;
}

/**
 * The Trainer's printed logs, `{'loss': 0.5, 'grad_norm': 1.2, 'learning_rate': 1e-05, 'epoch': 0.1}`, anywhere on the
 * line: a tqdm bar without a newline often precedes it (`… 5.23s/it]{'loss': …}`).
 */
function hfDict(line: string): LinePoints | null {
  for (const at of topLevelBraces(line)) {
    const next = line[at + 1];
    if (next !== "'" && next !== '"' && next !== ' ' && next !== '}') continue;
    const entries = readPyDict(line, at);
    if (entries === null || !entries.some(([k]) => HF_KEYS.has(k) || HF_OTHER.test(k))) continue;
    let step: number | null = null;
    const values: [string, number][] = [];
    for (const [k, v] of entries) {
      if (!isNumber(v)) continue;
      if (HF_STEP_KEYS.has(k)) step = v;
      else values.push([k, v]);
    }
    if (values.length === 0) return null;
    const isOther = entries.some(([k]) => HF_OTHER.test(k) || k === 'train_runtime');
    return { step, stepKind: isOther ? 'hf-other' : 'hf-train', values, shape: 'hf-dict' };
  }
  return null;
}

/**
 * Positions of `{` not inside an earlier, still open `{`: a dict nested in a one-line config print
 * (`{'trainer': {'epoch': 2, …}, …}`) is not a log line even when its keys look like one.
 */
function topLevelBraces(line: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = line.indexOf('{'); i >= 0 && i < line.length; i++) {
    const c = line[i];
    if (c === '{') {
      if (depth === 0) out.push(i);
      depth++;
    } else if (c === '}' && depth > 0) depth--;
  }
  return out;
}

function isNumber(v: PyScalar): v is number {
  return typeof v === 'number';
}
