import * as echarts from 'echarts';
import { zrUtil } from 'echarts/core';
import { describe, expect, it } from 'vitest';
import { handOver } from '../../../renderer/charts/hand-over';
import { LIGHT_COLORS, buildCurveOption } from '../../../renderer/charts/options/curves';
import { buckets, raw } from './fixtures';

const option = () =>
  buildCurveOption({
    metric: 'loss',
    series: [raw('a', [0, 1, 2, 3], [3, 2, null, 1]), buckets('b', [100, 200, 300], [2, 1.5, 1.2], [1.8, 1.2, 1.0], [2.6, 1.9, 1.4])],
    runs: new Map([
      ['a', { id: 'a', name: 'run a', color: '#1f77b4' }],
      ['b', { id: 'b', name: 'run b', color: '#ff7f0e' }],
    ]),
    extent: { min: 0, max: 300 },
    zoom: null,
    colors: LIGHT_COLORS,
    print: true,
  });

function svgOf(o: ReturnType<typeof option>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
  chart.setOption(o);
  const svg = chart.renderToSVGString();
  chart.dispose();
  // Ids and class names carry the instance number.
  return svg.replace(/zr\d+-/g, 'zr-').replace(/zr-cls-\d+/g, 'zr-cls');
}

describe('handOver', () => {
  it("keeps ECharts from copying the series' points: its deep copy returns the same arrays", () => {
    const o = handOver(option());
    const copy = zrUtil.clone(o);
    const series = o.series as { data: unknown }[];
    (copy.series as { data: unknown }[]).forEach((s, i) => expect(s.data).toBe(series[i]?.data));
  });

  it('draws exactly what the option draws without it', () => {
    expect(svgOf(handOver(option()))).toBe(svgOf(option()));
  });
});
