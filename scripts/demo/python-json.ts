/**
 * JSON as Python's `json.dumps(obj, indent=2, sort_keys=True)` writes it, which is how the HF Trainer saves
 * trainer_state.json: sorted keys, floats always with a decimal point or a two-digit exponent (`1e-05`, `2.0`).
 */
export class PyFloat {
  constructor(readonly value: number) {}
}
export const f = (v: number) => new PyFloat(v);

function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  let s: string;
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    s = v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  } else {
    s = String(v);
    if (!s.includes('.') && !s.includes('e')) s += '.0';
  }
  return s;
}

export function pyJson(value: unknown, indent = 2, depth = 0): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const end = ' '.repeat(indent * depth);
  if (value instanceof PyFloat) return pyFloat(value.value);
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + pyJson(v, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pyJson(v, indent, depth + 1)}`).join(',\n')}\n${end}}`;
}
