import type { CustomScheme } from 'electron';
import { loadStatic } from '../serve/static-files';
import { APP_RESPONSE_HEADERS } from './security';

/**
 * The renderer is served from `runlens://app/…` rather than `file://`: a real origin (so CSP `'self'`, fetch and
 * module scripts behave as on the web host), and nothing outside the built renderer folder is reachable.
 */
export const APP_SCHEME = 'runlens';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The parts of `Electron.Protocol` used here (the real module satisfies it). */
export interface SchemeRegistrar {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
}
export interface ProtocolHandlerHost {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  unhandle(scheme: string): void;
}

/** Must run before the app is ready. */
export function registerAppScheme(protocol: SchemeRegistrar): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra },
  });
}

/**
 * Answers `runlens://app/<path>` from `rendererDir`. Anything that would resolve outside it (`..`, encoded or not),
 * another host, a directory or a missing file is a 404; only GET and HEAD are allowed. Every response carries the
 * app's security headers (CSP included), so HTML never arrives without its policy.
 */
export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const found = await loadStatic(rendererDir, url.pathname || '/');
    if (!found) return plain(404, 'Not found');
    const headers = { ...APP_RESPONSE_HEADERS, 'Content-Type': found.type, 'Content-Length': String(found.body.length) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(found.body), { status: 200, headers });
  };
}

/** Serves the renderer on the app scheme (after ready). Returns the undo. */
export function handleAppProtocol(protocol: ProtocolHandlerHost, rendererDir: string): () => void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
  return () => protocol.unhandle(APP_SCHEME);
}
