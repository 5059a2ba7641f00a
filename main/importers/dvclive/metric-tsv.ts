import type { ImportRecord } from '../../../shared/importers/records';
import { ABORT_CHECK_ROWS, parseNumberCell, readDelimited, RowProblems, SeriesCollector, splitLines, unfinishedLineWarning } from '../shared-text';

const STEP = 'step';
const TIMESTAMP = 'timestamp';

/**
 * One `plots/metrics/<name>.tsv`: a header, then `step<TAB>value` rows, or `timestamp<TAB>step<TAB>value` (older
 * DVCLive always, newer with `timestamp=True`; milliseconds since the epoch). The value column is named by the
 * metric's basename only, so it is found as "the column that is neither step nor timestamp" and the series is named
 * from the path. A row without a step number takes its row index (no value is dropped).
 */
export function* parseMetricTsv(file: string, metric: string, bytes: Uint8Array, signal: AbortSignal): Generator<ImportRecord> {
  const { header, rows, incomplete } = readDelimited(splitLines(bytes), '\t');
  if (header !== null) {
    const names = header.map((h) => h.trim());
    const stepIdx = names.indexOf(STEP);
    const timeIdx = names.indexOf(TIMESTAMP);
    const valueIdx = names.findIndex((_, i) => i !== stepIdx && i !== timeIdx);
    if (valueIdx < 0) {
      yield { kind: 'warning', file, offset: 0, message: `The header has no value column (only "${names.join('", "')}"); nothing was read.` };
    } else {
      const series = new SeriesCollector(timeIdx >= 0);
      const noValue = new RowProblems(file, 'Rows without a number in the value column, skipped');
      for (let r = 0; r < rows.length; r++) {
        if (r % ABORT_CHECK_ROWS === 0 && signal.aborted) return;
        const row = rows[r] as (typeof rows)[number];
        const value = parseNumberCell(row.cells[valueIdx] ?? '');
        if (value === null) {
          noValue.add(row);
          continue;
        }
        const step = stepIdx >= 0 ? (parseNumberCell(row.cells[stepIdx] ?? '') ?? r) : r;
        const ms = timeIdx >= 0 ? parseNumberCell(row.cells[timeIdx] ?? '') : null;
        series.push(metric, step, value, ms === null ? Number.NaN : ms / 1000);
      }
      yield* series.records();
      const w = noValue.warning();
      if (w) yield w;
    }
  }
  if (incomplete) yield unfinishedLineWarning(file, incomplete);
}
