import type { RunSummary } from '../../../shared/domain/run';

export type SortKey = 'name' | 'format' | 'status' | 'lastStep' | 'lastLoss' | 'span' | 'warnings';
export interface Sort {
  readonly key: SortKey;
  readonly dir: 1 | -1;
}

export function spanOf(r: RunSummary): number | null {
  return r.wallStartSec !== null && r.wallEndSec !== null ? r.wallEndSec - r.wallStartSec : null;
}

function keyOf(r: RunSummary, k: SortKey): string | number | null {
  switch (k) {
    case 'name':
      return r.name.toLowerCase();
    case 'format':
      return r.format;
    case 'status':
      return r.status;
    case 'lastStep':
      return r.lastStep;
    case 'lastLoss':
      return r.lastLoss?.value ?? null;
    case 'span':
      return spanOf(r);
    case 'warnings':
      return r.warningCount;
  }
}

/** Filter (case-insensitive substring of name or path, or a /regex/) then sort; missing values sort last. */
export function visibleRuns(runs: readonly RunSummary[], filter: string, sort: Sort): RunSummary[] {
  const f = filter.trim();
  let match: (s: string) => boolean = () => true;
  if (f.startsWith('/') && f.endsWith('/') && f.length > 2) {
    try {
      const re = new RegExp(f.slice(1, -1), 'i');
      match = (s) => re.test(s);
    } catch {
      match = () => false;
    }
  } else if (f !== '') {
    const low = f.toLowerCase();
    match = (s) => s.toLowerCase().includes(low);
  }
  return runs
    .filter((r) => match(r.name) || match(r.path))
    .sort((a, b) => {
      const x = keyOf(a, sort.key);
      const y = keyOf(b, sort.key);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sort.dir;
    });
}
