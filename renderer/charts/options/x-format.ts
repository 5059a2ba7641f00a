import type { XAxis } from '../../../shared/domain/series';
import { formatDateTime, formatStep, formatStepShort, formatValue } from '../../components/format';

/** How x values read on the axis (short) and in the tooltip (full), per kind of x axis. Pure. */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A duration as a clock: "0:41", "12:05", "2:05:09", "3d 4:05:09"; axis ticks need the seconds a humanised span drops. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return `${sign}${d}d ${h}:${pad2(m)}:${pad2(s)}`;
  if (h > 0) return `${sign}${h}:${pad2(m)}:${pad2(s)}`;
  return `${sign}${m}:${pad2(s)}`;
}

/** Local date-time with seconds: "2025-11-21 09:00:05". */
export function formatDateTimeSec(epochSec: number): string {
  if (!Number.isFinite(epochSec)) return '–';
  return `${formatDateTime(epochSec)}:${pad2(new Date(epochSec * 1000).getSeconds())}`;
}

/** An axis tick label. Wall-time ticks show the time, and the date where it changes is in the tooltip. */
export function formatXShort(x: XAxis, v: number): string {
  switch (x.kind) {
    case 'step':
      return formatStepShort(v);
    case 'wall': {
      const d = new Date(v * 1000);
      return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
    }
    case 'relative':
      return formatClock(v);
    case 'metric':
      return formatStepShort(v);
  }
}

/** A full x value, for the tooltip: "step 1,200", "2025-11-21 09:00:05", "1:02:03", "num_tokens 1.2e+06". */
export function formatXFull(x: XAxis, v: number): string {
  switch (x.kind) {
    case 'step':
      return `step ${formatStep(v)}`;
    case 'wall':
      return formatDateTimeSec(v);
    case 'relative':
      return `${formatClock(v)} since start`;
    case 'metric':
      return `${x.metric} ${Math.abs(v) >= 1e3 && Number.isInteger(v) ? formatStep(v) : formatValue(v)}`;
  }
}
