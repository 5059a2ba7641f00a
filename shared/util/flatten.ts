import type { ConfigValue } from '../importers/records';

/**
 * How deep flattening goes. Configs nest a few levels; a damaged or hostile file can nest thousands, which overflowed
 * the stack (an importer's parse threw) and built keys quadratic in the depth (found by test/unit/fuzz/).
 */
export const MAX_FLATTEN_DEPTH = 64;

/**
 * Flattens nested JSON-like data into dotted keys (`optimizer.lr`). Arrays of scalars become a JSON string so a config
 * diff compares them as one value; arrays of objects are indexed (`layers.0.size`). A value nested deeper than
 * MAX_FLATTEN_DEPTH is kept as the text `[nested too deep]` under the key where the cap was reached.
 */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, ConfigValue> = {}): Record<string, ConfigValue> {
  return flatten(value, prefix, out, 0);
}

function flatten(value: unknown, prefix: string, out: Record<string, ConfigValue>, depth: number): Record<string, ConfigValue> {
  if (depth > MAX_FLATTEN_DEPTH && value !== null && typeof value === 'object') {
    if (prefix !== '') out[prefix] = '[nested too deep]';
    return out;
  }
  if (value === null || value === undefined) {
    if (prefix !== '') out[prefix] = null;
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    if (prefix !== '') out[prefix] = value;
    return out;
  }
  if (typeof value === 'number') {
    if (prefix !== '') out[prefix] = Number.isFinite(value) ? value : String(value);
    return out;
  }
  if (typeof value === 'bigint') {
    if (prefix !== '') out[prefix] = Number(value);
    return out;
  }
  if (Array.isArray(value)) {
    const scalars = value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    if (scalars) {
      if (prefix !== '') out[prefix] = JSON.stringify(value);
      return out;
    }
    value.forEach((v, i) => flatten(v, prefix === '' ? String(i) : `${prefix}.${i}`, out, depth + 1));
    return out;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== '') out[prefix] = '{}';
    for (const [k, v] of entries) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out, depth + 1);
    return out;
  }
  if (prefix !== '') out[prefix] = String(value);
  return out;
}
