import { describe, expect, it } from 'vitest';
import { toColumn } from '../../../shared/domain/series';
import type { RunSeries } from '../../../shared/domain/series';
import { readingsAt, sortReadings, tooltipHtml } from '../../../renderer/charts/options/curve-tooltip';
import type { CurveOption, CurveOptionInput, CurveRun } from '../../../renderer/charts/options/curves';
import { CURVE_GRID, DARK_COLORS, LIGHT_COLORS, bucketsForWidth, buildCurveOption, curveExtent, drawnRunCount, findingCountFor, markerLevels, pointCount, stepToX, valueRange, DENSE_RUNS } from '../../../renderer/charts/options/curves';
import type { Finding } from '../../../shared/analysis/findings/types';
import { assignRunColors } from '../../../renderer/charts/palette';
import { BAND_SHAPE, bandPixels, bandRings, ringCorners } from '../../../renderer/charts/options/envelope-band';
import { linePoints, pointPairs } from '../../../renderer/charts/options/line-points';
import { buckets, raw } from './fixtures';

const EVIL = '<img src=x onerror=alert(1)>';
const colors = assignRunColors(['a', 'b', 'c']);
const runs = new Map<string, CurveRun>([
  ['a', { id: 'a', name: EVIL, color: colors.get('a') as string }],
  ['b', { id: 'b', name: 'dpo', color: colors.get('b') as string }],
  ['c', { id: 'c', name: 'sft', color: colors.get('c') as string }],
]);

const rawA = raw('a', [0, 10, 20, 30], [3, null, 2, 1], [{ step: 10, kind: 'nan' }]);
const bucketsB = buckets('b', [100, 200, 300], [2, 1.5, 1.2], [1.8, 1.2, 1.0], [2.6, 1.9, 1.4]);

interface SeriesView {
  id: string;
  silent?: boolean;
  type: string;
  data: unknown[];
  stack?: string;
  areaStyle?: { color?: string; opacity?: number };
  lineStyle?: { color?: string; width?: number; opacity?: number };
  itemStyle?: { color?: string };
}

function seriesOf(o: CurveOption): SeriesView[] {
  return o.series as SeriesView[];
}

/** A line's points as [x, y] pairs (lines carry one interleaved Float64Array; a gap reads as null). */
function pairsOf(s: SeriesView | undefined): [number, number | null][] {
  expect(s?.data).toBeInstanceOf(Float64Array);
  return pointPairs(s?.data as unknown as Float64Array);
}

function build(over: Partial<CurveOptionInput> = {}): CurveOption {
  return buildCurveOption({ metric: 'loss', series: [rawA, bucketsB], runs, extent: { min: 0, max: 300 }, zoom: null, colors: LIGHT_COLORS, ...over });
}

describe('buildCurveOption: lines', () => {
  const o = build();

  it('draws one line per run with every point it was given, gaps for non-finite values', () => {
    const lines = seriesOf(o).filter((s) => s.id.startsWith('line:'));
    expect(lines.map((s) => s.id)).toEqual(['line:a', 'line:b']);
    expect(pairsOf(lines[0])).toEqual([
      [0, 3],
      [10, null],
      [20, 2],
      [30, 1],
    ]);
    expect(pairsOf(lines[1])).toEqual([
      [100, 2],
      [200, 1.5],
      [300, 1.2],
    ]);
    expect(pointCount([rawA, bucketsB])).toBe(7);
    expect(drawnRunCount([rawA, bucketsB, raw('empty', [], [])])).toBe(2);
  });

  it('draws 1.5-px lines, and 1-px lines once more than DENSE_RUNS runs share the chart', () => {
    const widths = (n: number) => seriesOf(build({ series: Array.from({ length: n }, (_, i) => raw(`r${i}`, [0, 1], [1, 2])) })).filter((s) => s.id.startsWith('line:')).map((s) => s.lineStyle?.width);
    expect(new Set(widths(DENSE_RUNS))).toEqual(new Set([1.5]));
    expect(new Set(widths(DENSE_RUNS + 1))).toEqual(new Set([1]));
  });

  it('colours each run the same in every chart, whatever the other runs or the order', () => {
    const other = buildCurveOption({ metric: 'eval_loss', series: [raw('c', [1], [1]), raw('a', [1], [1])], runs, extent: null, zoom: null, colors: DARK_COLORS });
    const colourOf = (opt: CurveOption, id: string) => seriesOf(opt).find((s) => s.id === `line:${id}`)?.lineStyle?.color;
    expect(colourOf(o, 'a')).toBe(colors.get('a'));
    expect(colourOf(other, 'a')).toBe(colors.get('a'));
    expect(colourOf(o, 'b')).toBe(colors.get('b'));
    expect(colourOf(o, 'a')).not.toBe(colourOf(o, 'b'));
  });
});

describe('buildCurveOption: downsampled series', () => {
  const o = build();
  it('adds a faint min/max band only in buckets mode: one custom series whose polygon spans min..max', () => {
    const band = seriesOf(o).filter((s) => s.id.startsWith('band'));
    expect(band.map((s) => [s.id, s.type])).toEqual([['band:b', 'custom']]);
    expect(seriesOf(o).some((s) => s.id === 'band:a')).toBe(false); // run a is raw
    // Its one data item spans the band, so the axes make room for the envelope.
    expect(band[0]?.data).toEqual([[100, 1.0, 300, 2.6]]);
    expect(band[0]?.silent).toBe(true);
    const polygons = ringCorners(bandRings([100, 200, 300], [1.8, 1.2, 1.0], [2.6, 1.9, 1.4]));
    expect(polygons).toEqual([
      [
        [100, 2.6],
        [200, 1.9],
        [300, 1.4],
        [300, 1.0],
        [200, 1.2],
        [100, 1.8],
      ],
    ]);
  });

  it('breaks the band where a bucket has no drawable bound and at restarts, as the line breaks', () => {
    expect(ringCorners(bandRings([1, 2, 3, 4], [0, NaN, 0, 0], [1, NaN, 1, 1])).map((p) => p.length)).toEqual([2, 4]);
    expect(ringCorners(bandRings([1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 1, 1], undefined, [2])).map((p) => p.map(([x]) => x))).toEqual([
      [1, 2, 2, 1],
      [3, 4, 4, 3],
    ]);
    // No drawable bucket at all: no band series.
    const b = buckets('b', [1, 2], [null, null], [null, null], [null, null]);
    expect(seriesOf(build({ series: [b] })).some((s) => s.id === 'band:b')).toBe(false);
  });

  it('maps every band corner to the pixel the axes would give it, on linear and log axes, from two axis calls', () => {
    const band = bandRings([100, 200, 300], [1.8, 1.2, 1.0], [2.6, 1.9, 1.4]);
    const ext = { x0: 100, x1: 300, y0: 1.0, y1: 2.6 };
    // Axes as ECharts maps them: x linear over 0..400 → 60..1180 px; y linear (or linear in ln y) onto 300..14 px.
    const linear = (v: number[]) => [60 + ((v[0] as number) / 400) * 1120, 300 - (((v[1] as number) - 0.5) / 2.5) * 286];
    const log = (v: number[]) => [60 + ((v[0] as number) / 400) * 1120, 300 - (Math.log(v[1] as number) / Math.log(3)) * 286];
    for (const [coord, logY] of [[linear, false], [log, true]] as const) {
      let calls = 0;
      const { px, ends } = bandPixels(band, ext, logY, (v) => (calls++, coord(v)));
      expect(calls).toBe(2);
      expect(ends).toEqual([6]);
      ringCorners(band)[0]?.forEach(([x, y], c) => {
        const want = coord([x, y]);
        expect(px[2 * c]).toBeCloseTo(want[0] as number, 9);
        expect(px[2 * c + 1]).toBeCloseTo(want[1] as number, 9);
      });
    }
    // One bucket: a zero-width, zero-height extent still maps.
    const dot = bandRings([5], [1], [1]);
    expect([...bandPixels(dot, { x0: 5, x1: 5, y0: 1, y1: 1 }, false, linear).px]).toEqual([...linear([5, 1]), ...linear([5, 1])]);
  });

  it('merges the corners of an edge that fall in one pixel column into its extreme, ring by ring', () => {
    // x 0..9 → pixels 0..4.5: two buckets per pixel column. y → pixel y = 100 − 10·y.
    const coord = (v: number[]) => [(v[0] as number) / 2, 100 - (v[1] as number) * 10];
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const band = bandRings(xs, [1, 0, 1, 1, 2, 1, 1, 1, 1, 1], [3, 4, 3, 3, 3, 5, 3, 3, 3, 3], undefined, [6]);
    const { px, ends } = bandPixels(band, { x0: 0, x1: 9, y0: 0, y1: 5 }, false, coord);
    expect(ends).toEqual([6, 10]);
    const corners = Array.from({ length: px.length / 2 }, (_, c) => [px[2 * c], px[2 * c + 1]]);
    expect(corners.slice(0, 6)).toEqual([
      // Upper edge, columns 0, 1, 2: the highest of each (y 4 in column 0, 5 in column 2).
      [0, 60], [1, 70], [2, 50],
      // Lower edge back: the lowest of each column (y 0 in column 0), each at the column's first corner met.
      [2.5, 90], [1.5, 90], [0.5, 100],
    ]);
    expect(corners.slice(6)).toEqual([[3, 70], [4, 70], [4.5, 90], [3.5, 90]]);
  });

  it('draws the band as one registered path element per run, in pixels', () => {
    const o = build();
    const band = seriesOf(o).find((s) => s.id === 'band:b') as SeriesView & { renderItem: (p: unknown, api: { coord: (v: number[]) => number[] }) => { type: string; shape: { rings: { px: Float64Array; ends: number[] } } } };
    const el = band.renderItem({}, { coord: (v) => [(v[0] as number) * 2, (v[1] as number) * 10] });
    expect(el.type).toBe(BAND_SHAPE);
    expect(el.shape.rings.ends).toEqual([6]);
    expect([...el.shape.rings.px.subarray(0, 4)]).toEqual([200, 26, 400, 19]);
  });

  it('makes lines without marks silent (no hit areas to build), and keeps lines with marks clickable', () => {
    expect(seriesOf(o).filter((s) => s.id.startsWith('line:')).every((s) => s.silent === true)).toBe(true);
  });
});

describe('buildCurveOption: NaN and Inf', () => {
  it('draws every non-finite point as a marker, above the data (NaN, +Inf) or below it (-Inf), never dropped', () => {
    const s = raw('c', [0, 1, 2, 3, 4], [1, null, 2, null, null], [
      { step: 1, kind: 'nan' },
      { step: 3, kind: 'inf' },
      { step: 4, kind: '-inf' },
    ]);
    const o = build({ series: [s] });
    const marks = seriesOf(o).find((x) => x.id === 'nonfinite:c');
    expect(marks?.type).toBe('scatter');
    const levels = markerLevels(valueRange([s]));
    expect(levels.top).toBeGreaterThan(2);
    expect(levels.bottom).toBeLessThan(1);
    expect(marks?.data).toEqual([
      { name: 'nan', value: [1, levels.top], symbol: 'diamond', symbolRotate: 0 },
      { name: 'inf', value: [3, levels.top], symbol: 'triangle', symbolRotate: 0 },
      { name: '-inf', value: [4, levels.bottom], symbol: 'triangle', symbolRotate: 180 },
    ]);
    expect(marks?.itemStyle?.color).toBe(colors.get('c'));
    // The points still count as drawn.
    expect(pointCount([s])).toBe(5);
  });

  it('has no marker series for a run without non-finite points', () => {
    expect(seriesOf(build()).some((s) => s.id === 'nonfinite:b')).toBe(false);
  });

  it('places markers sensibly when a run has no finite value at all', () => {
    expect(markerLevels(valueRange([raw('n', [0], [null], [{ step: 0, kind: 'nan' }])]))).toEqual({ top: 1, bottom: -1 });
  });
});

describe('buildCurveOption: axes, zoom, print', () => {
  it('keeps the full step extent on the x axis and shows the zoom window in both zoom controls', () => {
    const z = build({ zoom: { min: 10, max: 20 } });
    expect(z.xAxis).toMatchObject({ type: 'value', min: 0, max: 300 });
    expect(z.dataZoom).toMatchObject([
      { type: 'inside', startValue: 10, endValue: 20, filterMode: 'none' },
      { type: 'slider', startValue: 10, endValue: 20, filterMode: 'none' },
    ]);
  });

  it('sets the whole range explicitly when not zoomed, so a reset also resets a dragged window', () => {
    expect(build().dataZoom).toMatchObject([
      { start: 0, end: 100 },
      { start: 0, end: 100 },
    ]);
  });

  it('widens the x range to data beyond the known extent (a run still growing)', () => {
    expect(curveExtent({ min: 0, max: 100 }, [raw('a', [50, 150], [1, 1])])).toEqual({ min: 0, max: 150 });
    expect(curveExtent(null, [])).toBeNull();
    expect(build({ extent: null, series: [] }).xAxis).not.toHaveProperty('min');
  });

  it('print mode: no animation, no zoom widgets, no tooltip', () => {
    const p = build({ print: true });
    expect(p.animation).toBe(false);
    expect(p.dataZoom).toEqual([]);
    expect(p.tooltip).toMatchObject({ show: false });
    expect(p.grid).toMatchObject({ bottom: CURVE_GRID.bottomPrint });
  });

  it('uses the theme colours for text', () => {
    expect(build({ colors: DARK_COLORS }).textStyle).toEqual({ color: DARK_COLORS.text });
    expect(build().tooltip).toMatchObject({ trigger: 'axis', backgroundColor: LIGHT_COLORS.tooltipBg });
  });

  it('asks for one bucket per plot pixel, within the contract bounds', () => {
    expect(bucketsForWidth(880)).toBe(880 - CURVE_GRID.left - CURVE_GRID.right);
    expect(bucketsForWidth(10)).toBe(16);
    expect(bucketsForWidth(100_000)).toBe(20_000);
  });
});

describe('tooltip', () => {
  const grids: RunSeries[] = [raw('a', [0, 10, 20, 30], [3, 2.5, 2, 1]), raw('b', [0, 25, 50], [4, 3, 2]), raw('c', [40, 60], [9, 8])];

  it('reads every run at the cursor, even runs logged on other step grids', () => {
    const r = readingsAt(20, grids, runs);
    expect(r.map((x) => [x.runId, x.step, x.value])).toEqual([
      ['a', 20, 2],
      ['b', 25, 3],
    ]);
  });

  it('lists the highest value first, as the lines stack up, with NaN and missing values last', () => {
    const r = readingsAt(10, [raw('c', [10], [0.5]), rawA, raw('b', [10], [2])], runs);
    expect(sortReadings(r).map((x) => x.runId)).toEqual(['b', 'c', 'a']);
    const html = tooltipHtml('loss', 10, r);
    expect(html.indexOf('dpo')).toBeLessThan(html.indexOf('sft'));
  });

  it('leaves out runs whose steps do not reach the cursor', () => {
    expect(readingsAt(45, grids, runs).map((x) => x.runId)).toEqual(['b', 'c']);
    expect(readingsAt(55, grids, runs).map((x) => x.runId)).toEqual(['c']);
  });

  it('names non-finite values and shows the bucket envelope', () => {
    const r = readingsAt(10, [rawA, bucketsB], runs);
    expect(r[0]).toMatchObject({ runId: 'a', value: null, nonFinite: 'nan' });
    const b = readingsAt(210, [bucketsB], runs);
    expect(b[0]).toMatchObject({ runId: 'b', step: 200, value: 1.5, range: { min: 1.2, max: 1.9 } });
    const html = tooltipHtml('loss', 200, b);
    expect(html).toContain('<b>1.5</b>');
    expect(html).toContain('(1.2 … 1.9)');
    expect(tooltipHtml('loss', 10, r)).toContain('<b>NaN</b>');
  });

  it('escapes run and metric names: the formatter’s HTML never carries markup from data', () => {
    const fmt = (build({ metric: '<script>m</script>' }).tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = fmt([{ axisValue: 20 }]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;m&lt;/script&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('step 20');
  });

  it('says so when no run has a point at the cursor, and ignores params without a step', () => {
    expect(tooltipHtml('loss', 5, [])).toContain('no run has a point here');
    const fmt = (build().tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(fmt([])).toBe('');
  });
});

describe('buildCurveOption: smoothing', () => {
  const smoothedA: RunSeries = { ...rawA, smoothed: toColumn([3, null, 2.4, 1.7]) };
  const o = build({ series: [smoothedA] });
  const byId = new Map(seriesOf(o).map((s) => [s.id, s]));

  it('draws the smoothed line in front and the raw points faintly behind it', () => {
    expect(pairsOf(byId.get('line:a'))).toEqual([[0, 3], [10, null], [20, 2.4], [30, 1.7]]);
    expect(pairsOf(byId.get('raw:a'))).toEqual([[0, 3], [10, null], [20, 2], [30, 1]]);
    expect(byId.get('raw:a')?.lineStyle?.opacity).toBeLessThan(0.5);
    expect(byId.get('line:a')?.lineStyle?.opacity).toBeUndefined();
  });

  it('without smoothing there is no separate raw line', () => {
    expect(seriesOf(build()).some((s) => s.id.startsWith('raw:'))).toBe(false);
  });

  it('the tooltip shows the smoothed value first and the raw value beside it, escaped', () => {
    const readings = readingsAt(20, [smoothedA], runs);
    expect(readings[0]).toMatchObject({ value: 2, smoothed: 2.4 });
    const html = tooltipHtml('loss', 20, readings);
    expect(html).toContain('<b>2.4</b>');
    expect(html).toContain('raw 2');
    expect(html).not.toContain('<img');
  });
});

describe('buildCurveOption: findings drawn on the chart', () => {
  const finding: Finding = {
    kind: 'overfitting',
    metric: 'eval_loss',
    metrics: ['eval_loss', 'loss'],
    severity: 'warning',
    step: 20,
    stepStart: 20,
    stepEnd: 30,
    title: 'Overfitting <b>after</b> step 20',
    explanation: 'eval rises',
    evidence: {},
    thresholds: {},
    source: 'analyses.md §6.3',
  };
  const findings = new Map([['a', [finding]]]);

  it('marks the best step as a line and the region as an area on the run it belongs to', () => {
    const o = build({ metric: 'loss', series: [rawA, bucketsB], findings });
    const line = seriesOf(o).find((s) => s.id === 'line:a') as SeriesView & { markLine?: { data: { xAxis: number; name: string }[] }; markArea?: { data: unknown[] } };
    expect(line.markLine?.data.map((d) => d.xAxis)).toEqual([20]);
    expect(line.markArea?.data).toHaveLength(1);
    expect((seriesOf(o).find((s) => s.id === 'line:b') as { markLine?: unknown }).markLine).toBeUndefined();
    expect(findingCountFor('loss', findings)).toBe(1);
    expect(findingCountFor('grad_norm', findings)).toBe(0);
  });

  it('on another x axis, a step is placed at the x of the first point at or after it', () => {
    const toX = stepToX({ steps: [0, 10, 20, 30], x: [100, 110, 125, 140] });
    expect(toX(20)).toBe(125);
    expect(toX(15)).toBe(125);
    expect(toX(99)).toBeNull();
    expect(stepToX({ steps: [0, 10] })(7)).toBe(7);
  });
});

describe('buildCurveOption: restarts', () => {
  it('breaks every line of a run at each restart and marks where it went back', () => {
    const s: RunSeries = { ...raw('a', [0, 10, 20, 5, 15], [1, 2, 3, 4, 5]), restarts: [{ step: 5, fromStep: 20 }], segmentStarts: [3] };
    const o = build({ series: [s] });
    const line = seriesOf(o).find((x) => x.id === 'line:a') as SeriesView & { markLine?: { data: { xAxis: number; name: string }[] } };
    expect(pairsOf(line)).toEqual([[0, 1], [10, 2], [20, 3], [5, null], [5, 4], [15, 5]]);
    expect(line.markLine?.data.map((d) => d.xAxis)).toEqual([5]);
    expect(line.markLine?.data[0]?.name).toMatch(/back to step 5 from step 20/);
    // Its restart mark is clickable, so the line keeps its hit areas.
    expect(line.silent).toBe(false);
    expect(pointPairs(linePoints([1], [1], (v) => v ?? null, []))).toEqual([[1, 1]]);
    // A restart at the first point, and starts past the end, add nothing but the gap before it.
    expect(pointPairs(linePoints([1, 2], [1, 2], (v) => v ?? null, [0, 9]))).toEqual([[1, null], [1, 1], [2, 2]]);
  });
});
