import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { ECharts } from 'echarts/core';
import { init, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([LineChart, ScatterChart, GridComponent, TooltipComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer, SVGRenderer]);

export interface EChartProps {
  readonly option: Record<string, unknown>;
  /** SVG for print/PDF (vector), canvas on screen. */
  readonly renderer?: 'canvas' | 'svg';
  readonly height?: number;
  readonly onDataZoom?: (chart: ECharts) => void;
  readonly onWidth?: (px: number) => void;
}

/** The one owner of ECharts instances: init, option updates, resize, events, dispose. */
export function EChart({ option, renderer = 'canvas', height = 280, onDataZoom, onWidth }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const zoomCb = useRef(onDataZoom);
  zoomCb.current = onDataZoom;
  const widthCb = useRef(onWidth);
  widthCb.current = onWidth;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = init(node, undefined, { renderer });
    chart.current = c;
    c.on('datazoom', () => zoomCb.current?.(c));
    const ro = new ResizeObserver(() => {
      c.resize();
      widthCb.current?.(node.clientWidth);
    });
    ro.observe(node);
    widthCb.current?.(node.clientWidth);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [renderer]);

  useEffect(() => {
    // replaceMerge on series: runs removed from the selection disappear instead of lingering.
    chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return <div ref={el} className="echart" style={{ height }} />;
}
