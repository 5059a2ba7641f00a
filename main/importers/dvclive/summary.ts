import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { MAX_FLATTEN_DEPTH } from '../../../shared/util/flatten';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { salvageTolerantJson } from '../../../shared/util/tolerant-json';
import { byteOffsetOfUnit } from '../common/utf8-offset';

/**
 * `metrics.json`: the latest value of every metric, nested by the `/` in its name (`{"train": {"loss": 0.1}}`),
 * plus `step`. It is a summary, not history (the TSVs are the history), so it becomes a `summary` config record, as
 * the W&B importer does with wandb-summary.json; names are re-joined with `/` to match the series.
 */
export function* parseSummary(file: string, bytes: Uint8Array): Generator<ImportRecord> {
  const text = decodeUtf8(bytes);
  const { value, error } = salvageTolerantJson(text);
  const entries: Record<string, ConfigValue> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) flattenSlash(value, '', entries);
  if (Object.keys(entries).length > 0) yield { kind: 'config', origin: 'summary', entries };
  if (error) {
    const offset = byteOffsetOfUnit(bytes, error.offset);
    yield { kind: 'warning', file, offset, message: `metrics.json ${error.isTruncated ? 'is cut short' : 'is not valid JSON'} at byte ${offset}; what came before was kept.` };
  } else if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    yield { kind: 'warning', file, offset: 0, message: 'metrics.json does not hold an object; ignored.' };
  }
}

/** Recursion and JSON.stringify are bounded: a metrics.json nested thousands of levels deep overflowed the stack (found by test/unit/fuzz/). */
function flattenSlash(value: object, prefix: string, out: Record<string, ConfigValue>, depth = 0): void {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix === '' ? k : `${prefix}/${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (depth < MAX_FLATTEN_DEPTH) flattenSlash(v, key, out, depth + 1);
      else out[key] = TOO_DEEP;
    } else if (typeof v === 'number') out[key] = Number.isFinite(v) ? v : String(v);
    else if (typeof v === 'string' || typeof v === 'boolean' || v === null) out[key] = v;
    else out[key] = stringified(v);
  }
}

const TOO_DEEP = '[nested too deep]';

function stringified(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return TOO_DEEP;
  }
}
