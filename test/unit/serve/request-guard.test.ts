import type * as Crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// Spy on the comparison itself: the guard must reach timingSafeEqual for every token, whatever its length or content.
const { timingSafeEqual } = vi.hoisted(() => ({ timingSafeEqual: vi.fn<(a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => boolean>() }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  timingSafeEqual.mockImplementation(actual.timingSafeEqual);
  return { ...actual, timingSafeEqual };
});

const { checkRequest, tokensEqual } = await import('../../../main/serve/request-guard');
type GuardRequest = Parameters<typeof checkRequest>[0];

const expected = { port: 4321, token: 'tok-123' };
const rpc: GuardRequest = { method: 'POST', path: '/api/rpc/app:get-info', host: '127.0.0.1:4321', origin: undefined, fetchSite: undefined, authorization: 'Bearer tok-123', queryToken: null };
const events: GuardRequest = { ...rpc, method: 'GET', path: '/api/events', authorization: undefined, queryToken: 'tok-123' };
const page: GuardRequest = { ...rpc, method: 'GET', path: '/', authorization: undefined };

describe('checkRequest', () => {
  it.each<[string, GuardRequest]>([
    ['an RPC with the bearer token on our loopback host', rpc],
    ['the localhost alias, any case', { ...rpc, host: 'LocalHost:4321' }],
    ['the event stream with ?token= (EventSource cannot set headers)', events],
    ['the event stream with the bearer token', { ...events, queryToken: null, authorization: 'Bearer tok-123' }],
    ['the page itself, which needs no token', page],
    ['our own Origin, as Chromium sends on the app’s POSTs', { ...rpc, origin: 'http://127.0.0.1:4321', fetchSite: 'same-origin' }],
    ['a request the user typed (Sec-Fetch-Site: none)', { ...events, fetchSite: 'none' }],
  ])('accepts %s', (_name, req) => {
    expect(checkRequest(req, expected)).toEqual({ ok: true });
  });

  it.each<[string, GuardRequest, 401 | 403 | 421]>([
    ['no token', { ...rpc, authorization: undefined }, 401],
    ['a wrong token', { ...rpc, authorization: 'Bearer tok-124' }, 401],
    ['a token of another length', { ...rpc, authorization: 'Bearer tok-1234' }, 401],
    ['an empty bearer', { ...rpc, authorization: 'Bearer ' }, 401],
    ['another scheme', { ...rpc, authorization: 'Basic tok-123' }, 401],
    ['an RPC with the token only in the query (not how the app sends it)', { ...rpc, authorization: undefined, queryToken: 'tok-123' }, 401],
    ['an unknown /api/ path with the token only in the query', { ...events, path: '/api/other' }, 401],
    ['a POST to the event stream with the token only in the query', { ...events, method: 'POST' }, 401],
    ['the event stream with a wrong query token', { ...events, queryToken: 'nope' }, 401],
    ['a rebinding Host, even with the token', { ...rpc, host: 'evil.example:4321' }, 421],
    ['our address on another port', { ...rpc, host: '127.0.0.1:80' }, 421],
    ['our address without a port', { ...rpc, host: '127.0.0.1' }, 421],
    ['IPv6 loopback (the server does not listen there)', { ...rpc, host: '[::1]:4321' }, 421],
    ['0.0.0.0', { ...rpc, host: '0.0.0.0:4321' }, 421],
    ['a suffix trick', { ...rpc, host: '127.0.0.1:4321.evil.example' }, 421],
    ['no Host header', { ...rpc, host: undefined }, 421],
    ['a rebinding Host for the page', { ...page, host: 'attacker.test' }, 421],
    ['a foreign Origin', { ...rpc, origin: 'http://evil.example' }, 403],
    ['our host under https', { ...rpc, origin: 'https://127.0.0.1:4321' }, 403],
    ['our host on another port (another local app)', { ...rpc, origin: 'http://localhost:3000' }, 403],
    ['an opaque Origin (sandboxed frame, file: page)', { ...rpc, origin: 'null' }, 403],
    ['a foreign Origin on the event stream', { ...events, origin: 'http://evil.example' }, 403],
    ['a foreign Origin even for the page', { ...page, origin: 'http://evil.example' }, 403],
    ['a cross-site no-cors request to the API (no Origin sent)', { ...events, fetchSite: 'cross-site' }, 403],
    ['a same-site request from another port', { ...rpc, fetchSite: 'same-site' }, 403],
  ])('refuses %s', (_name, req, status) => {
    const v = checkRequest(req, expected);
    expect(v).toMatchObject({ ok: false, status });
  });
});

describe('tokensEqual', () => {
  it('tells equal from unequal tokens', () => {
    expect(tokensEqual('tok-123', 'tok-123')).toBe(true);
    expect(tokensEqual('tok-124', 'tok-123')).toBe(false);
    expect(tokensEqual('', 'tok-123')).toBe(false);
    expect(tokensEqual('tok-123\u0000', 'tok-123')).toBe(false);
  });

  it('compares in constant time: timingSafeEqual on equal-size digests, whatever the lengths given', () => {
    for (const given of ['tok-123', 'x', '', 'a much longer token than the expected one']) {
      timingSafeEqual.mockClear();
      tokensEqual(given, 'tok-123');
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
      const [a, b] = timingSafeEqual.mock.calls[0] ?? [];
      expect(a?.byteLength).toBe(32);
      expect(b?.byteLength).toBe(32);
    }
  });
});
