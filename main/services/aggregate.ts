import type { AggregateBundle, AggregateGroup, AggregateQuery } from '../../shared/domain/aggregate';
import { meanCi95 } from '../../shared/analysis/student-t';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { LibraryService } from './library';

/**
 * Grouped runs as one line with a band (W&B's "group by", with an honest interval): per x bucket, each run contributes
 * the mean of its finite points there; the group's line is the mean over runs and the band either the 95 % Student-t
 * interval of that mean or the runs' min–max. All groups share one x range, so their buckets line up.
 */
export class AggregateService {
  constructor(
    private readonly engine: Engine,
    private readonly library: LibraryService,
  ) {}

  async query(q: AggregateQuery): Promise<AggregateBundle> {
    const perGroup = await Promise.all(
      q.groups.map(async (g) => {
        const ids = await this.library.metricIds(g.runIds, q.metric);
        return { name: g.name, ids: [...ids.values()].map((m) => String(m.id)) };
      }),
    );
    const all = perGroup.flatMap((g) => g.ids);
    if (all.length === 0) return { metric: q.metric, band: q.band, groups: perGroup.map((g) => empty(g.name)) };
    const [range] = await this.engine.all(Q.seriesGroupRange, [all]);
    const lo = q.stepMin ?? range?.lo ?? null;
    const hi = q.stepMax ?? range?.hi ?? null;
    if (lo === null || hi === null) return { metric: q.metric, band: q.band, groups: perGroup.map((g) => empty(g.name)) };
    const width = Math.max(hi - lo, 0) / q.buckets;
    const groups: AggregateGroup[] = [];
    for (const g of perGroup) {
      if (g.ids.length === 0) {
        groups.push(empty(g.name));
        continue;
      }
      const rows = await this.engine.columns(Q.seriesGroupBuckets, [g.ids, lo, hi, q.buckets]);
      const out: AggregateGroup = { name: g.name, runCount: g.ids.length, steps: [], mean: [], lo: [], hi: [], n: [] };
      (rows.b ?? []).forEach((b, i) => {
        const mean = rows.mean[i] as number;
        const n = rows.n[i] as number;
        const band = q.band === 'minmax' ? { lo: rows.lo[i] as number, hi: rows.hi[i] as number } : meanCi95(mean, rows.sd[i] ?? Number.NaN, n);
        // The bucket's centre: groups logged on different step grids still line up.
        out.steps.push(width > 0 ? lo + (b + 0.5) * width : lo);
        out.mean.push(mean);
        out.lo.push(band.lo);
        out.hi.push(band.hi);
        out.n.push(n);
      });
      groups.push(out);
    }
    return { metric: q.metric, band: q.band, groups };
  }
}

function empty(name: string): AggregateGroup {
  return { name, runCount: 0, steps: [], mean: [], lo: [], hi: [], n: [] };
}
