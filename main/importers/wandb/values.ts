import type { JsonValue } from '../../../shared/util/tolerant-json';
import { parseTolerantJson } from '../../../shared/util/tolerant-json';
import type { Item } from './record';

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/**
 * A history value as a point: JSON numbers, and Python's bare `NaN` / `Infinity` / `-Infinity` tokens (the SDK
 * serialises with `allow_nan=True`; a NaN loss is a finding, so it is kept). Booleans, strings, `null` and objects
 * (media, histograms, tables) are not points. Most values are plain numbers, so they skip the JSON parser.
 */
export function pointValue(valueJson: string): number | null {
  if (JSON_NUMBER.test(valueJson)) return Number(valueJson);
  // Own keys only: `toString` or `constructor` would find Object.prototype's functions.
  const token = Object.hasOwn(NON_FINITE, valueJson) ? NON_FINITE[valueJson] : undefined;
  if (token !== undefined) return token;
  const v = parseJson(valueJson);
  return typeof v === 'number' ? v : null;
}

/** Any value_json as JSON; text that is not JSON is kept as the string it is, so a config value is never lost. */
export function jsonValue(valueJson: string): JsonValue {
  const v = parseJson(valueJson);
  return v === undefined ? valueJson : v;
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return parseTolerantJson(text);
  } catch {
    return undefined;
  }
}

/**
 * A history series name: `key`, else the `nested_key` labels joined with "/". A flat `"train/loss"` arrives either as
 * key `train/loss` (SDK ≤0.19) or as the single label `["train/loss"]` (wandb-core), and both give `train/loss`.
 */
export function seriesName(item: Item): string {
  return item.key !== '' ? item.key : item.nestedKey.join('/');
}
