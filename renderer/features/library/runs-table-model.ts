import type { RunSummary, Source } from '../../../shared/domain/run';
import { compileTextMatcher } from '../../components/text-match';
import type { RunSort, RunSortKey } from '../../state/view-slice';
import type { CellValue, ColumnData, ExtraColumn } from './run-columns';
import { columnValue, compareCells, EMPTY_COLUMN_DATA, formatCell, parseColumnId } from './run-columns';

/** The columns the user added and what they read; absent = none. */
export interface ExtraColumns {
  readonly columns: readonly ExtraColumn[];
  readonly data: ColumnData;
}

export function spanOf(r: RunSummary): number | null {
  return r.wallStartSec !== null && r.wallEndSec !== null && r.wallEndSec >= r.wallStartSec ? r.wallEndSec - r.wallStartSec : null;
}

function keyOf(r: RunSummary, k: RunSortKey, data: ColumnData): CellValue {
  switch (k) {
    case 'name':
      return r.name;
    case 'format':
      return r.format;
    case 'status':
      return r.status;
    case 'lastStep':
      return r.lastStep;
    case 'lastLoss': {
      const v = r.lastLoss?.value;
      return v === null || v === undefined || Number.isNaN(v) ? null : v;
    }
    case 'span':
      return spanOf(r);
    case 'warnings':
      return r.warningCount;
    default: {
      const c = parseColumnId(k);
      return c === null ? null : columnValue(r.id, c, data);
    }
  }
}

/**
 * A run filter: case-insensitive words that must all appear in the name, the path or a shown extra column's value,
 * or a `/regex/` (text-match.ts) matching one of them.
 */
export function runMatcher(filter: string, extra?: ExtraColumns): (r: RunSummary) => boolean {
  const m = compileTextMatcher(filter);
  const cells = (r: RunSummary): string[] => (extra ? extra.columns.map((c) => formatCell(columnValue(r.id, c, extra.data))).filter((t) => t !== '') : []);
  if (m.kind === 'words') return (r) => m.test([r.name, r.path, ...cells(r)].join('\n'));
  return (r) => m.test(r.name) || m.test(r.path) || cells(r).some((t) => m.test(t));
}

/** Why the filter matches nothing by construction (a broken or refused regex), for an inline message; else null. */
export function runFilterError(filter: string): string | null {
  const m = compileTextMatcher(filter);
  return m.ok ? null : m.error;
}

/** Filter, then sort (stable; missing values last in both directions, ties in the host's order). */
export function visibleRuns(runs: readonly RunSummary[], filter: string, sort: RunSort, extra?: ExtraColumns): RunSummary[] {
  const match = runMatcher(filter, extra);
  const data = extra?.data ?? EMPTY_COLUMN_DATA;
  return runs
    .filter(match)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = keyOf(a.r, sort.key, data);
      const y = keyOf(b.r, sort.key, data);
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        const c = compareCells(x, y);
        if (c !== 0) return c * sort.dir;
      }
      return a.i - b.i;
    })
    .map((e) => e.r);
}

/** The run's folder on disk, for its tooltip: the source's path joined with the run's relative path. */
export function absoluteRunPath(run: RunSummary, source: Source | undefined): string {
  if (!source) return run.path === '' ? run.name : run.path;
  if (run.path === '') return source.path;
  const sep = source.path.includes('\\') && !source.path.includes('/') ? '\\' : '/';
  const root = source.path.endsWith(sep) ? source.path.slice(0, -1) : source.path;
  return `${root}${sep}${sep === '\\' ? run.path.replaceAll('/', '\\') : run.path}`;
}
