import type { DirNode, Importer, RunSource } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseTolerantJson } from '../../../shared/util/tolerant-json';
import { parseTimedelta } from './duration';

const LOG = 'trainer_log.jsonl';
/** Bookkeeping keys, not series: the step itself and the planned total. */
const NOT_SERIES = new Set(['current_steps', 'total_steps']);
/** Durations LLaMA-Factory writes as Python timedelta strings; kept as series in seconds under the same name. */
const DURATIONS = new Set(['elapsed_time', 'remaining_time']);

/**
 * LLaMA-Factory's `trainer_log.jsonl` (one JSON object per log step; step = `current_steps`). When the folder also
 * holds a `trainer_state.json`, the HF Trainer importer reads that run (same steps, more keys) and this one stays out.
 */
export const llamaFactoryImporter: Importer = {
  id: 'llama-factory',
  version: 1,

  async detect(dir: DirNode) {
    const has = (n: string) => dir.files.some((f) => f.name === n);
    if (!has(LOG) || has('trainer_state.json')) return null;
    return { confidence: 0.9, files: [joinRel(dir.relPath, LOG)] };
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      yield* parseLog(file, decodeUtf8(bytes));
    }
  },
};

function* parseLog(file: string, text: string): Generator<ImportRecord> {
  const series = new Map<string, { steps: GrowableF64; values: GrowableF64 }>();
  let lastStep: number | null = null;
  let totalSteps: number | null = null;
  let offset = 0;
  let lineNo = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    lineNo++;
    const start = offset;
    offset += new TextEncoder().encode(line).length + 1;
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1; // no newline after it: maybe still being written
    let row: unknown;
    try {
      row = parseTolerantJson(line);
    } catch {
      yield {
        kind: 'warning',
        file,
        offset: start,
        message: isLast ? `Line ${lineNo} (byte ${start}) is incomplete: still being written, or cut by a crash. It was not read.` : `Line ${lineNo} (byte ${start}) is not valid JSON; skipped.`,
      };
      continue;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    const r = row as Record<string, unknown>;
    const step = typeof r.current_steps === 'number' ? r.current_steps : null;
    if (step === null) continue;
    lastStep = step;
    if (typeof r.total_steps === 'number') totalSteps = r.total_steps;
    for (const [key, raw] of Object.entries(r)) {
      if (NOT_SERIES.has(key)) continue;
      const value = typeof raw === 'number' ? raw : DURATIONS.has(key) && typeof raw === 'string' ? parseTimedelta(raw) : null;
      if (value === null) continue;
      let s = series.get(key);
      if (!s) {
        s = { steps: new GrowableF64(), values: new GrowableF64() };
        series.set(key, s);
      }
      s.steps.push(step);
      s.values.push(value);
    }
  }
  for (const [metric, s] of series) yield { kind: 'scalars', metric, steps: s.steps.view(), values: s.values.view(), wallTimesSec: null };
  if (totalSteps !== null) yield { kind: 'config', origin: 'trainer_log', entries: { total_steps: totalSteps } };
  yield { kind: 'run-meta', status: lastStep !== null && totalSteps !== null && lastStep >= totalSteps ? 'finished' : 'unknown' };
}
