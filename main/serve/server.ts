import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Host } from '../host';
import { COLUMN_CHANNELS, isChannel } from '../../shared/ipc/contract';
import type { ErrorCode, IpcResult } from '../../shared/ipc/result';
import { encodeWire, WIRE_CONTENT_TYPE } from '../../shared/ipc/wire';
import { dispatch } from '../ipc/dispatch';
import { RENDERER_CSP } from '../platform/csp';
import { checkRequest, EVENTS_PATH } from './request-guard';
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
  /** Where it listens, as the socket reports it (always 127.0.0.1). */
  readonly address: AddressInfo;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

/** The only address served: never 0.0.0.0 or ::, so nothing off this machine can connect. */
const LOOPBACK = '127.0.0.1';
const RPC_PREFIX = '/api/rpc/';
/** Larger than any request the app sends (a report spec is the largest, kilobytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;
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
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
    } catch {
      return sendError(res, 400, 'invalid-request', 'Malformed request target.');
    }
    const method = req.method ?? 'GET';
    const verdict = checkRequest(
      {
        method,
        path: url.pathname,
        host: req.headers.host,
        origin: req.headers.origin,
        fetchSite: single(req.headers['sec-fetch-site']),
        authorization: req.headers.authorization,
        queryToken: url.searchParams.get('token'),
      },
      { port, token },
    );
    if (!verdict.ok) return sendError(res, verdict.status, 'unauthorized', verdict.reason);
    if (url.pathname.startsWith(RPC_PREFIX)) {
      if (method !== 'POST') return sendError(res, 405, 'invalid-request', 'Use POST for /api/rpc/.', { Allow: 'POST' });
      return rpc(req, res, url.pathname.slice(RPC_PREFIX.length));
    }
    if (url.pathname === EVENTS_PATH) {
      if (method !== 'GET') return sendError(res, 405, 'invalid-request', 'Use GET for /api/events.', { Allow: 'GET' });
      return events(req, res);
    }
    if (url.pathname.startsWith('/api/')) return sendError(res, 404, 'not-found', 'No such API.');
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', false, { Allow: 'GET, HEAD' });
      return;
    }
    const file = await loadStatic(opts.rendererDir, url.pathname);
    if (!file) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    send(res, 200, file.type, file.body, method === 'HEAD');
  }

  async function rpc(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    const channel = decodeOrNull(rawChannel);
    if (channel === null || !isChannel(channel)) return sendError(res, 404, 'not-found', `Unknown request '${(channel ?? rawChannel).slice(0, 80)}'.`);
    // Only JSON: a form or text/plain post (what a page can send without a preflight) is never read.
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return sendError(res, 415, 'invalid-request', 'Send the request as application/json.');
    const body = await readBody(req);
    if (body === TOO_LARGE) return sendError(res, 413, 'invalid-request', `Request body larger than ${MAX_BODY_BYTES} bytes.`);
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sendError(res, 400, 'invalid-request', 'Request body is not valid JSON.');
    }
    const result = await dispatch(opts.host.handlers, channel, parsed, { mode: 'web' }, {
      onInternalError: (ch, err) => opts.log?.(`error in ${ch}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    });
    // Answers carrying series columns go as wire bytes (shared/ipc/wire.ts); errors and every other answer as JSON.
    const wire = result.ok && COLUMN_CHANNELS.has(channel) ? encodeWire(result) : null;
    if (wire) send(res, httpStatusOf(result), WIRE_CONTENT_TYPE, Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength));
    else send(res, httpStatusOf(result), 'application/json; charset=utf-8', JSON.stringify(result));
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
    server.listen(opts.port ?? 0, LOOPBACK, () => resolve());
  });
  // listen() on a host and port always yields an AddressInfo (a string only for pipes).
  const address = server.address() as AddressInfo;
  port = address.port;
  const url = `http://${LOOPBACK}:${port}/?token=${token}`;
  return {
    port,
    address: { address: address.address, family: address.family, port: address.port },
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

const TOO_LARGE = Symbol('too large');

/**
 * The body as text, or TOO_LARGE past MAX_BODY_BYTES. An oversized body is still drained (up to DRAIN_LIMIT_BYTES) so
 * the client reads the 413 instead of a reset connection; past that the connection is dropped.
 */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT_BYTES) {
        req.destroy();
        reject(new Error('request body far too large'));
      } else if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The HTTP status of a dispatched answer (the body is the IpcResult either way, as the app reads it) says whose fault a
 * failure is: the request's (400 invalid, 404 no such thing, 403 refused), the host's (500, an unexpected failure whose
 * details go only to the host log), or neither (200: an outcome the UI reports, such as an unreadable file).
 */
export function httpStatusOf(result: IpcResult<unknown>): number {
  if (result.ok) return 200;
  const byCode: Partial<Record<ErrorCode, number>> = { 'invalid-request': 400, 'not-found': 404, unauthorized: 403, internal: 500 };
  return byCode[result.error.code] ?? 200;
}

function decodeOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function single(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : body);
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify({ ok: false, error: { code, message } }), false, extra);
}
