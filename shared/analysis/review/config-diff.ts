import type { ConfigScalar, RunConfigEntry } from '../../domain/run-config';

/**
 * Side-by-side config of 2–4 runs or checkpoints (issue 8 §1): one row per flattened key, one value per run (absent
 * when the run has no such key), marked when the runs disagree. A key several files of one run hold (trainer args and
 * TensorBoard hparams) shows the first origin's value, and the row says which origins it came from.
 */

export interface ConfigDiffRow {
  readonly key: string;
  /** Where the values came from (hparams, trainer_state, config.yaml…), distinct, in first-seen order. */
  readonly origins: readonly string[];
  /** One per run, in the order asked; undefined = the run has no such key. */
  readonly values: readonly (ConfigScalar | undefined)[];
  readonly isDifferent: boolean;
}

const same = (a: ConfigScalar | undefined, b: ConfigScalar | undefined) => a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

export function configDiff(runIds: readonly string[], entries: readonly RunConfigEntry[]): ConfigDiffRow[] {
  const col = new Map(runIds.map((id, i) => [id, i]));
  const rows = new Map<string, { origins: string[]; values: (ConfigScalar | undefined)[] }>();
  for (const e of entries) {
    const i = col.get(e.runId);
    if (i === undefined) continue;
    const row = rows.get(e.key) ?? { origins: [], values: runIds.map(() => undefined) };
    if (!row.origins.includes(e.origin)) row.origins.push(e.origin);
    if (row.values[i] === undefined) row.values[i] = e.value;
    rows.set(e.key, row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, r]) => ({ key, origins: r.origins, values: r.values, isDifferent: r.values.some((v) => !same(v, r.values[0])) }));
}

/** How a value reads in the table: strings as they are, the rest as JSON; absent as an em dash. */
export function configText(v: ConfigScalar | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Keys of the metrics a checkpoint had reached at its step (`metrics.loss`), after the config keys they sit among. */
export const METRIC_KEY_PREFIX = 'metrics.';

/** A metric value as a config value: NaN and ±Infinity are kept as text (JSON numbers cannot hold them). */
export function configNumber(v: number): ConfigScalar {
  return Number.isFinite(v) ? v : String(v);
}
