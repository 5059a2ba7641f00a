import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseTolerantJson, salvageArray, TolerantJsonError } from '../../../shared/util/tolerant-json';

export interface StateFile {
  readonly file: string;
  readonly state: Record<string, unknown>;
  readonly logHistory: unknown[];
  readonly globalStep: number;
  /** Set when the file was damaged and only a prefix of log_history was recovered. */
  readonly problem: { offset: number | null; message: string } | null;
}

/** Parses a trainer_state.json; a damaged file yields the complete log_history rows before the damage. */
export function readStateFile(file: string, bytes: Uint8Array): StateFile {
  const text = decodeUtf8(bytes);
  try {
    const v = parseTolerantJson(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      return { file, state: {}, logHistory: [], globalStep: -1, problem: { offset: null, message: 'trainer_state.json does not hold a JSON object.' } };
    }
    const state = v as Record<string, unknown>;
    const logHistory = Array.isArray(state.log_history) ? state.log_history : [];
    return { file, state, logHistory, globalStep: stepOf(state, logHistory), problem: null };
  } catch (err) {
    const { items, stoppedAt } = salvageArray(text, 'log_history');
    const byteOffset = new TextEncoder().encode(text.slice(0, stoppedAt)).length;
    const why = err instanceof TolerantJsonError ? err.message : String(err);
    return {
      file,
      state: {},
      logHistory: items,
      globalStep: stepOf({}, items),
      problem: { offset: byteOffset, message: `Damaged JSON (${why}); kept the ${items.length} complete log_history rows before byte ${byteOffset}.` },
    };
  }
}

function stepOf(state: Record<string, unknown>, rows: readonly unknown[]): number {
  if (typeof state.global_step === 'number') return state.global_step;
  const last = rows[rows.length - 1] as Record<string, unknown> | undefined;
  return typeof last?.step === 'number' ? last.step : -1;
}
