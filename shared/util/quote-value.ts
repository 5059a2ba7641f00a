/**
 * A value as a warning or a problem quotes it: JSON, cut short. A value nested thousands of levels deep overflows the
 * stack in JSON.stringify (found by the fuzz tests), and a huge one would flood the message.
 */
export function quoteValue(v: unknown, max = 200): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = '[nested too deep]';
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
