/**
 * The one Content-Security-Policy of the renderer, used by the Electron protocol handler and the web host alike.
 * No remote anything; inline styles are allowed because ECharts and React style attributes need them.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
