/**
 * A file name from a title or metric name: control characters and what file systems reject become `_`, leading dots
 * go (no hidden files), the stem is cut to 120 characters; `fallback` when nothing is left.
 */
export function safeFileName(name: string, ext: string, fallback = 'chart'): string {
  const printable = Array.from(name, (c) => (c.charCodeAt(0) < 32 ? '_' : c)).join('');
  const base = printable.replace(/[\\/:*?"<>|]+/g, '_').replace(/^\.+/, '').trim().slice(0, 120) || fallback;
  return `${base}.${ext}`;
}
