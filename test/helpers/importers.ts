import type { Importer, RunSource } from '../../shared/importers/importer';
import type { ImportRecord, ScalarBatchRecord } from '../../shared/importers/records';

/** An in-memory RunSource over named byte arrays. */
export function memorySource(files: Record<string, Uint8Array | string>, relPath = ''): RunSource {
  const enc = new TextEncoder();
  return {
    relPath,
    files: Object.keys(files),
    async readFile(rel) {
      const v = files[rel];
      if (v === undefined) throw new Error(`ENOENT: ${rel}`);
      return typeof v === 'string' ? enc.encode(v) : v;
    },
  };
}

export async function collect(importer: Importer, src: RunSource): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  for await (const r of importer.parse(src, new AbortController().signal)) out.push(r);
  return out;
}

/** Points per series, batches merged in order. */
export function seriesOf(records: readonly ImportRecord[]): Map<string, { steps: number[]; values: number[] }> {
  const out = new Map<string, { steps: number[]; values: number[] }>();
  for (const r of records.filter((x): x is ScalarBatchRecord => x.kind === 'scalars')) {
    const s = out.get(r.metric) ?? { steps: [], values: [] };
    s.steps.push(...r.steps);
    s.values.push(...r.values);
    out.set(r.metric, s);
  }
  return out;
}
