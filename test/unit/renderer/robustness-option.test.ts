import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import type { RobustnessMetric, SweepSeries } from '../../../shared/domain/sweep';
import { DARK_COLORS } from '../../../renderer/charts/options/curves';
import type { RobustnessOptionInput, RobustnessRun } from '../../../renderer/charts/options/robustness';
import { breakLabel, buildRobustnessOption, formatAlpha, robustnessTooltipHtml, sweepRows, sweepSeriesName, thresholdLabel } from '../../../renderer/charts/options/robustness';

use([LineChart, ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);

const EVIL = '<img src=x onerror=alert(1)>';

type Pt = SweepSeries['points'][number];

function sweep(runId: string, method: string, direction: string, isControl: boolean, points: Pt[], breakAlpha: number | null = null): SweepSeries {
  return {
    runId,
    method,
    direction,
    isControl,
    points,
    referenceAlpha: 0,
    referenceValue: points[0]?.value ?? 0,
    dropAuc: null,
    worstDrop: 0,
    worstAlpha: 0,
    breakAlpha,
    breakBasis: 'lower-bound',
    slopeNearZero: null,
    specificity: null,
  };
}

// Given out of α order on purpose: the lines are drawn in α order.
const sftEdit = sweep(
  'sft',
  'SFT',
  'safety',
  false,
  [
    { alpha: 0.5, value: 0.6, stderr: 0.01, drop: 0.1, dropLow: 0.07 },
    { alpha: 0, value: 0.7, stderr: 0.01, drop: 0, dropLow: -0.03 },
    { alpha: 0.3, value: 0.65, stderr: null, drop: 0.05, dropLow: null },
  ],
  0.3,
);
const sftControl = sweep('sft', 'SFT', 'random', true, [
  { alpha: 0, value: 0.7, stderr: 0.01, drop: 0, dropLow: -0.03 },
  { alpha: 0.3, value: 0.69, stderr: 0.01, drop: 0.01, dropLow: -0.02 },
  { alpha: 0.5, value: 0.68, stderr: 0.01, drop: 0.02, dropLow: -0.01 },
]);
const rlNoSe = sweep('rl', EVIL, 'safety', false, [
  { alpha: 0, value: 0.72, stderr: null, drop: 0, dropLow: null },
  { alpha: 0.5, value: 0.71, stderr: null, drop: 0.01, dropLow: null },
]);

const metric: RobustnessMetric = { task: 'gsm8k', metric: 'exact_match', filter: 'strict-match', category: 'reasoning', higherIsBetter: true, series: [sftEdit, sftControl, rlNoSe] };
const runs = new Map<string, RobustnessRun>([
  ['sft', { name: 'llama-sft', color: '#1f77b4' }],
  ['rl', { name: 'llama-rl', color: '#ff7f0e' }],
]);

interface S {
  id: string;
  name: string;
  data: [number, number | null][];
  stack?: string;
  areaStyle?: { color?: string };
  lineStyle?: { color?: string; type?: string; width?: number };
  markLine?: { data: { name: string; xAxis?: number; yAxis?: number; label: { formatter: string } }[]; lineStyle?: { type?: string } };
}

const seriesOf = (o: EChartsCoreOption) => o.series as S[];
const byId = (o: EChartsCoreOption, id: string) => seriesOf(o).find((s) => s.id === id);
const input = (over: Partial<RobustnessOptionInput> = {}): RobustnessOptionInput => ({ metric, runs, show: 'value', breakThreshold: 0.02, colors: DARK_COLORS, ...over });
const round = (data: [number, number | null][]) => data.map(([a, v]) => [a, v === null ? null : Number(v.toFixed(9))]);

function renderSvg(option: EChartsCoreOption): string {
  const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 720, height: 360 });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

describe('buildRobustnessOption: lines', () => {
  const o = buildRobustnessOption(input());

  it('draws one line per (run, direction), named method · direction, in its run colour, in α order', () => {
    const lines = seriesOf(o).filter((s) => s.id.startsWith('line:'));
    expect(lines.map((s) => s.name)).toEqual(['SFT · safety', 'SFT · random (control)', `${EVIL} · safety`]);
    expect(lines.map((s) => s.lineStyle?.color)).toEqual(['#1f77b4', '#1f77b4', '#ff7f0e']);
    expect(lines[0]?.data).toEqual([
      [0, 0.7],
      [0.3, 0.65],
      [0.5, 0.6],
    ]);
    expect(sweepSeriesName({ method: 'PPO', direction: 'u', isControl: true })).toBe('PPO · u (control)');
  });

  it('draws the control direction dashed and thinner', () => {
    const edit = byId(o, 'line:sft:safety');
    const control = byId(o, 'line:sft:random');
    expect(control?.lineStyle?.type).toBe('dashed');
    expect(edit?.lineStyle?.type).toBe('solid');
    expect(control?.lineStyle?.width).toBeLessThan(edit?.lineStyle?.width ?? 0);
  });

  it('plots the oriented drop in drop mode', () => {
    const d = buildRobustnessOption(input({ show: 'drop' }));
    expect(byId(d, 'line:sft:safety')?.data).toEqual([
      [0, 0],
      [0.3, 0.05],
      [0.5, 0.1],
    ]);
  });
});

describe('buildRobustnessOption: bands', () => {
  it('value mode: a stacked band value ± 1.96·stderr, with a gap where the stderr is unknown', () => {
    const o = buildRobustnessOption(input());
    const low = byId(o, 'band-low:sft:safety');
    const width = byId(o, 'band-width:sft:safety');
    expect(low?.stack).toBe('band:sft:safety');
    expect(width?.stack).toBe(low?.stack);
    expect(width?.areaStyle?.color).toBe('#1f77b4');
    expect(round(low?.data ?? [])).toEqual([
      [0, Number((0.7 - 1.96 * 0.01).toFixed(9))],
      [0.3, null],
      [0.5, Number((0.6 - 1.96 * 0.01).toFixed(9))],
    ]);
    expect(round(width?.data ?? [])).toEqual([
      [0, Number((2 * 1.96 * 0.01).toFixed(9))],
      [0.3, null],
      [0.5, Number((2 * 1.96 * 0.01).toFixed(9))],
    ]);
    // No stderr anywhere: no band at all.
    expect(seriesOf(o).some((s) => s.id.startsWith('band-') && s.id.endsWith(':rl:safety'))).toBe(false);
  });

  it('drop mode: the band starts at dropLow and is mirrored above the drop', () => {
    const o = buildRobustnessOption(input({ show: 'drop' }));
    expect(round(byId(o, 'band-low:sft:safety')?.data ?? [])).toEqual([
      [0, -0.03],
      [0.3, null],
      [0.5, 0.07],
    ]);
    expect(round(byId(o, 'band-width:sft:safety')?.data ?? [])).toEqual([
      [0, 0.06],
      [0.3, null],
      [0.5, 0.06],
    ]);
    const rows = sweepRows(sftEdit, 'drop');
    expect(rows.map((r) => r.high === null ? null : Number(r.high.toFixed(9)))).toEqual([0.03, null, 0.13]);
  });
});

describe('buildRobustnessOption: break point and threshold', () => {
  it('marks a break α on its series and none where there is no break', () => {
    const o = buildRobustnessOption(input());
    const ml = byId(o, 'line:sft:safety')?.markLine;
    expect(ml?.data).toHaveLength(1);
    expect(ml?.data[0]?.xAxis).toBe(0.3);
    expect(ml?.data[0]?.label.formatter).toBe('break α=0.3');
    expect(byId(o, 'line:sft:random')?.markLine).toBeUndefined();
    expect(breakLabel(0.1 + 0.2)).toBe('break α=0.3');
    expect(formatAlpha(1.5)).toBe('1.5');
  });

  it('draws the δ threshold as a dashed horizontal line only in drop mode, on a carrier that keeps it in range', () => {
    const d = buildRobustnessOption(input({ show: 'drop', breakThreshold: 0.02 }));
    const t = byId(d, 'threshold');
    expect(t?.markLine?.lineStyle?.type).toBe('dashed');
    expect(t?.markLine?.data).toEqual([expect.objectContaining({ yAxis: 0.02, label: expect.objectContaining({ formatter: 'δ = 0.02' }) })]);
    expect(t?.data).toEqual([[0, 0.02]]);
    expect(thresholdLabel(0.05)).toBe('δ = 0.05');
    expect(byId(buildRobustnessOption(input()), 'threshold')).toBeUndefined();
  });
});

describe('buildRobustnessOption: tooltip and print', () => {
  it('an axis tooltip with escaped names and 4-decimal values and bands', () => {
    const o = buildRobustnessOption(input());
    const tip = o.tooltip as { trigger: string; formatter: (p: unknown) => string };
    expect(tip.trigger).toBe('axis');
    const html = tip.formatter([{ axisValue: 0.5 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; · safety: <b>0.7100</b>');
    expect(html).toContain(`SFT · safety: <b>0.6000</b> <span style="opacity:.7">[${(0.6 - 0.0196).toFixed(4)}, ${(0.6 + 0.0196).toFixed(4)}]</span>`);
    expect(html).toContain('SFT · random (control): <b>0.6800</b>');
    expect(robustnessTooltipHtml(input(), 0.3)).not.toContain(EVIL);
    expect(robustnessTooltipHtml(input(), 0.3)).not.toContain('· safety: <b>0.71');
    expect(o.animation).toBe(true);
  });

  it('print mode has no animation and no tooltip', () => {
    const o = buildRobustnessOption(input({ print: true }));
    expect(o.animation).toBe(false);
    expect(o.tooltip).toBeUndefined();
  });
});

describe('buildRobustnessOption: renders', () => {
  it('draws with the SVG renderer: lines, the break label and the threshold label', () => {
    const svg = renderSvg(buildRobustnessOption(input({ show: 'drop', print: true })));
    expect(svg).toContain('break α=0.3');
    expect(svg).toContain('δ = 0.02');
    expect(svg).toMatch(/<path[^>]*stroke="#1f77b4"[^>]*stroke-dasharray/);
    expect(svg).not.toContain('<img');
  });
});
