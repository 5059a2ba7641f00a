/** Python's str(timedelta): "2:30:03", "3 days, 17:51:32", "1 day, 0:00:05.5" → seconds; null when not that shape. */
export function parseTimedelta(text: string): number | null {
  const m = /^(?:(-?\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
