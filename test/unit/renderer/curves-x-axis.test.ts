import { describe, expect, it } from 'vitest';
import { curveTooltipFormatter, readingsAt, tooltipHtml } from '../../../renderer/charts/options/curve-tooltip';
import type { CurveOption, CurveOptionInput, CurveRun } from '../../../renderer/charts/options/curves';
import { LIGHT_COLORS, buildCurveOption, curveExtent } from '../../../renderer/charts/options/curves';
import { formatClock, formatDateTimeSec, formatXFull, formatXShort } from '../../../renderer/charts/options/x-format';
import { formatDateTime } from '../../../renderer/components/format';
import { queryKeys } from '../../../renderer/data/queries';
import { createAppStore } from '../../../renderer/state/store';
import type { RunSeries } from '../../../shared/domain/series';
import { pointPairs } from '../../../renderer/charts/options/line-points';
import { raw } from './fixtures';

const runs = new Map<string, CurveRun>([['a', { id: 'a', name: 'run a', color: '#336699' }]]);
const T0 = 1_763_629_200;
/** Steps 0–30; drawn at wall times T0 + 100·step; a NaN at step 10. */
const onWall: RunSeries = { ...raw('a', [0, 10, 20, 30], [3, null, 2, 1], [{ step: 10, x: T0 + 1000, kind: 'nan' }]), x: Float64Array.of(T0, T0 + 1000, T0 + 2000, T0 + 3000), missingX: 2 };

interface SeriesView {
  id: string;
  data: unknown[];
}
interface AxisView {
  name?: string;
  type?: string;
  min?: number;
  max?: number;
  axisLabel?: { formatter?: (v: number) => string };
}
const seriesOf = (o: CurveOption) => o.series as SeriesView[];
const xAxisOf = (o: CurveOption) => o.xAxis as AxisView;
const yAxisOf = (o: CurveOption) => o.yAxis as AxisView;

function build(over: Partial<CurveOptionInput> = {}): CurveOption {
  return buildCurveOption({ metric: 'loss', series: [onWall], runs, extent: null, zoom: null, colors: LIGHT_COLORS, x: { kind: 'wall' }, ...over });
}

describe('buildCurveOption on a wall-time axis', () => {
  const o = build();

  it('draws each point at its x, not its step', () => {
    const line = seriesOf(o).find((s) => s.id === 'line:a');
    expect(pointPairs(line?.data as unknown as Float64Array)).toEqual([
      [T0, 3],
      [T0 + 1000, null],
      [T0 + 2000, 2],
      [T0 + 3000, 1],
    ]);
    const markers = seriesOf(o).find((s) => s.id === 'nonfinite:a');
    expect((markers?.data[0] as { value: number[] }).value[0]).toBe(T0 + 1000);
  });

  it('names the axis and labels its ticks as times; the x range is the data\'s', () => {
    expect(xAxisOf(o).name).toBe('wall time');
    expect(xAxisOf(o).axisLabel?.formatter?.(T0)).toBe(formatXShort({ kind: 'wall' }, T0));
    expect(xAxisOf(o)).toMatchObject({ min: T0, max: T0 + 3000 });
    expect(curveExtent(null, [onWall])).toEqual({ min: T0, max: T0 + 3000 });
  });

  it('step stays the default axis, drawn at the steps', () => {
    const s = buildCurveOption({ metric: 'loss', series: [onWall], runs, extent: null, zoom: null, colors: LIGHT_COLORS, x: { kind: 'step' } });
    expect(xAxisOf(s).name).toBe('step');
    // Series asked for on steps carry no `x`: drawn at their steps.
    const plain = buildCurveOption({ metric: 'loss', series: [raw('a', [0, 10], [1, 2])], runs, extent: null, zoom: null, colors: LIGHT_COLORS });
    expect(pointPairs(seriesOf(plain).find((x) => x.id === 'line:a')?.data as unknown as Float64Array)).toEqual([
      [0, 1],
      [10, 2],
    ]);
  });

  it('names a metric axis after the metric', () => {
    expect(xAxisOf(build({ x: { kind: 'metric', metric: 'num_input_tokens_seen' } })).name).toBe('num_input_tokens_seen');
    expect(xAxisOf(build({ x: { kind: 'relative' } })).name).toBe('relative time');
  });

  it('the tooltip says the wall time at the cursor and each run\'s step there', () => {
    const fmt = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = fmt([{ axisValue: T0 + 2000 }]);
    expect(html).toContain(formatDateTimeSec(T0 + 2000));
    expect(html).toContain('@ step 20');
    const r = readingsAt(T0 + 900, [onWall], runs);
    expect(r[0]).toMatchObject({ step: 10, x: T0 + 1000, nonFinite: 'nan' });
    expect(curveTooltipFormatter('loss', [onWall], runs, { kind: 'relative' })([{ axisValue: 65 }])).toContain('1:05 since start');
    expect(tooltipHtml('loss', 2000, [], { kind: 'metric', metric: 'num_tokens' })).toContain('num_tokens 2,000');
  });
});

describe('log y and the outlier clip', () => {
  const spiky: RunSeries = raw('a', Array.from({ length: 200 }, (_, i) => i), Array.from({ length: 200 }, (_, i) => (i === 100 ? 500 : i === 50 ? -1 : 1 + i / 200)));

  it('log y: a log axis, and values <= 0 become gaps', () => {
    const o = buildCurveOption({ metric: 'loss', series: [spiky], runs, extent: null, zoom: null, colors: LIGHT_COLORS, logY: true });
    expect(yAxisOf(o).type).toBe('log');
    const line = pointPairs(seriesOf(o).find((s) => s.id === 'line:a')?.data as unknown as Float64Array);
    expect(line[50]).toEqual([50, null]);
    expect(line[51]).toEqual([51, 1 + 51 / 200]);
    expect(yAxisOf(buildCurveOption({ metric: 'loss', series: [spiky], runs, extent: null, zoom: null, colors: LIGHT_COLORS })).type).toBe('value');
  });

  it('clip: the y axis ends near the bulk of the data, not at the spike; off, the axis is left to ECharts', () => {
    const o = buildCurveOption({ metric: 'loss', series: [spiky], runs, extent: null, zoom: null, colors: LIGHT_COLORS, clipOutliers: true });
    const y = yAxisOf(o);
    expect(y.max).toBeDefined();
    expect(y.max as number).toBeLessThan(3);
    expect(y.min as number).toBeGreaterThan(0.9);
    const off = yAxisOf(buildCurveOption({ metric: 'loss', series: [spiky], runs, extent: null, zoom: null, colors: LIGHT_COLORS }));
    expect(off.max).toBeUndefined();
    expect(off.min).toBeUndefined();
  });

  it('clip keeps the NaN/Inf markers on the plot', () => {
    const withNan: RunSeries = { ...spiky, nonFinite: [{ step: 7, kind: 'nan' }, { step: 8, kind: '-inf' }] };
    const o = buildCurveOption({ metric: 'loss', series: [withNan], runs, extent: null, zoom: null, colors: LIGHT_COLORS, clipOutliers: true });
    const y = yAxisOf(o);
    const markers = seriesOf(o).find((s) => s.id === 'nonfinite:a')?.data as { value: number[] }[];
    for (const m of markers) {
      expect(m.value[1]).toBeGreaterThanOrEqual(y.min as number);
      expect(m.value[1]).toBeLessThanOrEqual(y.max as number);
    }
  });

  it('log y with clip: both ends stay above zero', () => {
    const o = buildCurveOption({ metric: 'loss', series: [spiky], runs, extent: null, zoom: null, colors: LIGHT_COLORS, clipOutliers: true, logY: true });
    expect(yAxisOf(o).min as number).toBeGreaterThan(0);
    expect(yAxisOf(o).max as number).toBeLessThan(3);
  });
});

describe('x formats', () => {
  it('durations read as clocks', () => {
    expect(formatClock(41)).toBe('0:41');
    expect(formatClock(725)).toBe('12:05');
    expect(formatClock(7509)).toBe('2:05:09');
    expect(formatClock(3 * 86_400 + 4 * 3600 + 5 * 60 + 9)).toBe('3d 4:05:09');
    expect(formatClock(-65)).toBe('-1:05');
  });

  it('wall time in full carries the date, the time and the seconds', () => {
    expect(formatDateTimeSec(T0 + 7)).toBe(`${formatDateTime(T0 + 7)}:07`);
    expect(formatXFull({ kind: 'wall' }, T0 + 7)).toBe(formatDateTimeSec(T0 + 7));
    expect(formatXFull({ kind: 'step' }, 12_000)).toBe('step 12,000');
    expect(formatXShort({ kind: 'metric', metric: 'num_tokens' }, 2_500_000)).toBe('2.5M');
    expect(formatXShort({ kind: 'relative' }, 3600)).toBe('1:00:00');
  });
});

describe('view state', () => {
  it('changing the x axis drops every zoom (a step window means nothing in seconds)', () => {
    const s = createAppStore();
    s.getState().setZoom('loss', { min: 10, max: 20 });
    s.getState().setZoom('eval_loss', { min: 1, max: 2 });
    expect(s.getState().xAxis).toEqual({ kind: 'step' });
    s.getState().setXAxis({ kind: 'wall' });
    expect(s.getState().xAxis).toEqual({ kind: 'wall' });
    expect(s.getState().zoomByChart).toEqual({});
  });

  it('log y and clip are off until turned on', () => {
    const s = createAppStore();
    expect([s.getState().logY, s.getState().clipOutliers]).toEqual([false, false]);
    s.getState().setLogY(true);
    s.getState().setClipOutliers(true);
    expect([s.getState().logY, s.getState().clipOutliers]).toEqual([true, true]);
  });
});

describe('series query keys', () => {
  it('differ per x axis, and an explicit step axis is the same query as none', () => {
    const q = { metric: 'loss', runIds: ['a'], buckets: 800, stepMin: null, stepMax: null, smoothing: { kind: 'none' } } as const;
    const keys = [queryKeys.series(q), queryKeys.series({ ...q, x: { kind: 'wall' } }), queryKeys.series({ ...q, x: { kind: 'relative' } }), queryKeys.series({ ...q, x: { kind: 'metric', metric: 'num_tokens' } }), queryKeys.series({ ...q, x: { kind: 'metric', metric: 'epoch' } })];
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
    expect(queryKeys.series({ ...q, x: { kind: 'step' } })).toEqual(queryKeys.series(q));
  });
});
