import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** lm-eval numbers read straight from the JSON with JSON.parse, independently of the importer (tests compare the two). */
export interface Raw {
  value: number;
  stderr: number | null;
}
export const keyOf = (task: string, metric: string, filter: string) => `${task}|${metric}|${filter}`;

/** Every "<metric>,<filter>" number of every results.<task> in a folder's JSON files, with its "<metric>_stderr,<filter>". */
export function rawResults(dir: string): Map<string, Raw> {
  const out = new Map<string, Raw>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { results: Record<string, Record<string, unknown>> };
    for (const [task, entries] of Object.entries(doc.results)) {
      for (const [k, v] of Object.entries(entries)) {
        const comma = k.indexOf(',');
        if (comma < 0 || typeof v !== 'number') continue;
        const metric = k.slice(0, comma);
        const filter = k.slice(comma + 1);
        if (metric.endsWith('_stderr')) continue;
        const se = entries[`${metric}_stderr,${filter}`];
        out.set(keyOf(task, metric, filter), { value: v, stderr: typeof se === 'number' ? se : null });
      }
    }
  }
  return out;
}

