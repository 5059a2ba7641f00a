import { describe, expect, it } from 'vitest';
import type { AggregateLine } from '../../../renderer/charts/options/aggregate-lines';
import { aggregateSeries, drawnGroupCount, groupReadingsAt, groupTooltipHtml } from '../../../renderer/charts/options/aggregate-lines';
import type { CurveRun } from '../../../renderer/charts/options/curves';
import { buildCurveOption, LIGHT_COLORS } from '../../../renderer/charts/options/curves';
import { raw } from './fixtures';

const EVIL = '<img src=x onerror=alert(1)>';
const g1: AggregateLine = { name: 'lr=0.001', color: '#0072B2', runCount: 3, steps: [0, 10, 20], mean: [3, 2, 1], lo: [2.5, 1.5, 0.5], hi: [3.5, 2.5, 1.5], n: [3, 3, 2] };
const g2: AggregateLine = { name: EVIL, color: '#E69F00', runCount: 1, steps: [10, 20], mean: [5, 4], lo: [5, 4], hi: [5, 4], n: [1, 1] };
const empty: AggregateLine = { name: 'none', color: '#009E73', runCount: 0, steps: [], mean: [], lo: [], hi: [], n: [] };

interface SeriesView {
  id: string;
  data: [number, number | null][];
  stack?: string;
  areaStyle?: unknown;
  lineStyle?: { width?: number; color?: string };
}
const view = (s: unknown) => s as SeriesView[];

describe('group lines with bands', () => {
  it('draws per group a band (lower edge + stacked width) and a thick mean line; empty groups draw nothing', () => {
    const s = view(aggregateSeries([g1, empty, g2]));
    expect(drawnGroupCount([g1, empty, g2])).toBe(2);
    expect(s.map((x) => x.id)).toEqual(['group-band-lo:0', 'group-band:0', 'group-mean:0', 'group-band-lo:2', 'group-band:2', 'group-mean:2']);
    const [lo, width, mean] = s;
    expect(lo?.data).toEqual([[0, 2.5], [10, 1.5], [20, 0.5]]);
    expect(width?.data).toEqual([[0, 1], [10, 1], [20, 1]]);
    expect(lo?.stack).toBe(width?.stack);
    expect(width?.areaStyle).toBeDefined();
    expect(mean?.data).toEqual([[0, 3], [10, 2], [20, 1]]);
    expect(mean?.lineStyle?.width).toBeGreaterThan(1.5);
  });

  it('leaves values a log axis cannot place as gaps', () => {
    const neg: AggregateLine = { ...g1, lo: [-1, 1.5, 0.5] };
    const [lo, width] = view(aggregateSeries([neg], true));
    expect(lo?.data[0]).toEqual([0, null]);
    expect(width?.data[0]).toEqual([0, null]);
  });

  it('reads each group at the cursor (nearest bucket, only within its range) and escapes names', () => {
    const r = groupReadingsAt(12, [g1, g2]);
    expect(r.map((x) => [x.name, x.mean, x.lo, x.hi, x.n])).toEqual([
      ['lr=0.001', 2, 1.5, 2.5, 3],
      [EVIL, 5, 5, 5, 1],
    ]);
    expect(groupReadingsAt(5, [g2])).toEqual([]);
    const html = groupTooltipHtml(r, 'ci95');
    expect(html).toContain('95 % CI 1.5 … 2.5');
    expect(html).not.toContain('<img');
    expect(groupTooltipHtml(r, 'minmax')).toContain('min–max');
  });

  it('buildCurveOption adds the group lines and hides the runs when asked, and the tooltip lists groups', () => {
    const runs = new Map<string, CurveRun>([['a', { id: 'a', name: 'run-a', color: '#CC79A7' }]]);
    const series = [raw('a', [0, 10, 20], [3, 2, 1])];
    const base = { metric: 'loss', series, runs, extent: null, zoom: null, colors: LIGHT_COLORS };
    const ids = (o: ReturnType<typeof buildCurveOption>) => view(o.series).map((s) => s.id);
    const hidden = buildCurveOption({ ...base, aggregates: { lines: [g1], band: 'ci95', hideRuns: true } });
    expect(ids(hidden)).toEqual(['group-band-lo:0', 'group-band:0', 'group-mean:0']);
    const shown = buildCurveOption({ ...base, aggregates: { lines: [g1], band: 'minmax', hideRuns: false } });
    expect(ids(shown)).toContain('line:a');
    expect(ids(shown)).toContain('group-mean:0');
    expect(ids(buildCurveOption(base))).not.toContain('group-mean:0');
    const fmt = (o: ReturnType<typeof buildCurveOption>) => (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    const hiddenHtml = fmt(hidden)([{ axisValue: 10 }]);
    expect(hiddenHtml).toContain('lr=0.001');
    expect(hiddenHtml).not.toContain('run-a');
    const shownHtml = fmt(shown)([{ axisValue: 10 }]);
    expect(shownHtml).toContain('lr=0.001');
    expect(shownHtml).toContain('run-a');
    expect(shownHtml.indexOf('lr=0.001')).toBeLessThan(shownHtml.indexOf('run-a'));
  });
});
