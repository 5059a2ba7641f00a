import type { WarningRecord } from '../../../shared/importers/records';
import type { JsonObject, JsonValue } from '../../../shared/util/tolerant-json';
import { completeElements } from '../../../shared/util/tolerant-json';
import { readJsonFile } from './json-file';

/** One trainer_state.json, read as far as it goes. */
export interface StateFile {
  readonly file: string;
  /** Top-level fields except log_history; of a damaged file, those complete before the damage. */
  readonly fields: JsonObject;
  /** log_history rows in file order; of a damaged file, every row written in full before the damage. */
  readonly rows: readonly JsonValue[];
  /** `global_step`, else the last row's step (a damaged file may stop before global_step); null when neither. */
  readonly globalStep: number | null;
  readonly isDamaged: boolean;
  readonly warnings: readonly WarningRecord[];
}

const LOG_HISTORY = 'log_history';

export function readStateFile(file: string, bytes: Uint8Array): StateFile {
  const { salvage, damage } = readJsonFile(bytes);
  const root = salvage.value;
  const warnings: WarningRecord[] = [];
  if (root === undefined || root === null || typeof root !== 'object' || Array.isArray(root)) {
    const what = damage ? `Damaged JSON: ${damage.description}` : 'The file is JSON but not an object';
    warnings.push({ kind: 'warning', file, offset: damage?.byteOffset ?? null, message: `${what}; no trainer state could be read from it.` });
    return { file, fields: {}, rows: [], globalStep: null, isDamaged: true, warnings };
  }

  const rows = completeElements(salvage, [LOG_HISTORY]) ?? [];
  const fields: JsonObject = {};
  for (const key of Object.keys(root)) {
    // A field the damage cut through is partial: keep only complete ones.
    if (key !== LOG_HISTORY && !(salvage.cut !== null && salvage.cut[0] === key)) fields[key] = root[key] as JsonValue;
  }
  if (damage) {
    warnings.push({
      kind: 'warning',
      file,
      offset: damage.byteOffset,
      message: `Damaged JSON: ${damage.description}. Kept the ${rows.length} complete log_history rows before it.`,
    });
  } else if (!Array.isArray(root[LOG_HISTORY])) {
    warnings.push({ kind: 'warning', file, offset: null, message: 'This trainer_state.json has no log_history list: no series to read.' });
  }
  return { file, fields, rows, globalStep: globalStepOf(fields, rows), isDamaged: damage !== null, warnings };
}

function globalStepOf(fields: JsonObject, rows: readonly JsonValue[]): number | null {
  const gs = fields.global_step;
  if (typeof gs === 'number' && Number.isFinite(gs)) return gs;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    if (row !== null && typeof row === 'object' && !Array.isArray(row) && typeof row.step === 'number' && Number.isFinite(row.step)) return row.step;
  }
  return null;
}
