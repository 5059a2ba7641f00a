import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../shared/ipc/contract';
import type { RunSummary } from '../../shared/domain/run';
import { repoRoot, tempDir } from '../helpers/paths';
import type { ServeProcess } from '../helpers/serve-process';
import { startServeProcess } from '../helpers/serve-process';

/**
 * Serve mode's security model, end to end against a real `runlens serve` child (the built CLI): what it listens on,
 * the token, Host and Origin checks, request validation, static files, and that request paths cannot leave the
 * folders the user added. Raw node:http requests, so every header and the request target go out exactly as written.
 */

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Send {
  readonly method?: string;
  readonly path: string;
  /** Exactly these headers; Host is ours unless given (null: no Host header at all). */
  readonly headers?: Record<string, string>;
  readonly host?: string | null;
  readonly body?: string | Buffer;
}

function send(port: number, o: Send): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(o.host === null ? {} : { host: o.host ?? `127.0.0.1:${port}` }), ...o.headers };
    const req = request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      // An event stream never ends: its first bytes are enough.
      const isStream = String(res.headers['content-type']).startsWith('text/event-stream');
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (isStream) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** A stack trace or a host path in an answer would leak internals. */
function expectNoInternals(r: Reply): void {
  expect(r.body).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.body).not.toContain(repoRoot);
}

const SECRET = 'TOP-SECRET-4f1b';

/** An lm-eval results file whose model is a local checkpoint folder (relative to the added folder). */
const resultsFile = (pretrained: string) =>
  JSON.stringify({
    results: { arc_easy: { alias: 'arc_easy', 'acc,none': 0.5, 'acc_stderr,none': 0.01 } },
    versions: { arc_easy: 1 },
    config: { model: 'hf', model_args: `pretrained=${pretrained}` },
  });

describe('runlens serve: security (real child process)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let serve: ServeProcess;
  let port: number;
  let token: string;
  let src: string;
  let runs: RunSummary[];
  const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const rpc = (channel: string, body: unknown, headers: Record<string, string> = auth()) => send(port, { method: 'POST', path: `/api/rpc/${encodeURIComponent(channel)}`, headers, body: JSON.stringify(body) });
  const runAt = (p: string): RunSummary => {
    const r = runs.find((x) => x.path === p);
    if (!r) throw new Error(`no run at ${p}: ${runs.map((x) => x.path).join(', ')}`);
    return r;
  };

  beforeAll(async () => {
    t = await tempDir('runlens-serve-sec-');
    const base = await realpath(t.dir);
    src = path.join(base, 'src');
    const outside = path.join(base, 'outside');
    // Inside the added folder: a checkpoint the eval names. Outside it: a "checkpoint" reached through a symlink.
    await mkdir(path.join(src, 'ckpts', 'checkpoint-200'), { recursive: true });
    await writeFile(path.join(src, 'ckpts', 'checkpoint-200', 'config.json'), JSON.stringify({ model_type: 'inside-model', hidden_size: 64 }));
    await mkdir(path.join(outside, 'checkpoint-100'), { recursive: true });
    await writeFile(path.join(outside, 'checkpoint-100', 'config.json'), JSON.stringify({ model_type: SECRET, hidden_size: 1 }));
    await writeFile(path.join(outside, 'secret.txt'), SECRET);
    await symlink(outside, path.join(src, 'escape'));
    for (const [dir, model] of [
      ['eval-inside', 'ckpts/checkpoint-200'],
      ['eval-escape', 'escape/checkpoint-100'],
    ] as const) {
      await mkdir(path.join(src, dir));
      await writeFile(path.join(src, dir, 'results_2025-01-01T00-00-00.000000.json'), resultsFile(model));
    }
    serve = await startServeProcess(['--workspace', path.join(base, 'ws'), src]);
    const url = new URL(serve.url);
    port = Number(url.port);
    token = url.searchParams.get('token') ?? '';
    // The import runs in the background: wait for both runs.
    for (let i = 0; i < 300; i++) {
      const r = await rpc('library:list-runs', {});
      runs = (JSON.parse(r.body) as { value: RunSummary[] }).value;
      if (runs.length >= 2) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  });

  afterAll(async () => {
    await serve?.stop();
    await t?.cleanup();
  });

  describe('listens on 127.0.0.1 only', () => {
    it('prints a 127.0.0.1 address with a 32-character random token', () => {
      expect(serve.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{32}$`));
    });

    it.runIf(existsSync('/proc/net/tcp'))('its one listening socket is 127.0.0.1:<port> (the kernel’s table), none on IPv6', () => {
      const listening = (file: string) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .slice(1)
          .map((l) => l.trim().split(/\s+/))
          .filter((f) => f[3] === '0A' && Number.parseInt(f[1]?.split(':')[1] ?? '', 16) === port)
          .map((f) => f[1]?.split(':')[0]);
      // 0100007F is 127.0.0.1 in the kernel's little-endian hex; 00000000 would be 0.0.0.0.
      expect(listening('/proc/net/tcp')).toEqual(['0100007F']);
      if (existsSync('/proc/net/tcp6')) expect(listening('/proc/net/tcp6')).toEqual([]);
    });

    it('refuses connections on every other address of this machine', async () => {
      const tryConnect = (address: string) =>
        new Promise<'connected' | 'refused'>((resolve) => {
          const s = connect({ host: address, port, timeout: 2000 });
          s.once('connect', () => {
            s.destroy();
            resolve('connected');
          });
          s.once('error', () => resolve('refused'));
          s.once('timeout', () => {
            s.destroy();
            resolve('refused');
          });
        });
      const others = Object.values(os.networkInterfaces())
        .flatMap((list) => list ?? [])
        .filter((a) => a.address !== '127.0.0.1' && !a.address.startsWith('fe80'))
        .map((a) => a.address);
      // 127.0.0.2 is loopback too on Linux: reachable only when bound to 0.0.0.0.
      const candidates = [...new Set([...others, '::1', ...(process.platform === 'linux' ? ['127.0.0.2'] : [])])];
      for (const a of candidates) expect([a, await tryConnect(a)]).toEqual([a, 'refused']);
      expect(await tryConnect('127.0.0.1')).toBe('connected');
    });
  });

  describe('the token', () => {
    it('is required on every RPC channel: none, a wrong one, one of another length, in the query or a cookie → 401', async () => {
      for (const channel of channels) {
        const p = `/api/rpc/${encodeURIComponent(channel)}`;
        const json = { 'content-type': 'application/json' };
        const variants: Send[] = [
          { method: 'POST', path: p, headers: json, body: '{}' },
          { method: 'POST', path: p, headers: { ...json, authorization: `Bearer ${token.slice(0, -1)}x` }, body: '{}' },
          { method: 'POST', path: p, headers: { ...json, authorization: `Bearer ${token}x` }, body: '{}' },
          { method: 'POST', path: p, headers: { ...json, authorization: token }, body: '{}' },
          { method: 'POST', path: `${p}?token=${token}`, headers: json, body: '{}' },
          { method: 'POST', path: p, headers: { ...json, cookie: `token=${token}; runlens.token=${token}` }, body: '{}' },
        ];
        for (const v of variants) {
          const r = await send(port, v);
          expect([channel, r.status]).toEqual([channel, 401]);
          expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
        }
      }
    });

    it('is required on the event stream: none or a wrong one → 401; the right one opens it', async () => {
      for (const p of ['/api/events', `/api/events?token=${token.slice(0, -1)}x`, '/api/events?token=']) expect((await send(port, { path: p })).status).toBe(401);
      expect((await send(port, { path: '/api/events', headers: { cookie: `token=${token}` } })).status).toBe(401);
      const ok = await send(port, { path: `/api/events?token=${token}` });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toContain('text/event-stream');
      expect(ok.body).toContain(': connected');
    });

    it('is required on unknown API paths too (no probing)', async () => {
      expect((await send(port, { path: '/api/nothing' })).status).toBe(401);
      expect((await send(port, { path: '/api/nothing', headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    });

    it('opens the API with the bearer header, as the app sends it', async () => {
      const r = await rpc('app:get-info', {});
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { mode: 'web', canPickFolder: false } });
    });

    it('the page itself needs no token (it carries none in its HTML) and sends strict headers', async () => {
      const page = await send(port, { path: '/' });
      expect(page.status).toBe(200);
      expect(page.body).not.toContain(token);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    });
  });

  describe('Host and Origin (DNS rebinding, other sites)', () => {
    it.each(['evil.example', 'attacker.test:80', '127.0.0.1', '127.0.0.1:1', '0.0.0.0', '[::1]', 'localhost', '127.0.0.1.evil.example'])(
      'a Host of %s is refused (421) on the page, the API and the event stream, token or not',
      async (host) => {
        for (const o of [
          { path: '/', host },
          { method: 'POST', path: '/api/rpc/app%3Aget-info', host, headers: auth(), body: '{}' },
          { path: `/api/events?token=${token}`, host },
        ]) {
          const r = await send(port, o);
          expect([o.path, r.status]).toEqual([o.path, 421]);
        }
      },
    );

    it('our own port under another name of the machine (a rebound DNS name on our port) is refused', async () => {
      for (const host of [`evil.example:${port}`, `my-laptop.local:${port}`, `127.0.0.2:${port}`, `[::1]:${port}`, `0.0.0.0:${port}`]) {
        const r = await send(port, { method: 'POST', path: '/api/rpc/app%3Aget-info', host, headers: auth(), body: '{}' });
        expect([host, r.status]).toEqual([host, 421]);
      }
      // No Host at all: Node's HTTP server itself answers 400 before the guard (HTTP/1.1 requires the header).
      expect([400, 421]).toContain((await send(port, { path: '/', host: null })).status);
    });

    it('localhost:<port> is our own name', async () => {
      expect((await send(port, { path: '/', host: `localhost:${port}` })).status).toBe(200);
      expect((await send(port, { method: 'POST', path: '/api/rpc/app%3Aget-info', host: `localhost:${port}`, headers: { ...auth(), origin: `http://localhost:${port}` }, body: '{}' })).status).toBe(200);
    });

    it.each(['http://evil.example', 'http://127.0.0.1:1', 'https://127.0.0.1', 'null', 'file://', `http://localhost:3000`])(
      'Origin %s is refused (403) on the API and the event stream, even with the token',
      async (origin) => {
        expect((await rpc('app:get-info', {}, { ...auth(), origin })).status).toBe(403);
        expect((await send(port, { path: `/api/events?token=${token}`, headers: { origin } })).status).toBe(403);
      },
    );

    it('our own Origin is accepted (what the app’s fetch sends)', async () => {
      expect((await rpc('app:get-info', {}, { ...auth(), origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    });

    it('a cross-site request a browser marks (Sec-Fetch-Site) is refused even without an Origin header', async () => {
      expect((await send(port, { path: `/api/events?token=${token}`, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
      expect((await rpc('app:get-info', {}, { ...auth(), 'sec-fetch-site': 'same-site' })).status).toBe(403);
    });
  });

  describe('request bodies', () => {
    it('malformed JSON → 400', async () => {
      for (const body of ['{not json', '{"a":', '\u0000', '{"path": "x"}}']) {
        const r = await send(port, { method: 'POST', path: '/api/rpc/library%3Aadd-source', headers: auth(), body });
        expect([body, r.status]).toEqual([body, 400]);
        expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      }
    });

    it('a body that is not the channel’s shape → 400 on every channel, never a 500 or a stack', async () => {
      const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      for (const channel of channels) {
        for (const body of ['[]', '"text"', '42', 'true', nested]) {
          const r = await send(port, { method: 'POST', path: `/api/rpc/${encodeURIComponent(channel)}`, headers: auth(), body });
          expect([channel, body.slice(0, 20), r.status]).toEqual([channel, body.slice(0, 20), 400]);
          expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
          expectNoInternals(r);
        }
        // Prototype keys are unknown keys: refused by strict schemas, dropped by the others; never a 500.
        const proto = await send(port, { method: 'POST', path: `/api/rpc/${encodeURIComponent(channel)}`, headers: auth(), body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' });
        expect([channel, proto.status < 500]).toEqual([channel, true]);
        expectNoInternals(proto);
      }
    });

    it('prototype keys inside records pollute nothing', async () => {
      const r = await rpc('compare:set-settings', JSON.parse('{"methods":{"__proto__":"x","constructor":"y"},"categories":{"__proto__":null}}'));
      expect(r.status).toBeLessThan(500);
      const settings = JSON.parse((await rpc('compare:get-settings', {})).body) as { ok: boolean; value: { methods: Record<string, unknown> } };
      expect(settings.ok).toBe(true);
      expect(Object.getPrototypeOf(settings.value.methods)).toBe(Object.prototype);
      expect(JSON.parse((await rpc('app:get-info', {})).body)).toMatchObject({ ok: true });
      expect(JSON.parse((await rpc('library:list-runs', {})).body)).toMatchObject({ ok: true });
    });

    it('wrong field types name the field', async () => {
      const r = await rpc('library:add-source', { path: 5 });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('at path') } });
      const extra = await rpc('logs:context', { runId: 'x', file: 'a', line: 1, shell: 'rm -rf /' });
      expect(extra.status).toBe(400);
    });

    it('an oversized body → 413, and the host keeps serving', async () => {
      const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
      const r = await send(port, { method: 'POST', path: '/api/rpc/library%3Aadd-source', headers: auth(), body: big });
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect((await rpc('app:get-info', {})).status).toBe(200);
    });

    it('only JSON is read (no form or text/plain posts) → 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
        const r = await send(port, { method: 'POST', path: '/api/rpc/app%3Aget-info', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: '{}' });
        expect([type, r.status]).toEqual([type, 415]);
      }
      expect((await send(port, { method: 'POST', path: '/api/rpc/app%3Aget-info', headers: { authorization: `Bearer ${token}` }, body: '{}' })).status).toBe(415);
    });

    it('wrong methods and unknown or malformed channels → 405 / 404', async () => {
      const a = { authorization: `Bearer ${token}` };
      expect((await send(port, { path: '/api/rpc/app%3Aget-info', headers: a })).status).toBe(405);
      expect((await send(port, { method: 'PUT', path: '/api/rpc/app%3Aget-info', headers: auth(), body: '{}' })).status).toBe(405);
      expect((await send(port, { method: 'POST', path: `/api/events?token=${token}`, headers: auth(), body: '{}' })).status).toBe(405);
      expect((await send(port, { method: 'DELETE', path: '/', headers: {} })).status).toBe(405);
      for (const ch of ['no%3Asuch', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', 'app%3Aget-info%00', '__proto__', 'constructor', 'toString']) {
        const r = await send(port, { method: 'POST', path: `/api/rpc/${ch}`, headers: auth(), body: '{}' });
        expect([ch, r.status]).toEqual([ch, 404]);
        expectNoInternals(r);
      }
    });

    it('a malformed request target → 4xx, never 500', async () => {
      for (const p of ['http://[', '/%', '/%zz', '*']) {
        const r = await send(port, { path: p });
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
    });
  });

  describe('static files: only the built renderer', () => {
    const secretFile = () => path.join(path.dirname(src), 'outside', 'secret.txt');
    it.each([
      '/../outside/secret.txt',
      '/../../../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
      '/..%5c..%5c..%5cetc%5cpasswd',
      '/..\\..\\..\\etc\\passwd',
      '/index.html%00.png',
      '/%00',
      '//etc/passwd',
      '/etc/passwd',
      '/C:/Windows/win.ini',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
    ])('%s → 404, nothing from outside', async (p) => {
      const r = await send(port, { path: p });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('root:');
      expect(r.body).not.toContain('"name": "runlens"');
    });

    it('an absolute file path in the request target reads nothing either', async () => {
      for (const p of [secretFile(), `/${encodeURIComponent(secretFile())}`, `http://127.0.0.1:${port}/../package.json`]) {
        const r = await send(port, { path: p });
        expect(r.status).toBe(404);
        expect(r.body).not.toContain(SECRET);
      }
    });
  });

  describe('request paths stay inside the folders the user added', () => {
    it('a checkpoint inside the folder is read (control)', async () => {
      const run = runAt('eval-inside');
      expect(run.checkpoints.map((c) => c.path)).toEqual(['ckpts/checkpoint-200']);
      const r = await rpc('review:checkpoint-config', { runId: run.id, path: 'ckpts/checkpoint-200' });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ value: 'inside-model' })]) });
    });

    it('a recorded checkpoint that is a symlink out of the folder is refused, and its files never read', async () => {
      const run = runAt('eval-escape');
      expect(run.checkpoints.map((c) => c.path)).toEqual(['escape/checkpoint-100']);
      const r = await rpc('review:checkpoint-config', { runId: run.id, path: 'escape/checkpoint-100' });
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('outside the folder added to RunLens') } });
      expect(r.body).not.toContain(SECRET);
      // The integrity check treats it as a reference (not a folder of this source): nothing of it is read.
      const checks = await rpc('library:check-checkpoints', { runId: run.id });
      expect(JSON.parse(checks.body)).toMatchObject({ ok: true, value: [{ path: 'escape/checkpoint-100', ok: null, fileCount: 0, totalBytes: 0 }] });
    });

    it.each(['/etc/passwd', '../outside/checkpoint-100', 'ckpts/../../outside/checkpoint-100', 'escape', `${'../'.repeat(12)}etc`, 'ckpts\\..\\..\\outside'])(
      'a checkpoint path of %s is refused',
      async (p) => {
        const r = await rpc('review:checkpoint-config', { runId: runAt('eval-inside').id, path: p });
        expect(r.status).toBe(404);
        expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not-found' } });
        expect(r.body).not.toContain(SECRET);
        expect(r.body).not.toContain('root:');
      },
    );

    it('a format choice for a folder outside the added one is refused', async () => {
      const sourceId = runAt('eval-inside').sourceId;
      for (const folder of ['../outside', '/etc', 'escape']) {
        const r = await rpc('library:choose-format', { sourceId, folder, format: null });
        expect([folder, r.status]).toEqual([folder, 404]);
        expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('outside the folder') } });
      }
    });

    it('log context reads only stored lines: a file path names nothing on disk', async () => {
      const r = await rpc('logs:context', { runId: runAt('eval-inside').id, file: '/etc/passwd', line: 1 });
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(r.body).not.toContain('root:');
      const escape = await rpc('logs:context', { runId: runAt('eval-inside').id, file: '../outside/secret.txt', line: 1 });
      expect(escape.body).not.toContain(SECRET);
    });
  });
});

/**
 * A symlink planted inside the renderer folder must not serve its target. The shared dist/renderer is not touched:
 * the built CLI runs from a copy of the app (its bundle, renderer and package.json; node_modules linked).
 */
describe('runlens serve: a symlink inside the renderer folder (real child process)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let child: ChildProcess | null = null;
  let port = 0;

  beforeAll(async () => {
    t = await tempDir('runlens-serve-app-');
    const app = path.join(t.dir, 'app');
    await mkdir(path.join(app, 'dist', 'main'), { recursive: true });
    await copyFile(path.join(repoRoot, 'package.json'), path.join(app, 'package.json'));
    await copyFile(path.join(repoRoot, 'dist', 'main', 'cli.mjs'), path.join(app, 'dist', 'main', 'cli.mjs'));
    await cp(path.join(repoRoot, 'dist', 'renderer'), path.join(app, 'dist', 'renderer'), { recursive: true });
    await symlink(path.join(repoRoot, 'node_modules'), path.join(app, 'node_modules'));
    await writeFile(path.join(t.dir, 'secret.txt'), SECRET);
    await mkdir(path.join(t.dir, 'outside-dir'));
    await writeFile(path.join(t.dir, 'outside-dir', 'x.js'), SECRET);
    await symlink(path.join(t.dir, 'secret.txt'), path.join(app, 'dist', 'renderer', 'leak.txt'));
    await symlink(path.join(t.dir, 'outside-dir'), path.join(app, 'dist', 'renderer', 'assets', 'linked'));
    await symlink('/etc/passwd', path.join(app, 'dist', 'renderer', 'passwd'));
    const c = spawn(process.execPath, [path.join(app, 'dist', 'main', 'cli.mjs'), 'serve', '--no-open', '--port', '0', '--workspace', path.join(t.dir, 'ws')], { cwd: t.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      c.stdout?.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        const m = /running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m?.[1]) resolve(Number(m[1]));
      });
      c.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
  });

  afterAll(async () => {
    const c = child;
    if (c && c.exitCode === null) {
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      });
    }
    await t?.cleanup();
  });

  it('serves the copied app (control)', async () => {
    const r = await send(port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/<script[^>]+src="[^"]*assets\//);
  });

  it.each(['/leak.txt', '/assets/linked/x.js', '/passwd'])('%s → 404', async (p) => {
    const r = await send(port, { path: p });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('root:');
  });
});
