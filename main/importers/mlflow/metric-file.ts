import type { ImportRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import { decodeUtf8 } from '../../../shared/util/protobuf';

/** `value` as MLflow writes it: Python's repr of a float (`nan`, `inf`, `-inf` included). */
function num(t: string): number {
  const low = t.toLowerCase();
  if (low === 'nan') return Number.NaN;
  if (low === 'inf' || low === 'infinity') return Number.POSITIVE_INFINITY;
  if (low === '-inf' || low === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number(t);
}

/**
 * One metric file: a line per logged value, `timestamp_ms value step` (old stores omit the step: 0). A last line
 * without its newline is still being written (or was cut by a crash) and is not read.
 */
export function* parseMetricFile(file: string, metric: string, bytes: Uint8Array): Generator<ImportRecord> {
  const text = decodeUtf8(bytes);
  const steps = new GrowableF64();
  const values = new GrowableF64();
  const walls = new GrowableF64();
  const lines = text.split('\n');
  const partial = lines.pop() ?? '';
  let bad = 0;
  let firstBad = 0;
  for (let i = 0; i < lines.length; i++) {
    const parts = (lines[i] as string).trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    const ts = Number(parts[0]);
    const value = num(parts[1] ?? '');
    const step = parts[2] === undefined ? 0 : Number(parts[2]);
    if (parts.length < 2 || Number.isNaN(ts) || Number.isNaN(step) || (Number.isNaN(value) && (parts[1] ?? '').toLowerCase() !== 'nan')) {
      if (bad++ === 0) firstBad = i + 1;
      continue;
    }
    steps.push(step);
    values.push(value);
    walls.push(ts / 1000);
  }
  if (steps.length > 0) yield { kind: 'scalars', metric, steps: steps.view(), values: values.view(), wallTimesSec: walls.view() };
  if (bad > 0) yield { kind: 'warning', file, offset: null, message: `${bad} malformed lines skipped (first at line ${firstBad}).` };
  if (partial.trim() !== '') {
    // From the bytes: re-encoding the decoded text miscounts invalid UTF-8 (one U+FFFD per bad sequence) and a BOM.
    const offset = bytes.lastIndexOf(0x0a) + 1;
    yield { kind: 'warning', file, offset, message: `Line ${lines.length + 1} (byte ${offset}) has no newline: still being written, or cut by a crash. It was not read.` };
  }
}
