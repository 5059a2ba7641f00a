import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import type { AxisScore, PlanePoint } from '../../../shared/domain/compare';
import { LIGHT_COLORS } from '../../../renderer/charts/options/curves';
import type { PlaneRun } from '../../../renderer/charts/options/plane';
import { PLANE_QUADRANTS, PLANE_X_NAME, PLANE_Y_NAME, buildPlaneOption, placedPoints, planeExtent, planeSeriesName } from '../../../renderer/charts/options/plane';

use([LineChart, ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);

const EVIL = '<img src=x onerror=alert(1)>';

function axis(score: number | null, low: number | null, high: number | null): AxisScore {
  return { score, low, high, tasks: [], skipped: [] };
}

function point(runId: string, reasoning: AxisScore, safety: AxisScore, quadrantLabel = 'Not distinguishable from 0'): PlanePoint {
  return { runId, reasoning, safety, quadrant: 'x', quadrantLabel };
}

const runs = new Map<string, PlaneRun>([
  ['dpo', { name: 'llama-dpo', color: '#1f77b4', method: 'dpo' }],
  ['sft', { name: EVIL, color: '#ff7f0e', method: null }],
  ['gone', { name: 'no-safety', color: '#2ca02c', method: 'ppo' }],
  ['half', { name: 'half', color: '#d62728', method: null }],
]);

const points: PlanePoint[] = [
  point('dpo', axis(-1.5, -2.5, -0.5), axis(2, 1, 3), 'Alignment tax (safer, weaker reasoning)'),
  point('sft', axis(0.5, -0.2, 1.2), axis(-3, -4, -2), 'Reverse tax & <b>'),
  point('gone', axis(1, 0, 2), axis(null, null, null)),
  // Safety known, reasoning interval unknown: a dot and only the vertical whisker.
  point('half', axis(0.25, null, null), axis(0.5, 0.1, 0.9)),
];

interface S {
  id: string;
  name: string;
  type: string;
  data: unknown[];
  itemStyle?: { color?: string; borderColor?: string };
  lineStyle?: { color?: string; type?: string };
  label?: { show?: boolean; formatter?: unknown };
  tooltip?: { show?: boolean; formatter?: unknown };
  markLine?: { data: Record<string, unknown>[]; lineStyle?: { type?: string } };
  markArea?: { data: [{ name: string; coord: number[]; label: { position: string; formatter: string } }, { coord: number[] }][] };
}
interface Axis {
  name: string;
  min: number;
  max: number;
}

const seriesOf = (o: EChartsCoreOption) => o.series as S[];
const byId = (o: EChartsCoreOption, id: string) => seriesOf(o).find((s) => s.id === id);
const build = (print = false) => buildPlaneOption({ points, runs, baselineName: 'llama-base', colors: LIGHT_COLORS, print });

function renderSvg(option: EChartsCoreOption): string {
  const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 720, height: 480 });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

describe('buildPlaneOption: dots', () => {
  const o = build();

  it('draws one dot per run with both scores at (Δ reasoning, Δ safety), named with the method, in the run colour', () => {
    const dots = seriesOf(o).filter((s) => s.id.startsWith('dot:'));
    expect(dots.map((s) => s.id)).toEqual(['dot:dpo', 'dot:sft', 'dot:half']);
    expect(dots.map((s) => s.name)).toEqual(['llama-dpo (dpo)', EVIL, 'half']);
    expect(dots.map((s) => s.itemStyle?.color)).toEqual(['#1f77b4', '#ff7f0e', '#d62728']);
    expect(dots.map((s) => (s.data[0] as { value: number[] }).value)).toEqual([
      [-1.5, 2],
      [0.5, -3],
      [0.25, 0.5],
    ]);
    expect(planeSeriesName({ name: 'r', color: '#000', method: 'rlhf' })).toBe('r (rlhf)');
  });

  it('leaves out a run with a null score on either axis, without crashing', () => {
    expect(seriesOf(o).some((s) => s.id.endsWith(':gone'))).toBe(false);
    expect(placedPoints(points).map((p) => p.point.runId)).toEqual(['dpo', 'sft', 'half']);
    const onlyNull = buildPlaneOption({ points: [points[2] as PlanePoint], runs, baselineName: 'b', colors: LIGHT_COLORS });
    expect(seriesOf(onlyNull).map((s) => s.id)).toEqual(['baseline']);
    expect((onlyNull.xAxis as Axis).max).toBe(1);
  });

  it('draws the baseline as a hollow marker at the origin, labelled with its name', () => {
    const b = byId(o, 'baseline');
    expect(b?.data).toEqual([{ name: 'llama-base', value: [0, 0] }]);
    expect(b?.itemStyle?.color).toBe('transparent');
    expect(b?.itemStyle?.borderColor).toBe(LIGHT_COLORS.text);
    expect(b?.label?.show).toBe(true);
    expect((b?.label?.formatter as () => string)()).toBe('llama-base');
  });
});

describe('buildPlaneOption: whiskers', () => {
  const o = build();

  it('draws the reasoning interval horizontally at the dot’s y and the safety interval vertically at its x', () => {
    expect(byId(o, 'whisker-x:dpo')?.data).toEqual([
      [-2.5, 2],
      [-0.5, 2],
    ]);
    expect(byId(o, 'whisker-y:dpo')?.data).toEqual([
      [-1.5, 1],
      [-1.5, 3],
    ]);
    expect(byId(o, 'whisker-x:sft')?.data).toEqual([
      [-0.2, -3],
      [1.2, -3],
    ]);
    expect(byId(o, 'whisker-y:sft')?.data).toEqual([
      [0.5, -4],
      [0.5, -2],
    ]);
    expect(byId(o, 'whisker-y:dpo')?.lineStyle?.color).toBe('#1f77b4');
  });

  it('draws a whisker only where both ends of the interval are known', () => {
    expect(byId(o, 'whisker-x:half')).toBeUndefined();
    expect(byId(o, 'whisker-y:half')?.data).toEqual([
      [0.25, 0.1],
      [0.25, 0.9],
    ]);
    expect(seriesOf(o).filter((s) => s.id.startsWith('whisker-'))).toHaveLength(5);
  });
});

describe('buildPlaneOption: axes and quadrants', () => {
  const o = build();

  it('makes both axes symmetric around 0, reaching the farthest dot or whisker end with 15 % headroom', () => {
    // The farthest value drawn is the sft safety whisker's lower end, −4 (the null-score run's numbers do not count).
    expect(planeExtent(points)).toBeCloseTo(4 * 1.15, 12);
    const x = o.xAxis as Axis;
    const y = o.yAxis as Axis;
    expect(x.min).toBeCloseTo(-4.6, 12);
    expect(x.max).toBeCloseTo(4.6, 12);
    expect(y.min).toBe(x.min);
    expect(y.max).toBe(x.max);
    expect(x.name).toBe(PLANE_X_NAME);
    expect(y.name).toBe(PLANE_Y_NAME);
    expect(planeExtent([point('a', axis(0.1, 0, 0.2), axis(0.2, 0.1, 0.3))])).toBe(1);
    expect(planeExtent([])).toBe(1);
  });

  it('draws dashed zero lines on both axes', () => {
    const ml = byId(o, 'baseline')?.markLine;
    expect(ml?.lineStyle?.type).toBe('dashed');
    expect(ml?.data).toEqual([{ xAxis: 0 }, { yAxis: 0 }]);
  });

  it('labels each quadrant in its own corner: x is reasoning, y is safety', () => {
    const areas = byId(o, 'baseline')?.markArea?.data ?? [];
    const ext = planeExtent(points);
    const where = areas.map(([from, to]) => ({ text: from.label.formatter, from: from.coord, to: to.coord, position: from.label.position }));
    expect(where).toEqual([
      { text: 'Both better', from: [0, 0], to: [ext, ext], position: 'insideTopRight' },
      { text: 'Alignment tax (safer, weaker reasoning)', from: [0, 0], to: [-ext, ext], position: 'insideTopLeft' },
      { text: 'Reverse tax (stronger reasoning, less safe)', from: [0, 0], to: [ext, -ext], position: 'insideBottomRight' },
      { text: 'Both worse', from: [0, 0], to: [-ext, -ext], position: 'insideBottomLeft' },
    ]);
    expect(PLANE_QUADRANTS.map((q) => q.text)).toEqual(where.map((w) => w.text));
  });
});

describe('buildPlaneOption: tooltip and print', () => {
  it('shows name, both scores with their intervals and the quadrant, escaped', () => {
    const o = build();
    const html = (byId(o, 'dot:sft')?.tooltip?.formatter as () => string)();
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Δ reasoning: <b>+0.50</b> [-0.20, +1.20] SE');
    expect(html).toContain('Δ safety: <b>-3.00</b> [-4.00, -2.00] SE');
    expect(html).toContain('Reverse tax &amp; &lt;b&gt;');
    const half = (byId(o, 'dot:half')?.tooltip?.formatter as () => string)();
    expect(half).toContain('Δ reasoning: <b>+0.25</b> (no interval) SE');
    expect((o.tooltip as { trigger: string }).trigger).toBe('item');
    expect(o.animation).toBe(true);
  });

  it('print mode has no animation and no tooltip', () => {
    const o = build(true);
    expect(o.animation).toBe(false);
    expect(o.tooltip).toBeUndefined();
    expect(seriesOf(o).filter((s) => s.id.startsWith('dot:')).every((s) => s.tooltip === undefined)).toBe(true);
  });
});

describe('buildPlaneOption: renders', () => {
  it('draws with the SVG renderer: quadrant labels, baseline name, one path per whisker', () => {
    const o = build(true);
    const svg = renderSvg(o);
    for (const q of PLANE_QUADRANTS) expect(svg).toContain(q.text);
    expect(svg).toContain('llama-base');
    expect(svg).not.toContain('<img');
    // Whiskers are the only paths stroked with opacity .75 in the run colours.
    const whiskerPaths = (color: string) => (svg.match(new RegExp(`<path[^>]*stroke="${color}"[^>]*stroke-opacity="0.75"`, 'g')) ?? []).length;
    expect(whiskerPaths('#1f77b4')).toBe(2);
    expect(whiskerPaths('#ff7f0e')).toBe(2);
    expect(whiskerPaths('#d62728')).toBe(1);
  });
});
