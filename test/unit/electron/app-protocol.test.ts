import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  createAppRequestHandler,
  handleAppProtocol,
  registerAppScheme,
} from '../../../main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security';

const SECRET = 'root:x:0:0:do-not-serve';
let base: string;
let rendererDir: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'runlens-proto-'));
  rendererDir = path.join(base, 'dist', 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>RunLens</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), 'wOF2');
  // Outside the renderer folder: must never be served.
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  mkdirSync(path.join(base, 'etc'), { recursive: true });
  writeFileSync(path.join(base, 'etc', 'passwd'), SECRET);
  serve = createAppRequestHandler(rendererDir);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app scheme', () => {
  it('is registered privileged as standard, secure and fetch-capable', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'runlens', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_ORIGIN).toBe('runlens://app');
    expect(APP_ENTRY_URL).toBe('runlens://app/index.html');
  });

  it('handles the scheme and undoes it', () => {
    const protocol = { handle: vi.fn(), unhandle: vi.fn() };
    const undo = handleAppProtocol(protocol, rendererDir);
    expect(protocol.handle).toHaveBeenCalledWith(APP_SCHEME, expect.any(Function));
    undo();
    expect(protocol.unhandle).toHaveBeenCalledExactlyOnceWith(APP_SCHEME);
  });
});

describe('createAppRequestHandler', () => {
  it('serves index.html with the CSP', async () => {
    const r = await get('runlens://app/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toBe('<!doctype html><title>RunLens</title>');
  });

  it('maps the bare origin to index.html', async () => {
    for (const url of ['runlens://app/', 'runlens://app']) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('<title>RunLens</title>');
    }
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ['assets/font.woff2', 'font/woff2', 'wOF2'],
  ])('serves %s as %s', async (file, type, body) => {
    const r = await get(`runlens://app/${file}?v=1#x`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(type);
    expect(r.headers.get('content-length')).toBe(String(body.length));
    expect(await r.text()).toBe(body);
  });

  it.each([
    'runlens://app/../../etc/passwd',
    'runlens://app/../secret.txt',
    'runlens://app/%2e%2e/%2e%2e/etc/passwd',
    'runlens://app/%2E%2E/secret.txt',
    'runlens://app/..%2fsecret.txt',
    'runlens://app/..%2f..%2fetc%2fpasswd',
    'runlens://app/assets/..%2f..%2f..%2fsecret.txt',
    'runlens://app/%2e%2e%2f%2e%2e%2fsecret.txt',
    'runlens://app/..%5c..%5csecret.txt',
    'runlens://app/index.html%00.js',
    'runlens://app/%E0%A4%A',
    'runlens://app/assets/',
    'runlens://app/missing.js',
    'runlens://other/index.html',
  ])('refuses %s with a 404 and no file content', async (url) => {
    const r = await get(url);
    expect(r.status).toBe(404);
    const text = await r.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('<title>');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('runlens://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('runlens://app/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
