import { ISO_STAMP, isoStampTime } from '../../../shared/util/iso-stamp';

/**
 * The wall time a console line starts with, in Unix seconds: Megatron-LM's ` [2024-05-01 10:00:00] iteration …`,
 * DeepSpeed/logging's `[2024-05-01 10:00:00,123] [INFO] …`, ISO stamps. Only a stamp at the start counts: a date in
 * the middle of a line is data (a path, a message), not when the line was written.
 *
 * A stamp without a zone is read as UTC. Logs rarely say their zone; durations (goodput, time axes) come out right
 * either way, and the clock shown is the one the log printed.
 */
const LEADING = new RegExp(String.raw`^\s*\[?${ISO_STAMP}\]?`);

export function leadingWallTime(line: string): number | null {
  const m = LEADING.exec(line);
  const t = m ? isoStampTime(m) : null;
  return t === null ? null : t.ms / 1000;
}
