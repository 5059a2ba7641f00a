import type { RunSummary, Source } from '../../../shared/domain/run';
import { compareNatural } from '../../components/compare';
import { compileTextMatcher } from '../../components/text-match';
import type { RunSort, RunSortKey } from '../../state/view-slice';

export function spanOf(r: RunSummary): number | null {
  return r.wallStartSec !== null && r.wallEndSec !== null && r.wallEndSec >= r.wallStartSec ? r.wallEndSec - r.wallStartSec : null;
}

function keyOf(r: RunSummary, k: RunSortKey): string | number | null {
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
  }
}

/** A run filter: case-insensitive words that must all appear in the name or path, or a `/regex/` (text-match.ts). */
export function runMatcher(filter: string): (r: RunSummary) => boolean {
  const m = compileTextMatcher(filter);
  if (m.kind === 'words') return (r) => m.test(`${r.name}\n${r.path}`);
  return (r) => m.test(r.name) || m.test(r.path);
}

/** Why the filter matches nothing by construction (a broken or refused regex), for an inline message; else null. */
export function runFilterError(filter: string): string | null {
  const m = compileTextMatcher(filter);
  return m.ok ? null : m.error;
}

/** Filter, then sort (stable; missing values last in both directions, ties in the host's order). */
export function visibleRuns(runs: readonly RunSummary[], filter: string, sort: RunSort): RunSummary[] {
  const match = runMatcher(filter);
  return runs
    .filter(match)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = keyOf(a.r, sort.key);
      const y = keyOf(b.r, sort.key);
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        const c = typeof x === 'string' && typeof y === 'string' ? compareNatural(x, y) : x < y ? -1 : 1;
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
