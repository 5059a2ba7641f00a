/**
 * The wall time a console line starts with, in Unix seconds: Megatron-LM's ` [2024-05-01 10:00:00] iteration …`,
 * DeepSpeed/logging's `[2024-05-01 10:00:00,123] [INFO] …`, ISO stamps. Only a stamp at the start counts: a date in
 * the middle of a line is data (a path, a message), not when the line was written.
 *
 * A stamp without a zone is read as UTC. Logs rarely say their zone; durations (goodput, time axes) come out right
 * either way, and the clock shown is the one the log printed.
 */
const LEADING = /^\s*\[?(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?\]?/;

export function leadingWallTime(line: string): number | null {
  const m = LEADING.exec(line);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${(frac ?? '').padEnd(3, '0').slice(0, 3)}${zone === undefined ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
}
