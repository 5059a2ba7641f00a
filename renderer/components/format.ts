import { localDate } from '../../shared/util/local-date';

/** Formatting for tables, axes and tooltips. Pure; dates use the local time zone. */

/** Compact numbers: 4 significant digits, scientific outside 1e-3..1e6, NaN/±Inf spelled out. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

// Shared with the diagnosis messages (shared/analysis/diagnosis/hang.ts), which must read the same as the app.
export { formatDuration } from '../../shared/util/format-duration';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local date: "2025-11-21". */
export function formatDate(epochSec: number | null | undefined): string {
  if (epochSec === null || epochSec === undefined || !Number.isFinite(epochSec)) return '';
  return localDate(epochSec);
}

/** Local date and time: "2025-11-21 09:00". */
export function formatDateTime(epochSec: number | null | undefined): string {
  if (epochSec === null || epochSec === undefined || !Number.isFinite(epochSec)) return '';
  const d = new Date(epochSec * 1000);
  return `${formatDate(epochSec)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** A step with thousands separators: "12,000". */
export function formatStep(step: number | null | undefined): string {
  if (step === null || step === undefined || !Number.isFinite(step)) return '–';
  return step.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** A step for an axis label: "950", "12k", "1.5M". */
export function formatStepShort(step: number): string {
  const a = Math.abs(step);
  const trim = (x: number) => String(Number(x.toPrecision(3)));
  if (a >= 1e9) return `${trim(step / 1e9)}G`;
  if (a >= 1e6) return `${trim(step / 1e6)}M`;
  if (a >= 1e4) return `${trim(step / 1e3)}k`;
  if (a >= 10) return String(Math.round(step));
  return String(Number(step.toPrecision(3)));
}

export { formatBytes } from '../../shared/util/bytes';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
