/**
 * The ISO-like stamps training logs print: `2024-05-01 10:00:00`, `2024-05-01T10:00:00.123456Z`, a `,` before the
 * fraction (Python logging), a zone as `Z`, `+01:00` or `+0100`. Capture groups: year, month, day, hour, minute,
 * second, fraction, zone. Shared by the raw-log importer (a line's wall time) and the failure diagnosis (event times).
 */
export const ISO_STAMP = String.raw`(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?`;

/**
 * A match of ISO_STAMP (its groups from `first` on) as written, normalised to ISO 8601 with milliseconds, and as epoch
 * ms (null when the fields name no real time). A stamp without a zone is read as UTC: logs rarely say their zone;
 * durations come out right either way, and the clock shown is the one the log printed.
 */
export function isoStampTime(m: RegExpExecArray, first = 1): { text: string; ms: number } | null {
  const [y, mo, d, h, mi, s, frac, zone] = m.slice(first, first + 8);
  const zoneIso = zone === undefined ? '' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const text = `${y}-${mo}-${d}T${h}:${mi}:${s}.${(frac ?? '').padEnd(3, '0').slice(0, 3)}${zoneIso}`;
  const ms = Date.parse(zone === undefined ? `${text}Z` : text);
  return Number.isFinite(ms) ? { text, ms } : null;
}
