import { timingSafeEqual } from 'node:crypto';

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403 | 421; reason: string };

/**
 * Checks a request against the web host's rules: the Host header must name our own loopback address (defeats DNS
 * rebinding), a cross-origin browser request is refused, and every /api/ call carries the per-start token.
 */
export function checkRequest(
  req: { host: string | undefined; origin: string | undefined; path: string; authorization: string | undefined; queryToken: string | null },
  expected: { port: number; token: string },
): GuardVerdict {
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`, `[::1]:${expected.port}`];
  if (!req.host || !allowedHosts.includes(req.host.toLowerCase())) return { ok: false, status: 421, reason: 'Unknown Host header' };
  if (req.origin !== undefined && req.origin !== 'null') {
    const allowedOrigins = allowedHosts.map((h) => `http://${h}`);
    if (!allowedOrigins.includes(req.origin.toLowerCase())) return { ok: false, status: 403, reason: 'Cross-origin request refused' };
  }
  if (req.path.startsWith('/api/')) {
    const bearer = req.authorization?.startsWith('Bearer ') ? req.authorization.slice('Bearer '.length) : null;
    const given = bearer ?? req.queryToken;
    if (given === null || !tokensEqual(given, expected.token)) return { ok: false, status: 401, reason: 'Missing or wrong token' };
  }
  return { ok: true };
}

function tokensEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
