import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../main/serve/request-guard';

const expected = { port: 4321, token: 'tok-123' };
const base = { host: '127.0.0.1:4321', origin: undefined, path: '/api/rpc/app:get-info', authorization: 'Bearer tok-123', queryToken: null };

describe('checkRequest', () => {
  it.each([
    ['our loopback host with token', base, { ok: true }],
    ['localhost alias', { ...base, host: 'localhost:4321' }, { ok: true }],
    ['token in the query (EventSource)', { ...base, authorization: undefined, queryToken: 'tok-123' }, { ok: true }],
    ['static page needs no token', { ...base, path: '/', authorization: undefined }, { ok: true }],
    ['same-origin Origin header', { ...base, origin: 'http://127.0.0.1:4321' }, { ok: true }],
  ])('accepts %s', (_name, req, verdict) => {
    expect(checkRequest(req, expected)).toEqual(verdict);
  });

  it.each([
    ['no token', { ...base, authorization: undefined }, 401],
    ['wrong token', { ...base, authorization: 'Bearer nope' }, 401],
    ['token of another length', { ...base, authorization: 'Bearer tok-1234' }, 401],
    ['a rebinding Host', { ...base, host: 'evil.example:4321' }, 421],
    ['our address on another port', { ...base, host: '127.0.0.1:80' }, 421],
    ['no Host header', { ...base, host: undefined }, 421],
    ['a foreign Origin', { ...base, origin: 'http://evil.example' }, 403],
    ['a foreign Origin even for static files', { ...base, path: '/', origin: 'http://evil.example' }, 403],
  ])('refuses %s', (_name, req, status) => {
    const v = checkRequest(req, expected);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.status).toBe(status);
  });
});
