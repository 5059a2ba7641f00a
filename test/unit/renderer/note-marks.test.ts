import { LineChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../shared/domain/annotation';
import type { RunSeries } from '../../../shared/domain/series';
import { LIGHT_COLORS, buildCurveOption } from '../../../renderer/charts/options/curves';
import { noteLabel, notesForChart, noteSeries } from '../../../renderer/charts/options/note-marks';

use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);

const note = (id: string, metric: string, step: number, stepEnd: number | null, text: string): Annotation => ({ id, target: { kind: 'chart', metric, runId: null, step, stepEnd }, text, createdAtMs: 0, updatedAtMs: 0 });

const series: RunSeries = { runId: 'r', mode: 'raw', steps: [0, 100, 200], values: [3, 2, 1], first: null, min: null, max: null, smoothed: null, nonFinite: [], totalPoints: 3 } as unknown as RunSeries;

describe('chart notes as marks', () => {
  const annotations = [note('b', 'train/loss', 150, null, 'LR drop'), note('a', 'train/loss', 20, 60, 'warm-up {b|bold} {a}'), note('c', 'eval/loss', 5, null, 'other chart'), { ...note('d', 'x', 1, null, 'run note'), target: { kind: 'run' as const, runId: 'r' } }];

  it("keeps this chart's notes, by step", () => {
    expect(notesForChart(annotations, 'train/loss').map((n) => [n.id, n.step, n.stepEnd])).toEqual([
      ['a', 20, 60],
      ['b', 150, null],
    ]);
  });

  it('draws a dashed line per step note and an area per range, labels safe from ECharts markup, tooltips escaped', () => {
    const s = noteSeries(notesForChart(annotations, 'train/loss'), LIGHT_COLORS);
    const lines = s?.markLine?.data as { xAxis: number; label: { formatter: string } }[];
    expect(lines.map((l) => [l.xAxis, l.label.formatter])).toEqual([[150, 'LR drop']]);
    const areas = s?.markArea?.data as [{ xAxis: number; name: string }, { xAxis: number }][];
    expect(areas.map(([a, b]) => [a.xAxis, b.xAxis, a.name])).toEqual([[20, 60, 'warm-up (b|bold) (a)']]);
    expect(noteLabel('a very long note that goes on and on and on')).toBe('a very long note that goes …');
    const tip = (s?.markLine?.tooltip as { formatter: (p: unknown) => string }).formatter({ dataIndex: 0 });
    expect(tip).toBe('<b>Note</b> at step 150<br/>LR drop');
    const evil = noteSeries([{ id: 'x', step: 1, stepEnd: null, text: '<img src=x onerror=alert(1)>', runId: null }], LIGHT_COLORS);
    expect((evil?.markLine?.tooltip as { formatter: (p: unknown) => string }).formatter({ dataIndex: 0 })).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(noteSeries([], LIGHT_COLORS)).toBeNull();
  });

  it('is part of the curve option on the step axis only, and renders into the SVG', () => {
    const notes = notesForChart(annotations, 'train/loss');
    const base = { metric: 'train/loss', series: [series], runs: new Map([['r', { id: 'r', name: 'run', color: '#123456' }]]), extent: null, zoom: null, colors: LIGHT_COLORS, notes, print: true };
    const opt = buildCurveOption(base);
    const ids = (opt.series as { id?: string }[]).map((x) => x.id);
    expect(ids).toContain('notes');
    const onTime = buildCurveOption({ ...base, x: { kind: 'wall' } } as Parameters<typeof buildCurveOption>[0]);
    expect((onTime.series as { id?: string }[]).map((x) => x.id)).not.toContain('notes');
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption(opt);
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('LR drop');
    expect(svg).toContain('warm-up (b|bold) (a)');
  });
});
