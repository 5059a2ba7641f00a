import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { joinPointerSync } from './pointer-sync';

use([LineChart, ScatterChart, GridComponent, TooltipComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer, SVGRenderer]);

export interface EChartProps {
  readonly option: EChartsCoreOption;
  /** Canvas on screen; SVG for print mode, so PDFs stay vector. */
  readonly renderer?: 'canvas' | 'svg';
  readonly height?: number;
  /** Accessible name of the chart (the canvas itself says nothing to a screen reader). */
  readonly label: string;
  /** Every `datazoom` event, raw (the caller debounces and reads it). */
  readonly onDataZoom?: (event: unknown) => void;
  /** The element's width in px, on mount and whenever it changes. */
  readonly onWidth?: (px: number) => void;
  /** Charts sharing this id show the axis pointer and tooltip at the same x when one is hovered. */
  readonly syncGroup?: string;
  /** A click inside the plot area, as the x value under the pointer (and whether Shift was held). */
  readonly onPlotClick?: (x: number, shiftKey: boolean) => void;
}

/**
 * The one owner of ECharts instances: init on mount, setOption on every new option, resize with the element,
 * dispose on unmount. Option objects come from the pure builders in `charts/options/`.
 */
export function EChart({ option, renderer = 'canvas', height = 280, label, onDataZoom, onWidth, syncGroup, onPlotClick }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const zoomCb = useRef(onDataZoom);
  const widthCb = useRef(onWidth);
  const clickCb = useRef(onPlotClick);
  const lastOption = useRef<EChartsCoreOption | null>(null);
  useEffect(() => {
    zoomCb.current = onDataZoom;
    widthCb.current = onWidth;
    clickCb.current = onPlotClick;
  });

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = init(node, undefined, { renderer });
    chart.current = c;
    if (lastOption.current) c.setOption(lastOption.current);
    c.on('datazoom', (e: unknown) => zoomCb.current?.(e));
    // zrender's click fires on empty plot space too (ECharts' own 'click' only on drawn elements).
    c.getZr().on('click', (e: { offsetX: number; offsetY: number; event?: { shiftKey?: boolean } }) => {
      const at = [e.offsetX, e.offsetY];
      if (!clickCb.current || !c.containPixel('grid', at)) return;
      const v = c.convertFromPixel({ gridIndex: 0 }, at) as number[] | number;
      const x = Array.isArray(v) ? v[0] : v;
      if (typeof x === 'number' && Number.isFinite(x)) clickCb.current(x, e.event?.shiftKey === true);
    });
    const leaveSync = syncGroup === undefined ? null : joinPointerSync(syncGroup, c);
    let width = node.clientWidth;
    const ro = new ResizeObserver(() => {
      c.resize();
      if (node.clientWidth !== width) {
        width = node.clientWidth;
        widthCb.current?.(width);
      }
    });
    ro.observe(node);
    widthCb.current?.(width);
    return () => {
      ro.disconnect();
      leaveSync?.();
      c.dispose();
      chart.current = null;
    };
  }, [renderer, syncGroup]);

  useEffect(() => {
    lastOption.current = option;
    // replaceMerge: runs dropped from the selection disappear instead of lingering from the previous option.
    chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return <div ref={el} className="echart" style={{ height }} role="img" aria-label={label} />;
}
