import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import type { RunningServer } from '../../main/serve/server';
import { startServer } from '../../main/serve/server';
import { openHost } from '../helpers/host';
import { tempDir } from '../helpers/paths';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('runlens serve: the local web host', () => {
  let host: Host;
  let server: RunningServer;
  let cleanup: () => Promise<void>;
  let hostHeader: string;

  beforeAll(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const rendererDir = path.join(t.dir, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>RunLens</title>');
    await writeFile(path.join(t.dir, 'secret.txt'), 'top secret');
    host = await openHost(path.join(t.dir, 'ws'));
    server = await startServer({ host, rendererDir });
    hostHeader = `127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    await host.close();
    await cleanup();
  });

  const rpc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    send(server.port, { method: 'POST', path: `/api/rpc/${channel}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('prints a loopback URL with a random token, and listens on 127.0.0.1 only', () => {
    expect(server.address).toEqual({ address: '127.0.0.1', family: 'IPv4', port: server.port });
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses /api/ without the token, or with a wrong one', async () => {
    const none = await rpc('app:get-info', {});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await rpc('app:get-info', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await send(server.port, { path: '/api/events' })).status).toBe(401);
  });

  it('answers with the token', async () => {
    const r = await rpc('app:get-info', {}, { authorization: `Bearer ${server.token}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { mode: 'web', canPickFolder: false, version: 'test' } });
  });

  it('refuses foreign Host headers (DNS rebinding) even with the token', async () => {
    const r = await rpc('app:get-info', {}, { authorization: `Bearer ${server.token}`, host: `evil.example:${server.port}` });
    expect(r.status).toBe(421);
    expect((await send(server.port, { path: '/', headers: { host: 'attacker.test' } })).status).toBe(421);
  });

  it('refuses cross-origin requests', async () => {
    const r = await rpc('app:get-info', {}, { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' });
    expect(r.status).toBe(403);
  });

  it('validates requests and never leaks internals', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    expect(JSON.parse((await rpc('library:add-source', { path: 5 }, auth)).body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(JSON.parse((await rpc('no:such-thing', {}, auth)).body)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bad = await send(server.port, { method: 'POST', path: '/api/rpc/app:get-info', headers: { ...auth, 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    // Only JSON is read: a text/plain post (what another page could send without a preflight) is refused unread.
    expect((await send(server.port, { method: 'POST', path: '/api/rpc/app:get-info', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });

  it('serves the renderer with a strict CSP and never files outside it', async () => {
    const page = await send(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>RunLens</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await send(server.port, { path: p, headers: { host: hostHeader } });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('top secret');
    }
  });

  it('streams events to a client holding the token', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          if (buf.includes(': connected')) host.bus.emit('library:changed', { reason: 'test' });
          if (buf.includes('event: library:changed')) {
            req.destroy();
            resolve(buf);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('data: {"reason":"test"}');
  });
});
