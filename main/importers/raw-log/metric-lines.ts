import { parseTolerantJson } from '../../../shared/util/tolerant-json';

export interface LinePoints {
  /** Null: the step is implied (HF dict lines count their own steps). */
  readonly step: number | null;
  readonly values: readonly (readonly [string, number])[];
  readonly shape: 'megatron' | 'verl' | 'hf-dict';
}

function num(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return Number.NaN;
  if (t === 'inf' || t === '+inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  return Number(t);
}

const MEGATRON = /\biteration\s+(\d+)\s*\/\s*\d+\s*\|(.*)$/;
const VERL = /(?:^|\s)step:(\d+)\s+-\s+(.*)$/;
const HF_DICT = /\{'[^'{}]+':[^{}]*\}/;
const TRAINING_KEYS = new Set(['loss', 'train_loss', 'learning_rate', 'grad_norm', 'epoch']);

/**
 * Extracts metrics from the common training-log line shapes:
 * Megatron/DeepSpeed `iteration N/ M | key: value | …`, verl `step:N - key:value - …`, and the HF Trainer's printed
 * dicts `{'loss': 0.5, 'learning_rate': …, 'epoch': 0.1}` (also when a tqdm bar precedes them on the line).
 * Series are named as the log names them (Megatron's `lm loss`, verl's `critic/kl`, HF's `loss`).
 */
export function pointsOfLine(line: string): LinePoints | null {
  const mg = MEGATRON.exec(line);
  if (mg) {
    const values: [string, number][] = [];
    for (const seg of (mg[2] as string).split('|')) {
      const i = seg.lastIndexOf(':');
      if (i <= 0) continue;
      const v = num(seg.slice(i + 1));
      if (v !== null) values.push([seg.slice(0, i).trim(), v]);
    }
    return values.length > 0 ? { step: Number(mg[1]), values, shape: 'megatron' } : null;
  }
  const vl = VERL.exec(line);
  if (vl) {
    const values: [string, number][] = [];
    for (const seg of (vl[2] as string).split(' - ')) {
      const i = seg.lastIndexOf(':');
      if (i <= 0) continue;
      const v = num(seg.slice(i + 1));
      if (v !== null) values.push([seg.slice(0, i).trim(), v]);
    }
    return values.length > 0 ? { step: Number(vl[1]), values, shape: 'verl' } : null;
  }
  const hf = HF_DICT.exec(line);
  if (hf) {
    // A Python dict repr of numbers: quote style and nan/inf are the only differences from JSON.
    const json = hf[0]
      .replace(/'/g, '"')
      .replace(/\bnan\b/g, 'NaN')
      .replace(/-inf\b/g, '-Infinity')
      .replace(/\binf\b/g, 'Infinity')
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null');
    let obj: unknown;
    try {
      obj = parseTolerantJson(json);
    } catch {
      return null;
    }
    if (obj === null || typeof obj !== 'object') return null;
    const entries = Object.entries(obj as Record<string, unknown>);
    // Frameworks also print config dicts (`{'temperature': 1.0, 'top_k': -1}`): only dicts with a training key count.
    if (!entries.some(([k]) => TRAINING_KEYS.has(k) || k.startsWith('eval_'))) return null;
    const values = entries.filter((e): e is [string, number] => typeof e[1] === 'number');
    const step = values.find(([k]) => k === 'step' || k === 'global_step')?.[1] ?? null;
    const kept = values.filter(([k]) => k !== 'step' && k !== 'global_step');
    return kept.length > 0 ? { step, values: kept, shape: 'hf-dict' } : null;
  }
  return null;
}
