import { describe, expect, it } from 'vitest';
import type { RunSeries } from '../../../shared/domain/series';
import type { CurveRun } from '../../../renderer/charts/options/curves';
import { buildCurveOption, pointCount } from '../../../renderer/charts/options/curves';

const runs = new Map<string, CurveRun>([
  ['a', { id: 'a', name: '<img src=x onerror=alert(1)>', color: '#0072B2' }],
  ['b', { id: 'b', name: 'dpo', color: '#E69F00' }],
]);

const raw: RunSeries = { runId: 'a', mode: 'raw', totalPoints: 3, steps: [1, 2, 3], values: [3, null, 1], min: [3, null, 1], max: [3, null, 1], nonFinite: [{ step: 2, kind: 'nan' }] };
const buckets: RunSeries = { runId: 'b', mode: 'buckets', totalPoints: 1000, steps: [10, 20], values: [2, 1.5], min: [1.8, 1.2], max: [2.6, 1.9], nonFinite: [] };

type Series = { id: string; type: string; data: unknown[]; stack?: string; areaStyle?: unknown; lineStyle?: { color?: string } };

function series(o: Record<string, unknown>): Series[] {
  return o.series as Series[];
}

describe('buildCurveOption', () => {
  const o = buildCurveOption({ metric: 'loss', series: [raw, buckets], runs, extent: { min: 0, max: 100 }, zoom: undefined, dark: false });

  it('draws one line per run in its run colour, with every point it was given', () => {
    const lines = series(o).filter((s) => s.id.startsWith('line:'));
    expect(lines.map((s) => s.id)).toEqual(['line:a', 'line:b']);
    expect(lines[0]?.data).toEqual([[1, 3], [2, null], [3, 1]]);
    expect(lines.map((s) => s.lineStyle?.color)).toEqual(['#0072B2', '#E69F00']);
    expect(pointCount([raw, buckets])).toBe(5);
  });

  it('adds a stacked min/max band only for downsampled series', () => {
    const env = series(o).filter((s) => s.id.startsWith('env-'));
    expect(env.map((s) => s.id)).toEqual(['env-lo:b', 'env-hi:b']);
    expect(env[0]?.data).toEqual([[10, 1.8], [20, 1.2]]);
    // The upper band is stacked on the lower one, so it carries the range, not the max.
    expect((env[1]?.data as [number, number][]).map(([, v]) => Number(v.toFixed(6)))).toEqual([0.8, 0.7]);
    expect(env.every((s) => s.stack === 'env:b')).toBe(true);
    expect(env[1]?.areaStyle).toBeDefined();
  });

  it('marks NaN/Inf points instead of dropping them', () => {
    const marks = series(o).find((s) => s.id === 'nonfinite:a');
    expect(marks?.type).toBe('scatter');
    expect(marks?.data).toEqual([{ value: [2, 3], kind: 'nan' }]);
  });

  it('keeps the full step extent on the axis and applies the zoom window to both zoom controls', () => {
    const z = buildCurveOption({ metric: 'loss', series: [raw], runs, extent: { min: 0, max: 100 }, zoom: { min: 10, max: 20 }, dark: true });
    expect(z.xAxis).toMatchObject({ min: 0, max: 100 });
    expect(z.dataZoom).toMatchObject([{ startValue: 10, endValue: 20 }, { startValue: 10, endValue: 20 }]);
  });

  it('print mode has no animation and no zoom widgets', () => {
    const p = buildCurveOption({ metric: 'loss', series: [raw], runs, extent: null, zoom: undefined, dark: false, print: true });
    expect(p.animation).toBe(false);
    expect(p.dataZoom).toEqual([]);
  });

  it('escapes run names in the tooltip HTML', () => {
    const fmt = (o.tooltip as { formatter: (p: unknown[]) => string }).formatter;
    const html = fmt([{ seriesId: 'line:a', seriesName: '<img src=x onerror=alert(1)>', color: '#0072B2', value: [5, 0.25] }]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('step 5');
    expect(html).toContain('<b>0.25</b>');
  });
});
