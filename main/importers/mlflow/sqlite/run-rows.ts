import type { Database, SqlValue } from 'sql.js';
import type { ConfigValue, ScalarBatchRecord } from '../../../../shared/importers/records';
import { GrowableF64 } from '../../../../shared/util/growable';
import { selectRows } from './store';

/** The stand-in MLflow's SQL store writes for ±infinity (it clamps to the largest double; the file store keeps `inf`). */
const CLAMPED_INF = Number.MAX_VALUE;

interface Series {
  steps: GrowableF64;
  values: GrowableF64;
  walls: GrowableF64;
}

export interface RunRows {
  /** The `runs` row: null when the run is not (or no longer) in the file. */
  readonly run: { name: SqlValue; status: SqlValue; startTime: SqlValue; endTime: SqlValue } | null;
  readonly series: ScalarBatchRecord[];
  readonly params: Record<string, ConfigValue>;
  readonly tags: Record<string, ConfigValue>;
  /** What the engine reported while reading, per table. */
  readonly errors: string[];
}

function metricValue(value: SqlValue, isNan: SqlValue): number | null {
  if (isNan === 1 || isNan === '1' || isNan === 'true') return Number.NaN; // stored as value 0 beside is_nan = 1
  if (typeof value !== 'number') return null;
  if (value === CLAMPED_INF) return Number.POSITIVE_INFINITY;
  if (value === -CLAMPED_INF) return Number.NEGATIVE_INFINITY;
  return value;
}

function keyValues(rows: SqlValue[][]): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, value] of rows) if (typeof key === 'string') out[key] = typeof value === 'string' || typeof value === 'number' ? value : null;
  return out;
}

/**
 * Everything one run has in the store. Metric points keep insertion order (rowid), as the file store keeps line order:
 * a step that goes back (a resumed run logging again) stays where it was logged, and a file cut short loses a tail.
 */
export function readRunRows(db: Database, runUuid: string): RunRows {
  const errors: string[] = [];
  const note = (table: string, error: string | null) => {
    if (error !== null) errors.push(`${table}: ${error}`);
  };

  const runQ = selectRows(db, 'SELECT name, status, start_time, end_time FROM runs WHERE run_uuid = ?', [runUuid]);
  note('runs', runQ.error);
  const r = runQ.rows[0];
  const run = r ? { name: r[0] ?? null, status: r[1] ?? null, startTime: r[2] ?? null, endTime: r[3] ?? null } : null;

  const metricQ = selectRows(db, 'SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? ORDER BY rowid', [runUuid]);
  note('metrics', metricQ.error);
  const byKey = new Map<string, Series>();
  for (const [key, value, timestamp, step, isNan] of metricQ.rows) {
    const v = metricValue(value ?? null, isNan ?? null);
    if (typeof key !== 'string' || v === null) continue;
    let s = byKey.get(key);
    if (!s) {
      s = { steps: new GrowableF64(), values: new GrowableF64(), walls: new GrowableF64() };
      byKey.set(key, s);
    }
    s.steps.push(typeof step === 'number' ? step : 0);
    s.values.push(v);
    s.walls.push(typeof timestamp === 'number' ? timestamp / 1000 : Number.NaN);
  }
  const series = [...byKey].map(([metric, s]): ScalarBatchRecord => ({ kind: 'scalars', metric, steps: s.steps.view(), values: s.values.view(), wallTimesSec: s.walls.view() }));

  const paramQ = selectRows(db, 'SELECT key, value FROM params WHERE run_uuid = ? ORDER BY rowid', [runUuid]);
  note('params', paramQ.error);
  const tagQ = selectRows(db, 'SELECT key, value FROM tags WHERE run_uuid = ? ORDER BY rowid', [runUuid]);
  note('tags', tagQ.error);
  return { run, series, params: keyValues(paramQ.rows), tags: keyValues(tagQ.rows), errors };
}
