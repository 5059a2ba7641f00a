import type { ConfigValue, WarningRecord } from '../../../shared/importers/records';
import { flattenConfig } from '../../../shared/util/flatten';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseYamlDocument, yamlToJs } from '../../../shared/util/safe-yaml';
import type { JsonObject, JsonValue } from '../../../shared/util/tolerant-json';
import { salvageTolerantJson } from '../../../shared/util/tolerant-json';
import { byteOffsetOfUnit } from '../common/utf8-offset';

/** Keys W&B keeps for itself in config and summary: SDK bookkeeping, not the user's settings or results. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['_wandb', 'wandb_version']);

export interface SideRead<T> {
  readonly value: T | null;
  readonly warning: WarningRecord | null;
}

/**
 * `wandb-summary.json` / `wandb-metadata.json`. Written with Python's json (NaN tokens) or Go's protojson (irregular
 * spacing, int64 as strings), so parsed tolerantly; a damaged file keeps its complete top-level members.
 */
export function readJsonObject(file: string, bytes: Uint8Array): SideRead<JsonObject> {
  const text = decodeUtf8(bytes);
  const s = salvageTolerantJson(text);
  const root = s.value;
  const isObject = root !== undefined && root !== null && typeof root === 'object' && !Array.isArray(root);
  const members: JsonObject = {};
  if (isObject) for (const key of Object.keys(root)) if (!(s.cut !== null && s.cut[0] === key)) members[key] = root[key] as JsonValue;
  if (s.error !== null) {
    const offset = byteOffsetOfUnit(bytes, s.error.offset);
    const what = text.trim() === '' ? 'The file is empty' : s.error.isTruncated ? `The file ends early at byte ${offset}, as if cut while being written` : `Damaged JSON at byte ${offset}: ${s.error.message}`;
    return { value: members, warning: { kind: 'warning', file, offset, message: `${what}; kept the ${Object.keys(members).length} complete top-level entries before it.` } };
  }
  if (!isObject) return { value: null, warning: { kind: 'warning', file, offset: 0, message: 'Expected a JSON object; the file was skipped.' } };
  return { value: members, warning: null };
}

/**
 * `files/config.yaml`. Both writers wrap every top-level value: wandb-core as `key: {value: …}`, the legacy Python
 * writer as `key: {desc: …, value: …}` after a `wandb_version: 1` line. Unwrapped, `_wandb` and `wandb_version`
 * dropped, nested values flattened to dotted keys.
 */
export function readConfigYaml(file: string, bytes: Uint8Array): SideRead<Record<string, ConfigValue>> {
  let value: unknown;
  let problem: string | null = null;
  try {
    const doc = parseYamlDocument(decodeUtf8(bytes), { strict: false, uniqueKeys: false, logLevel: 'silent' });
    const first = doc.errors[0];
    if (first) problem = first.message.split('\n')[0] ?? first.message;
    value = yamlToJs(doc);
  } catch (err) {
    return { value: null, warning: { kind: 'warning', file, offset: null, message: `config.yaml could not be read: ${err instanceof Error ? err.message : String(err)}` } };
  }
  const warning: WarningRecord | null = problem ? { kind: 'warning', file, offset: null, message: `config.yaml: ${problem}` } : null;
  if (value === null || value === undefined) return { value: {}, warning };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { value: null, warning: { kind: 'warning', file, offset: null, message: 'config.yaml does not hold a mapping; ignored.' } };
  }
  const entries: Record<string, ConfigValue> = {};
  for (const [key, wrapped] of Object.entries(value as Record<string, unknown>)) {
    if (RESERVED_KEYS.has(key)) continue;
    flattenConfig(unwrap(wrapped), key, entries);
  }
  return { value: entries, warning };
}

function unwrap(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const isWrapper = keys.includes('value') && keys.every((k) => k === 'value' || k === 'desc');
  return isWrapper ? (v as { value: unknown }).value : v;
}
