import type { StepWindow } from '../../state/view-slice';

/** The parts of an ECharts `datazoom` event used: percentages (slider, wheel) or values (actions), maybe batched. */
interface ZoomEventPart {
  readonly start?: unknown;
  readonly end?: unknown;
  readonly startValue?: unknown;
  readonly endValue?: unknown;
  readonly batch?: unknown;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The step window a `datazoom` event leaves on screen, given the x axis' full range. `'all'` when the whole range
 * is shown again (the zoom is reset), null when the event says nothing usable.
 */
export function zoomWindowFromEvent(event: unknown, axis: StepWindow | null): StepWindow | 'all' | null {
  if (typeof event !== 'object' || event === null) return null;
  let part = event as ZoomEventPart;
  if (Array.isArray(part.batch) && part.batch.length > 0) part = part.batch[0] as ZoomEventPart;
  const sv = num(part.startValue);
  const ev = num(part.endValue);
  let min: number;
  let max: number;
  if (sv !== null && ev !== null) {
    min = sv;
    max = ev;
  } else {
    const s = num(part.start);
    const e = num(part.end);
    if (s === null || e === null || axis === null) return null;
    if (s <= 0 && e >= 100) return 'all';
    const span = axis.max - axis.min;
    min = axis.min + (span * s) / 100;
    max = axis.min + (span * e) / 100;
  }
  if (min > max) [min, max] = [max, min];
  if (axis !== null && min <= axis.min && max >= axis.max) return 'all';
  return { min, max };
}

/**
 * The step range to ask the host for when zoomed: the window widened by two buckets on each side, so lines run to
 * the plot's edges instead of stopping at the first point inside.
 */
export function queryWindow(zoom: StepWindow, buckets: number): { stepMin: number; stepMax: number } {
  const pad = ((zoom.max - zoom.min) / Math.max(1, buckets)) * 2;
  return { stepMin: zoom.min - pad, stepMax: zoom.max + pad };
}

/** Runs the last call once calls stop for `ms` (zoom gestures fire dozens of events). The scheduler is injectable. */
export class Debouncer {
  private pending: { fn: () => void; handle: unknown } | null = null;

  constructor(
    private readonly ms: number,
    private readonly schedule: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
    private readonly unschedule: (handle: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  ) {}

  push(fn: () => void): void {
    this.cancel();
    const entry = { fn, handle: null as unknown };
    this.pending = entry;
    entry.handle = this.schedule(() => {
      if (this.pending !== entry) return;
      this.pending = null;
      fn();
    }, this.ms);
  }

  cancel(): void {
    if (this.pending) this.unschedule(this.pending.handle);
    this.pending = null;
  }
}
