import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { handOver } from './hand-over';
import { joinPointerSync } from './pointer-sync';

use([CustomChart, LineChart, ScatterChart, GridComponent, TooltipComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer, SVGRenderer]);

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
  /** A click on a mark line (a finding's): the mark's data item as the option gave it. */
  readonly onMarkClick?: (item: unknown) => void;
  /**
   * Buttons over the plot at x values (failures on a loss chart): a canvas mark cannot take focus or a keyboard,
   * a button can. Hidden while their x is outside the visible plot.
   */
  readonly pins?: readonly ChartPin[];
}

export interface ChartPin {
  readonly key: string;
  readonly x: number;
  readonly label: string;
  readonly title: string;
  readonly severity: string;
  readonly onClick: () => void;
}

/**
 * The one owner of ECharts instances: init on mount, setOption on every new option, resize with the element,
 * dispose on unmount. Option objects come from the pure builders in `charts/options/`.
 */
export function EChart({ option, renderer = 'canvas', height = 280, label, onDataZoom, onWidth, syncGroup, onPlotClick, onMarkClick, pins }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const zoomCb = useRef(onDataZoom);
  const widthCb = useRef(onWidth);
  const clickCb = useRef(onPlotClick);
  const markCb = useRef(onMarkClick);
  const lastOption = useRef<EChartsCoreOption | null>(null);
  const pinsRef = useRef(pins);
  const [pinLeft, setPinLeft] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    zoomCb.current = onDataZoom;
    widthCb.current = onWidth;
    clickCb.current = onPlotClick;
    markCb.current = onMarkClick;
    pinsRef.current = pins;
  });

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = init(node, undefined, { renderer });
    chart.current = c;
    if (lastOption.current) c.setOption(handOver(lastOption.current));
    c.on('datazoom', (e: unknown) => zoomCb.current?.(e));
    // After every render (new data, zoom, resize): where each pin's x now is, if it is on the plot.
    c.on('finished', () => {
      const mid = node.clientHeight / 2;
      const next = new Map<string, number>();
      for (const p of pinsRef.current ?? []) {
        const px = c.convertToPixel({ xAxisIndex: 0 }, p.x) as unknown;
        if (typeof px === 'number' && Number.isFinite(px) && c.containPixel('grid', [px, mid])) next.set(p.key, Math.round(px));
      }
      setPinLeft((prev) => (prev.size === next.size && [...next].every(([k, v]) => prev.get(k) === v) ? prev : next));
    });
    c.on('click', (p: { componentType?: string; data?: unknown }) => {
      if (p.componentType === 'markLine') markCb.current?.(p.data);
    });
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
    chart.current?.setOption(handOver(option), { replaceMerge: ['series'] });
  }, [option]);

  return (
    <div className="echart-wrap">
      <div ref={el} className="echart" style={{ height }} role="img" aria-label={label} />
      {pins?.map((p) => {
        const left = pinLeft.get(p.key);
        return left === undefined ? null : (
          <button key={p.key} type="button" className={`chart-pin ${p.severity}`} style={{ left }} title={p.title} aria-label={p.title} data-testid="chart.pin" data-x={p.x} onClick={p.onClick}>
            {p.label}
          </button>
        );
      })}
    </div>
  );
}
