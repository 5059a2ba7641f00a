import type { EChartsCoreOption } from 'echarts/core';
import { zrUtil } from 'echarts/core';

/**
 * Readies an option for `setOption` without ECharts' deep copy of its series data: ECharts copies every option it is
 * given, point by point, unless an array is marked as a value it may keep (what it does itself for typed arrays).
 * Options are built anew for every change and never edited after, so nothing can change the points under it. The copy
 * of 100,000 [x, y] pairs was half of a 50-run frame (bench `chart-frame`), most of it garbage collection; the lines
 * are typed arrays now (line-points.ts), which ECharts would still copy whole.
 */
export function handOver<O extends EChartsCoreOption>(option: O): O {
  const series = (option as { series?: unknown }).series;
  for (const s of Array.isArray(series) ? series : []) {
    const data = (s as { data?: unknown }).data;
    // Typed arrays too: ECharts' clone copies those as well (through `Float64Array.from`).
    if (Array.isArray(data) || ArrayBuffer.isView(data)) zrUtil.setAsPrimitive(data);
  }
  return option;
}
