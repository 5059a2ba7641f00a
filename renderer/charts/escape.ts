const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** ECharts tooltip formatters return HTML: every untrusted string (run names, metric names, paths) goes through this. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A colour fit for a style attribute: `#rgb`/`#rrggbb`/`#rrggbbaa`, anything else becomes grey. */
export function safeColor(c: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : '#888888';
}
