import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Host } from '../host';
import { dispatch } from '../ipc/dispatch';
import { RENDERER_CSP } from '../platform/csp';
import { checkRequest } from './request-guard';
import { loadStatic } from './static-files';

export interface ServeOptions {
  readonly host: Host;
  /** Built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** 0 = any free port. */
  readonly port?: number;
  /** Fixed token (tests); a random one per start otherwise. */
  readonly token?: string;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const SSE_HEARTBEAT_MS = 15_000;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/**
 * The local web host: the same handlers as Electron, over HTTP on 127.0.0.1 only. POST /api/rpc/<channel> answers an
 * IpcResult; GET /api/events is a server-sent event stream; everything else is the built renderer.
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(
      {
        host: req.headers.host,
        origin: req.headers.origin,
        path: url.pathname,
        authorization: req.headers.authorization,
        queryToken: url.searchParams.get('token'),
      },
      { port, token },
    );
    if (!verdict.ok) {
      send(res, verdict.status, 'application/json; charset=utf-8', JSON.stringify({ ok: false, error: { code: 'unauthorized', message: verdict.reason } }));
      return;
    }
    if (url.pathname.startsWith('/api/rpc/') && req.method === 'POST') return rpc(req, res, url.pathname.slice('/api/rpc/'.length));
    if (url.pathname === '/api/events' && req.method === 'GET') return events(req, res);
    if (url.pathname.startsWith('/api/')) {
      send(res, 404, 'application/json; charset=utf-8', JSON.stringify({ ok: false, error: { code: 'not-found', message: 'No such API.' } }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    const file = await loadStatic(opts.rendererDir, url.pathname);
    if (!file) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    send(res, 200, file.type, file.body, req.method === 'HEAD');
  }

  async function rpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    let body: unknown;
    try {
      const text = await readBody(req);
      body = text.length === 0 ? {} : JSON.parse(text);
    } catch (err) {
      const message = err instanceof BodyTooLarge ? 'Request body too large.' : 'Request body is not valid JSON.';
      send(res, 400, 'application/json; charset=utf-8', JSON.stringify({ ok: false, error: { code: 'invalid-request', message } }));
      return;
    }
    const result = await dispatch(opts.host.handlers, decodeURIComponent(channel), body, { mode: 'web' }, {
      onInternalError: (ch, err) => opts.log?.(`error in ${ch}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    });
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sockets.add(res);
    const unsubscribe = opts.host.bus.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sockets.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  return {
    port,
    token,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : body);
}
