import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  isAppUrl,
  isTrustedSender,
  withAppHeaders,
} from '../../../main/electron/security';
import { RENDERER_CSP } from '../../../main/platform/csp';
import { FakeHardenableContents, FakeSession, silentLog } from './fakes';

const ORIGIN = 'runlens://app';

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the exact renderer policy, shared with the web host', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).toBe(RENDERER_CSP);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['runlens://app/index.html', true],
    ['runlens://app/', true],
    ['runlens://APP/assets/x.js', true],
    ['runlens://app/#/compare', true],
    ['runlens://app.evil/index.html', false],
    ['runlens://app@evil/index.html', false],
    ['runlens://evil@app/index.html', false],
    ['runlens://app:8080/index.html', false],
    ['runlens://other/index.html', false],
    ['https://app/index.html', false],
    ['file:///etc/passwd', false],
    ['about:blank', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url, ORIGIN)).toBe(expected);
  });
});

describe('isTrustedSender', () => {
  it('accepts the main frame on the app origin', () => {
    expect(isTrustedSender({ url: 'runlens://app/index.html', parent: null, detached: false }, ORIGIN)).toBe(true);
  });

  it.each([
    ['a gone frame', null],
    ['an undefined frame', undefined],
    ['a subframe', { url: 'runlens://app/index.html', parent: {}, detached: false }],
    ['another origin', { url: 'https://evil.example/', parent: null, detached: false }],
    ['a file page', { url: 'file:///tmp/x.html', parent: null, detached: false }],
    ['a detached frame', { url: 'runlens://app/index.html', parent: null, detached: true }],
    ['a look-alike host', { url: 'runlens://app@evil/index.html', parent: null }],
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSender(frame, ORIGIN)).toBe(false);
  });
});

describe('hardenSession', () => {
  it('puts the CSP and nosniff on app responses, replacing any header of the same name', () => {
    const s = new FakeSession();
    hardenSession(s, { appOrigin: ORIGIN });
    const r = s.headersFor('runlens://app/index.html', {
      'content-security-policy': ["default-src *"],
      'Content-Type': ['text/html'],
    });
    expect(r.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
    });
  });

  it('leaves responses of other origins untouched', () => {
    const s = new FakeSession();
    hardenSession(s, { appOrigin: ORIGIN });
    expect(s.headersFor('devtools://devtools/bundled/x.html', { a: ['b'] })).toEqual({});
  });

  it('blocks every request to the network or to file:, and lets the app origin through', () => {
    const s = new FakeSession();
    const log = silentLog();
    hardenSession(s, { appOrigin: ORIGIN, log });
    expect(s.isCancelled('https://example.com/track.gif')).toBe(true);
    expect(s.isCancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(s.isCancelled('wss://example.com/socket')).toBe(true);
    expect(s.isCancelled('file:///etc/passwd')).toBe(true);
    expect(s.isCancelled('runlens://app/assets/index.js')).toBe(false);
    expect(s.isCancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(4);
  });

  it('denies every permission request and check', () => {
    const s = new FakeSession();
    hardenSession(s, { appOrigin: ORIGIN });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      s.requestHandler?.(null, permission, cb);
      expect(cb).toHaveBeenCalledExactlyOnceWith(false);
      expect(s.checkHandler?.(null, permission)).toBe(false);
    }
    expect(s.deviceHandler?.()).toBe(false);
  });
});

describe('withAppHeaders', () => {
  it('adds the headers when there were none', () => {
    expect(withAppHeaders(undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
    });
  });
});

describe('hardenContents', () => {
  function harden(extra: Partial<Parameters<typeof hardenContents>[1]> = {}) {
    const wc = new FakeHardenableContents();
    hardenContents(wc, { appOrigin: ORIGIN, log: silentLog(), ...extra });
    return wc;
  }

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s away from the app is prevented', (event) => {
    const wc = harden();
    expect(wc.fire(event, 'https://evil.example/phish')).toBe(true);
    expect(wc.fire(event, 'file:///home/me/runs/dropped.csv')).toBe(true);
    expect(wc.fire(event, 'runlens://app@evil/')).toBe(true);
    expect(wc.fire(event, 'runlens://app/index.html')).toBe(false);
  });

  it('never attaches a webview', () => {
    expect(harden().fire('will-attach-webview')).toBe(true);
  });

  it.each([
    'https://github.com/',
    'http://127.0.0.1:8080/',
    'runlens://app/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'about:blank',
  ])('denies a new window for %s', (url) => {
    const log = silentLog();
    const wc = new FakeHardenableContents();
    hardenContents(wc, { appOrigin: ORIGIN, log });
    expect(wc.open(url)).toEqual({ action: 'deny' });
    expect(log.warn).toHaveBeenCalledWith(`Denied a new window for ${url}`);
  });

  it('registers every listener a navigation or window needs to pass through', () => {
    const wc = harden();
    expect([...wc.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    expect(wc.windowOpenHandler).not.toBeNull();
  });
});
