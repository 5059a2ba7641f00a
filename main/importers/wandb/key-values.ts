import type { ConfigValue } from '../../../shared/importers/records';
import { flattenConfig } from '../../../shared/util/flatten';
import type { JsonValue } from '../../../shared/util/tolerant-json';
import type { Item, ItemChanges } from './record';
import { RESERVED_KEYS } from './side-files';
import { jsonValue, seriesName } from './values';

/**
 * The run config as W&B builds it: the RunRecord's initial config, then ConfigRecord updates and removals in log
 * order (HF's TrainingArguments arrive as an update). Keys are dotted paths, as flattenConfig makes them.
 */
export class ConfigState {
  private readonly entries = new Map<string, ConfigValue>();
  hasAny = false;

  apply(changes: ItemChanges): void {
    for (const item of changes.remove) this.removePath(configPath(item));
    for (const item of changes.update) {
      const path = configPath(item);
      if (path === '' || RESERVED_KEYS.has(topKey(item))) continue;
      this.hasAny = true;
      // A new value replaces the whole subtree: an updated dict must not keep the old dict's extra keys.
      this.removePath(path);
      for (const [k, v] of Object.entries(flattenConfig(jsonValue(item.valueJson), path))) this.entries.set(k, v);
    }
  }

  toObject(): Record<string, ConfigValue> {
    return Object.fromEntries(this.entries);
  }

  /** Back to a state toObject() gave (live follow carries it between reads). */
  restore(entries: Readonly<Record<string, ConfigValue>>): void {
    for (const [k, v] of Object.entries(entries)) this.entries.set(k, v);
    this.hasAny = true;
  }

  private removePath(path: string): void {
    for (const k of [...this.entries.keys()]) if (k === path || k.startsWith(`${path}.`)) this.entries.delete(k);
  }
}

function topKey(item: Item): string {
  return item.key !== '' ? item.key : (item.nestedKey[0] ?? '');
}

function configPath(item: Item): string {
  return item.key !== '' ? item.key : item.nestedKey.join('.');
}

/**
 * The run summary (last value per key), from SummaryRecords or a `wandb-summary.json`. Keys read like series names
 * (nested dicts joined with "/", as history keys are), so a summary entry sits beside the series it summarises.
 * Media and histograms become their `_type` in angle brackets: the payload is a file reference, not a result.
 */
export class SummaryState {
  private readonly values = new Map<string, JsonValue>();
  hasAny = false;

  apply(changes: ItemChanges): void {
    for (const item of changes.remove) {
      const name = seriesName(item);
      for (const k of [...this.values.keys()]) if (k === name || k.startsWith(`${name}/`)) this.values.delete(k);
    }
    for (const item of changes.update) {
      const name = seriesName(item);
      if (name === '' || RESERVED_KEYS.has(topKey(item))) continue;
      this.hasAny = true;
      this.values.set(name, jsonValue(item.valueJson));
    }
  }

  setAll(obj: Readonly<Record<string, JsonValue>>): void {
    for (const [k, v] of Object.entries(obj)) {
      if (RESERVED_KEYS.has(k)) continue;
      this.hasAny = true;
      this.values.set(k, v);
    }
  }

  /** The values as kept (setAll takes them back). */
  entries(): Record<string, JsonValue> {
    return Object.fromEntries(this.values);
  }

  toObject(): Record<string, ConfigValue> {
    const out: Record<string, ConfigValue> = {};
    for (const [k, v] of this.values) addSummary(out, k, v);
    return out;
  }
}

function addSummary(out: Record<string, ConfigValue>, name: string, v: JsonValue): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const type = v._type;
    if (typeof type === 'string') {
      out[name] = `<${type}>`;
      return;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) out[name] = '{}';
    for (const k of keys) addSummary(out, `${name}/${k}`, v[k] as JsonValue);
    return;
  }
  flattenConfig(v, name, out);
}
