import type { NonFiniteKind, RunSeries, XAxis } from '../../../shared/domain/series';
import { at, nonFiniteX, seriesX, STEP_X } from '../../../shared/domain/series';
import { formatStep, formatValue } from '../../components/format';
import { escapeHtml, safeColor } from '../escape';
import { formatXFull } from './x-format';

export interface TooltipRun {
  readonly name: string;
  readonly color: string;
}

/** One run's reading at the cursor. */
export interface CursorReading {
  readonly runId: string;
  readonly name: string;
  readonly color: string;
  /** The step of the point read (the run's point nearest to the cursor). */
  readonly step: number;
  /** Where that point is on the x axis (its step on the step axis). */
  readonly x: number;
  readonly value: number | null;
  readonly nonFinite: NonFiniteKind | null;
  /** The bucket's min/max when the series is downsampled. */
  readonly range: { readonly min: number; readonly max: number } | null;
  /** The smoothed value at the same point, when smoothing is on. */
  readonly smoothed: number | null;
}

function nonFiniteAt(s: RunSeries, step: number): NonFiniteKind | null {
  for (const p of s.nonFinite) if (p.step === step) return p.kind;
  return null;
}

/** The x position of the point at `step`'s marker, read back from the marker list. */
function nonFiniteStepAtX(s: RunSeries, x: number): number | null {
  for (const p of s.nonFinite) if (nonFiniteX(p) === x) return p.step;
  return null;
}

/**
 * Every run's value at `cursorStep`: each run's point nearest to it, for runs whose steps span the cursor (a run that
 * ended earlier, or started later, has no value there). ECharts' own axis tooltip lists only the series whose point
 * is nearest of all, so runs logged on different step grids would vanish from it; this reads each run itself.
 */
export function readingsAt(cursorStep: number, series: readonly RunSeries[], runs: ReadonlyMap<string, TooltipRun>): CursorReading[] {
  const out: CursorReading[] = [];
  for (const s of series) {
    let best = -1;
    let bestDist = Number.POSITIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const xs = seriesX(s);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      const d = Math.abs(x - cursorStep);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    // Non-finite points are normally in `steps` too (value NaN); look at them in case a host sends them apart.
    let nfX: number | null = null;
    for (const p of s.nonFinite) {
      const px = nonFiniteX(p);
      if (px < lo) lo = px;
      if (px > hi) hi = px;
      const d = Math.abs(px - cursorStep);
      if (d < bestDist) {
        bestDist = d;
        nfX = px;
      }
    }
    if (cursorStep < lo || cursorStep > hi) continue;
    const run = runs.get(s.runId);
    const name = run?.name ?? s.runId;
    const color = run?.color ?? '#888888';
    if (nfX !== null) {
      const nfStep = nonFiniteStepAtX(s, nfX) ?? nfX;
      out.push({ runId: s.runId, name, color, step: nfStep, x: nfX, value: null, nonFinite: nonFiniteAt(s, nfStep), range: null, smoothed: null });
      continue;
    }
    if (best < 0) continue;
    const step = s.steps[best] as number;
    const x = xs[best] as number;
    const value = at(s.values, best);
    const min = at(s.min, best);
    const max = at(s.max, best);
    out.push({
      runId: s.runId,
      name,
      color,
      step,
      x,
      value,
      nonFinite: value === null ? nonFiniteAt(s, step) : null,
      range: s.mode === 'buckets' && min !== null && max !== null ? { min, max } : null,
      smoothed: at(s.smoothed, best),
    });
  }
  return out;
}

const KIND_TEXT: Record<NonFiniteKind, string> = { nan: 'NaN', inf: '+Inf', '-inf': '-Inf' };

/** Highest value first (the smoothed one when shown), as the lines stack up at the cursor; NaN/Inf and missing last. */
export function sortReadings(readings: readonly CursorReading[]): CursorReading[] {
  const rank = (r: CursorReading) => r.smoothed ?? r.value ?? Number.NEGATIVE_INFINITY;
  return readings
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(b.r) - rank(a.r) || a.i - b.i)
    .map((e) => e.r);
}

/** The tooltip's HTML. ECharts inserts it as HTML, so every piece of text is escaped here. */
export function tooltipHtml(metric: string, cursorStep: number, readings: readonly CursorReading[], xAxis: XAxis = STEP_X): string {
  const head = `<div style="font-weight:600;margin-bottom:2px">${escapeHtml(metric)} · ${escapeHtml(formatXFull(xAxis, cursorStep))}</div>`;
  if (readings.length === 0) return `${head}<div style="opacity:.7">no run has a point here</div>`;
  const rows = sortReadings(readings).map((r) => {
    const swatch = `<span style="display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:6px;background:${safeColor(r.color)}"></span>`;
    const rawText = r.nonFinite ? KIND_TEXT[r.nonFinite] : formatValue(r.value);
    // With smoothing on, the bold number is the line the user sees; the raw value follows it.
    const value = r.smoothed !== null ? formatValue(r.smoothed) : rawText;
    const raw = r.smoothed !== null ? ` <span style="opacity:.7">raw ${escapeHtml(rawText)}</span>` : '';
    const range = r.range && r.range.min !== r.range.max ? ` <span style="opacity:.7">(${escapeHtml(formatValue(r.range.min))} … ${escapeHtml(formatValue(r.range.max))})</span>` : '';
    // Off the step axis the point's step is always worth saying; on it, only when it is not the cursor's.
    const at =
      xAxis.kind !== 'step'
        ? ` <span style="opacity:.7">@ step ${escapeHtml(formatStep(r.step))}${r.x !== cursorStep ? ` (${escapeHtml(formatXFull(xAxis, r.x))})` : ''}</span>`
        : r.step !== cursorStep
          ? ` <span style="opacity:.7">@ ${escapeHtml(formatStep(r.step))}</span>`
          : '';
    return `<div>${swatch}${escapeHtml(r.name)}: <b>${escapeHtml(value)}</b>${raw}${range}${at}</div>`;
  });
  return head + rows.join('');
}

/** The parts of ECharts' axis-tooltip params the formatter reads. */
interface AxisParam {
  readonly axisValue?: unknown;
}

/** An axis-trigger tooltip formatter over this chart's own data. */
export function curveTooltipFormatter(metric: string, series: readonly RunSeries[], runs: ReadonlyMap<string, TooltipRun>, xAxis: XAxis = STEP_X): (params: unknown) => string {
  return (params) => {
    const first: AxisParam | undefined = Array.isArray(params) ? (params[0] as AxisParam | undefined) : (params as AxisParam | undefined);
    const raw = first?.axisValue;
    const step = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(step)) return '';
    return tooltipHtml(metric, step, readingsAt(step, series, runs), xAxis);
  };
}
