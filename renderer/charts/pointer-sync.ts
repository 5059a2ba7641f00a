import type { ECharts } from 'echarts/core';

/**
 * Synced crosshair: hovering one chart of a group shows the axis pointer and tooltip at the same x value on every
 * other chart of the group. Not ECharts' `connect`: that also links dataZoom, and it syncs by pixel, which puts the
 * pointer at a different step on charts whose x ranges differ.
 */
const groups = new Map<string, Set<ECharts>>();
/** The chart under the mouse: only its pointer moves are echoed, so echoes do not bounce back. */
let hovered: ECharts | null = null;

interface AxisPointerEvent {
  readonly axesInfo?: readonly { readonly axisDim?: string; readonly value?: unknown }[];
}

function xValueOf(event: unknown): number | null {
  const info = (event as AxisPointerEvent | null)?.axesInfo;
  if (!Array.isArray(info)) return null;
  const x = info.find((a) => a.axisDim === 'x');
  return typeof x?.value === 'number' && Number.isFinite(x.value) ? x.value : null;
}

function others(group: string, self: ECharts): ECharts[] {
  return [...(groups.get(group) ?? [])].filter((c) => c !== self && !c.isDisposed());
}

/** Where `x` falls on `chart`'s x axis, in px; null when it has no x axis yet (no data) or x is off the plot. */
function pixelOf(chart: ECharts, x: number): number | null {
  try {
    const px: unknown = chart.convertToPixel({ xAxisIndex: 0 }, x);
    return typeof px === 'number' && Number.isFinite(px) && px >= 0 && px <= chart.getWidth() ? px : null;
  } catch {
    return null;
  }
}

/** Adds `chart` to `group`; returns the function that takes it out again (call before dispose). */
export function joinPointerSync(group: string, chart: ECharts): () => void {
  let members = groups.get(group);
  if (!members) {
    members = new Set();
    groups.set(group, members);
  }
  members.add(chart);
  const zr = chart.getZr();
  const onMove = () => {
    hovered = chart;
  };
  const onOut = () => {
    if (hovered === chart) hovered = null;
    for (const c of others(group, chart)) c.dispatchAction({ type: 'hideTip' });
  };
  const onPointer = (event: unknown) => {
    if (hovered !== chart) return;
    const x = xValueOf(event);
    if (x === null) return;
    for (const c of others(group, chart)) {
      const px = pixelOf(c, x);
      if (px === null) c.dispatchAction({ type: 'hideTip' });
      // Mid-height is inside every chart's plot area, which is all an axis-triggered tooltip needs.
      else c.dispatchAction({ type: 'showTip', x: px, y: c.getHeight() / 2 });
    }
  };
  zr.on('mousemove', onMove);
  zr.on('globalout', onOut);
  chart.on('updateAxisPointer', onPointer);
  return () => {
    if (hovered === chart) hovered = null;
    zr.off('mousemove', onMove);
    zr.off('globalout', onOut);
    chart.off('updateAxisPointer', onPointer);
    members.delete(chart);
    if (members.size === 0) groups.delete(group);
  };
}

/** Charts currently in `group` (for tests). */
export function pointerSyncSize(group: string): number {
  return groups.get(group)?.size ?? 0;
}
