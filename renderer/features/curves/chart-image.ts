import { LegendComponent, TitleComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { handOver } from '../../charts/hand-over';

// The chart components themselves are registered by charts/EChart.tsx, which every chart view loads; an exported figure
// adds a title and a legend, which the screen does not draw.
use([TitleComponent, LegendComponent, CanvasRenderer, SVGRenderer]);

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** A vector figure: ECharts' server-side SVG renderer needs no element and draws the same option as the screen. */
export function renderSvg(option: EChartsCoreOption, size: ImageSize): string {
  const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(handOver(option));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A bitmap figure at `pixelRatio` times the on-screen size (sharp on slides). The canvas renderer needs a real
 * element, so one is laid out off-screen for the moment it takes.
 */
export async function renderPng(option: EChartsCoreOption, size: ImageSize, pixelRatio = 2): Promise<Blob> {
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = `position:fixed;left:-100000px;top:0;width:${size.width}px;height:${size.height}px;pointer-events:none;`;
  document.body.appendChild(host);
  const chart = init(host, undefined, { renderer: 'canvas', width: size.width, height: size.height, devicePixelRatio: pixelRatio });
  try {
    chart.setOption(handOver(option));
    const canvas = chart.renderToCanvas({ pixelRatio });
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The browser could not encode the PNG.'))), 'image/png'));
  } finally {
    chart.dispose();
    host.remove();
  }
}
