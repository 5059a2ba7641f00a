import { createHash, timingSafeEqual } from 'node:crypto';

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403 | 421; reason: string };

export interface GuardRequest {
  readonly method: string;
  readonly path: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by every current browser; absent from other clients. */
  readonly fetchSite: string | undefined;
  readonly authorization: string | undefined;
  readonly queryToken: string | null;
}

/** The event stream: EventSource cannot set headers, so it alone may carry the token in the query string. */
export const EVENTS_PATH = '/api/events';

/**
 * Checks a request against the web host's rules, in this order:
 * - the Host header names our own loopback address and port (a DNS-rebound name is refused: 421);
 * - an Origin header, when sent, is our own origin: a page of any other site, or an opaque origin (`null`: sandboxed
 *   frames, file: and data: pages) is refused (403), and so is an API call a browser marks cross-site or same-site
 *   (Sec-Fetch-Site covers the no-cors requests that carry no Origin);
 * - every /api/ call carries the per-start token, in `Authorization: Bearer` as the app's fetch sends it; only the
 *   event stream may carry it as `?token=` (401 otherwise). Cookies are never read, so a browser never sends the
 *   token on its own (no CSRF).
 */
export function checkRequest(req: GuardRequest, expected: { port: number; token: string }): GuardVerdict {
  const ownHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`];
  if (req.host === undefined || !ownHosts.includes(req.host.toLowerCase())) return { ok: false, status: 421, reason: 'Unknown Host header.' };
  if (req.origin !== undefined && !ownHosts.some((h) => req.origin?.toLowerCase() === `http://${h}`)) return { ok: false, status: 403, reason: 'Cross-origin request refused.' };
  if (!req.path.startsWith('/api/')) return { ok: true };
  if (req.fetchSite !== undefined && req.fetchSite !== 'same-origin' && req.fetchSite !== 'none') return { ok: false, status: 403, reason: 'Cross-site request refused.' };
  const bearer = req.authorization?.startsWith('Bearer ') ? req.authorization.slice('Bearer '.length) : null;
  const given = bearer ?? (req.path === EVENTS_PATH && req.method === 'GET' ? req.queryToken : null);
  if (given === null || !tokensEqual(given, expected.token)) return { ok: false, status: 401, reason: 'Missing or wrong token.' };
  return { ok: true };
}

/**
 * Constant time in the content and the length of `given`: both sides are hashed to 32 bytes first, so neither an
 * early mismatch nor a length mismatch answers sooner.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
