import type { ImportRecord } from '../../../shared/importers/records';
import type { ResumeState } from '../../../shared/importers/records';
import { numberIn } from '../../../shared/importers/resume-state';
import type { TextFrom } from '../shared-text';
import { ABORT_CHECK_ROWS, jsonlLineWarning, readJsonl, RowProblems, SeriesCollector, splitLines, TEXT_START, textResumePoint } from '../shared-text';
import { parseTimedelta } from './duration';

/** Bookkeeping keys, not series: the step itself and the planned total (kept as config). */
const STEP_KEY = 'current_steps';
const TOTAL_KEY = 'total_steps';
/**
 * Durations LLaMA-Factory writes as Python `str(timedelta)` ("3 days, 17:51:32"). Parsed, they are a different
 * quantity from the source's string, so they get a unit in their name (`elapsed_time_seconds`); numeric keys keep
 * their names exactly.
 */
const DURATION_KEYS = new Set(['elapsed_time', 'remaining_time']);
export const durationSeriesName = (key: string) => `${key}_seconds`;

/**
 * One `trainer_log.jsonl`. Status: finished when the last logged step reached `total_steps`; otherwise unknown (the
 * log cannot tell a crash from a run still going or one that was stopped).
 *
 * `from`/`state`: a live file read on from where an earlier read stopped; `total_steps` is reported again only if it
 * changed, so a plain append stays an append.
 */
export function* parseTrainerLog(file: string, bytes: Uint8Array, signal: AbortSignal, from: TextFrom = TEXT_START, state?: ResumeState): Generator<ImportRecord> {
  const series = new SeriesCollector();
  const noStep = new RowProblems(file, `Rows without a numeric "${STEP_KEY}", skipped`);
  const warnings: ImportRecord[] = [];
  let lastStep: number | null = numberIn(state, 'lastStep');
  const totalBefore = numberIn(state, 'totalSteps');
  let totalSteps: number | null = totalBefore;
  let n = 0;
  let unfinished: { lineNo: number; offset: number } | null = null;
  const text = splitLines(bytes, from);
  for (const entry of readJsonl(text)) {
    if (n++ % ABORT_CHECK_ROWS === 0 && signal.aborted) return;
    if (entry.kind === 'bad') {
      if (entry.isTail) unfinished = entry;
      warnings.push(jsonlLineWarning(file, entry));
      continue;
    }
    const row = entry.value;
    const step = row[STEP_KEY];
    if (typeof step !== 'number') {
      noStep.add(entry);
      continue;
    }
    lastStep = step;
    const total = row[TOTAL_KEY];
    if (typeof total === 'number') totalSteps = total;
    for (const [key, raw] of Object.entries(row)) {
      if (key === STEP_KEY || key === TOTAL_KEY) continue;
      if (typeof raw === 'number') series.push(key, step, raw);
      else if (typeof raw === 'string' && DURATION_KEYS.has(key)) {
        const seconds = parseTimedelta(raw);
        if (seconds !== null) series.push(durationSeriesName(key), step, seconds);
      }
    }
  }
  yield* series.records();
  if (totalSteps !== null && totalSteps !== totalBefore) yield { kind: 'config', origin: 'trainer_log', entries: { [TOTAL_KEY]: totalSteps } };
  yield { kind: 'run-meta', status: lastStep !== null && totalSteps !== null && lastStep === totalSteps ? 'finished' : 'unknown' };
  const skipped = noStep.warning();
  if (skipped) yield skipped;
  yield* warnings;
  yield textResumePoint(file, text, from, bytes.length, unfinished, { lastStep, totalSteps });
}
