// Runs in the browser (bundled by bench/scenarios/curves.ts with esbuild): one chart frame as the app draws it, the
// app's own ECharts modules and option builder on a canvas, timed from the series bundle to painted pixels.
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { handOver } from '../../renderer/charts/hand-over';
import { LIGHT_COLORS, buildCurveOption } from '../../renderer/charts/options/curves';
import type { CurveRun } from '../../renderer/charts/options/curves';
import type { SeriesBundle } from '../../shared/domain/series';
import { decodeWire } from '../../shared/ipc/wire';

use([CustomChart, LineChart, ScatterChart, GridComponent, TooltipComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

declare global {
  interface Window {
    /** Wire bytes (base64, as the bench hands them over) → the answer, timed: what receiving a bundle costs. */
    runlensReceive(base64: string): { value: unknown; ms: number };
    /** One frame of `bundle` in a fresh 1200 × 360 canvas chart: milliseconds from bundle to painted canvas. */
    runlensFrame(bundle: SeriesBundle, names: Record<string, { name: string; color: string }>, extent: { min: number; max: number }): number;
  }
}

window.runlensReceive = (base64) => {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const t0 = performance.now();
  const value = decodeWire(bytes.buffer);
  return { value, ms: performance.now() - t0 };
};

window.runlensFrame = (bundle, names, extent) => {
  const host = document.createElement('div');
  host.style.cssText = 'width:1200px;height:360px';
  document.body.append(host);
  const t0 = performance.now();
  const runs = new Map<string, CurveRun>(Object.entries(names).map(([id, r]) => [id, { id, name: r.name, color: r.color }]));
  const option = buildCurveOption({ metric: bundle.metric, series: bundle.series, runs, extent, zoom: null, colors: LIGHT_COLORS });
  const chart = init(host, undefined, { renderer: 'canvas' });
  chart.setOption(handOver(option));
  // ZRender paints on the next animation frame; flushing now puts the paint inside the measurement. Chromium only
  // records canvas calls until someone reads pixels: reading one makes it rasterise them now, inside the measurement.
  chart.getZr().flush();
  host.querySelector('canvas')?.getContext('2d')?.getImageData(0, 0, 1, 1);
  const ms = performance.now() - t0;
  chart.dispose();
  host.remove();
  return ms;
};
