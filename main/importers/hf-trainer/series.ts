import type { ScalarBatchRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import type { JsonValue } from '../../../shared/util/tolerant-json';

export interface RowSeries {
  /** One record per key, in order of first appearance; points in row order. */
  readonly series: ScalarBatchRecord[];
  /** Rows that are not objects or have no finite `step`, so cannot be placed on the step axis. */
  readonly skippedRows: number;
}

/**
 * log_history rows → series named exactly as the file names them (`loss`, `eval_loss`, `rewards/margins`,
 * `train_runtime`, `epoch`…). Every numeric value, NaN and ±Infinity included, is a point at the row's `step`:
 * a NaN loss is a finding, not noise. `null` (TRL's "no samples this interval") and strings give no point.
 */
export function seriesFromRows(rows: readonly JsonValue[]): RowSeries {
  const byKey = new Map<string, { steps: GrowableF64; values: GrowableF64 }>();
  let skippedRows = 0;
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      skippedRows++;
      continue;
    }
    const step = row.step;
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      skippedRows++;
      continue;
    }
    for (const key of Object.keys(row)) {
      const value = row[key];
      if (key === 'step' || typeof value !== 'number') continue;
      let s = byKey.get(key);
      if (!s) {
        s = { steps: new GrowableF64(Math.min(rows.length, 1024)), values: new GrowableF64(Math.min(rows.length, 1024)) };
        byKey.set(key, s);
      }
      s.steps.push(step);
      s.values.push(value);
    }
  }
  const series: ScalarBatchRecord[] = [];
  for (const [metric, s] of byKey) series.push({ kind: 'scalars', metric, steps: s.steps.view(), values: s.values.view(), wallTimesSec: null });
  return { series, skippedRows };
}
