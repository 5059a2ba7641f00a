import type { ConfigValue } from '../importers/records';

/**
 * Flattens nested JSON-like data into dotted keys (`optimizer.lr`). Arrays of scalars become a JSON string so a config
 * diff compares them as one value; arrays of objects are indexed (`layers.0.size`).
 */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, ConfigValue> = {}): Record<string, ConfigValue> {
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
    value.forEach((v, i) => flattenConfig(v, prefix === '' ? String(i) : `${prefix}.${i}`, out));
    return out;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== '') out[prefix] = '{}';
    for (const [k, v] of entries) flattenConfig(v, prefix === '' ? k : `${prefix}.${k}`, out);
    return out;
  }
  if (prefix !== '') out[prefix] = String(value);
  return out;
}
