import { describe, expect, it } from 'vitest';
import type { ECharts } from 'echarts/core';
import { joinPointerSync, pointerSyncSize } from '../../../renderer/charts/pointer-sync';
import { createAppStore } from '../../../renderer/state/store';

describe('pinned charts', () => {
  it('pins in order, unpins on a second toggle, and starts empty', () => {
    const s = createAppStore();
    expect(s.getState().pinnedCharts).toEqual([]);
    s.getState().togglePinnedChart('eval_loss');
    s.getState().togglePinnedChart('loss');
    expect(s.getState().pinnedCharts).toEqual(['eval_loss', 'loss']);
    s.getState().togglePinnedChart('eval_loss');
    expect(s.getState().pinnedCharts).toEqual(['loss']);
  });
});

type Handler = (e?: unknown) => void;

/** Just enough of an ECharts instance: events, an x axis mapping value → px, and a record of dispatched actions. */
function fakeChart(pxPerStep: number, width = 500) {
  const chartHandlers = new Map<string, Handler[]>();
  const zrHandlers = new Map<string, Handler[]>();
  const actions: Record<string, unknown>[] = [];
  const add = (m: Map<string, Handler[]>, k: string, h: Handler) => m.set(k, [...(m.get(k) ?? []), h]);
  const off = (m: Map<string, Handler[]>, k: string, h: Handler) => m.set(k, (m.get(k) ?? []).filter((x) => x !== h));
  const fire = (m: Map<string, Handler[]>, k: string, e?: unknown) => {
    for (const h of m.get(k) ?? []) h(e);
  };
  const chart = {
    on: (k: string, h: Handler) => add(chartHandlers, k, h),
    off: (k: string, h: Handler) => off(chartHandlers, k, h),
    getZr: () => ({ on: (k: string, h: Handler) => add(zrHandlers, k, h), off: (k: string, h: Handler) => off(zrHandlers, k, h) }),
    convertToPixel: (_finder: unknown, v: number) => v * pxPerStep,
    getWidth: () => width,
    getHeight: () => 200,
    isDisposed: () => false,
    dispatchAction: (a: Record<string, unknown>) => actions.push(a),
  };
  return {
    chart: chart as unknown as ECharts,
    actions,
    hover: () => fire(zrHandlers, 'mousemove'),
    leave: () => fire(zrHandlers, 'globalout'),
    pointerAt: (value: number) => fire(chartHandlers, 'updateAxisPointer', { axesInfo: [{ axisDim: 'x', axisIndex: 0, value }] }),
  };
}

describe('synced crosshair', () => {
  it('echoes the hovered chart’s pointer to the others at the same x value, in their own pixels', () => {
    const a = fakeChart(1);
    const b = fakeChart(2);
    const c = fakeChart(10);
    const leaves = [joinPointerSync('g', a.chart), joinPointerSync('g', b.chart), joinPointerSync('g', c.chart)];
    expect(pointerSyncSize('g')).toBe(3);
    a.hover();
    a.pointerAt(40);
    expect(a.actions).toEqual([]);
    expect(b.actions).toEqual([{ type: 'showTip', x: 80, y: 100 }]);
    // 400 px is inside c's 500 px; 60 steps (600 px) would not be, so its tooltip hides.
    expect(c.actions).toEqual([{ type: 'showTip', x: 400, y: 100 }]);
    a.pointerAt(60);
    expect(c.actions.at(-1)).toEqual({ type: 'hideTip' });
    // A pointer move on a chart the mouse is not over (an echo) goes nowhere.
    const before = a.actions.length;
    b.pointerAt(10);
    expect(a.actions.length).toBe(before);
    a.leave();
    expect(b.actions.at(-1)).toEqual({ type: 'hideTip' });
    for (const leave of leaves) leave();
    expect(pointerSyncSize('g')).toBe(0);
  });

  it('keeps groups apart and forgets a chart that left', () => {
    const a = fakeChart(1);
    const b = fakeChart(1);
    const other = fakeChart(1);
    const leaveA = joinPointerSync('one', a.chart);
    const leaveB = joinPointerSync('one', b.chart);
    const leaveOther = joinPointerSync('two', other.chart);
    leaveB();
    a.hover();
    a.pointerAt(5);
    expect(b.actions).toEqual([]);
    expect(other.actions).toEqual([]);
    leaveA();
    leaveOther();
  });
});
