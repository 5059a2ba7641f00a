import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { RENDERER_CSP } from '../platform/csp';

/**
 * The renderer's Content-Security-Policy. One string for every host: it lives in `main/platform/csp.ts` (the web host
 * imports it from there) and is re-exported here so the Electron adapter has a single security module.
 */
export const CONTENT_SECURITY_POLICY: string = RENDERER_CSP;

/** Headers set on every response of the app origin, whoever served it. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/** Schemes that would reach the network or the disk outside the app origin: RunLens never loads anything from them. */
const BLOCKED_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

export interface SecurityLog {
  warn(message: string, ...details: unknown[]): void;
}

/** True when `url` is on the app origin (`runlens://app`): same scheme and host, no user info, no port. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  let u: URL;
  let origin: URL;
  try {
    u = new URL(url);
    origin = new URL(appOrigin);
  } catch {
    return false;
  }
  return (
    u.protocol === origin.protocol &&
    u.host.toLowerCase() === origin.host.toLowerCase() &&
    u.username === '' &&
    u.password === ''
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Session

type HeaderMap = Record<string, string | string[]>;

/** The parts of `Electron.Session` that `hardenSession` uses (a real Session satisfies it). */
export interface HardenableSession {
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { cancel?: boolean; responseHeaders?: HeaderMap }) => void,
      ) => void,
    ): void;
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export interface HardenSessionOptions {
  readonly appOrigin: string;
  readonly log?: SecurityLog;
}

/** Response headers with the app's security headers replacing any same-named ones (header names are case-insensitive). */
export function withAppHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = new Set(Object.keys(APP_RESPONSE_HEADERS).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!ours.has(name.toLowerCase())) out[name] = value;
  }
  for (const [name, value] of Object.entries(APP_RESPONSE_HEADERS)) out[name] = [value];
  return out;
}

/**
 * Locks a session down: the CSP on every app-origin response (a second line behind the protocol handler's header),
 * no request to the network or `file:` from any page, and every permission request and check denied.
 */
export function hardenSession(session: HardenableSession, opts: HardenSessionOptions): void {
  const { appOrigin, log } = opts;
  session.webRequest.onHeadersReceived((details, callback) => {
    if (isAppUrl(details.url, appOrigin)) callback({ responseHeaders: withAppHeaders(details.responseHeaders) });
    else callback({});
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    const blocked = isBlockedRequest(details.url);
    if (blocked) log?.warn(`Blocked a request outside the app: ${details.url.slice(0, 200)}`);
    callback({ cancel: blocked });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log?.warn(`Denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

function isBlockedRequest(url: string): boolean {
  try {
    return BLOCKED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// WebContents

/** The navigation events' first argument (Electron 45: the details are on the event). */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** The parts of `Electron.WebContents` that `hardenContents` uses (a real WebContents satisfies it). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

export interface HardenContentsOptions {
  readonly appOrigin: string;
  readonly log?: SecurityLog;
}

/**
 * Keeps a webContents on the app: navigation and redirects away from the app origin are cancelled, every new window
 * is denied, and `<webview>` is never attached.
 *
 * Links are never handed to the user's browser (`shell.openExternal`): RunLens is offline, and the only links it
 * shows are in report notes the user wrote. Opening them would be the one way for page content to launch another
 * program, so a `target=_blank` link is simply denied (ADR 0005). A test keeps `openExternal` out of the sources.
 */
export function hardenContents(contents: HardenableContents, opts: HardenContentsOptions): void {
  const { appOrigin, log } = opts;
  const stayOnApp = (details: NavigationEvent): void => {
    if (isAppUrl(details.url, appOrigin)) return;
    details.preventDefault();
    log?.warn(`Blocked navigation to ${details.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-frame-navigate', stayOnApp);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn('Refused to attach a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log?.warn(`Denied a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// IPC senders

/** The parts of `Electron.WebFrameMain` that `isTrustedSender` reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: object | null;
  readonly detached?: boolean;
}

/** True only for a live main frame showing the app origin: subframes, other origins and gone frames are refused. */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (!frame || frame.detached === true || frame.parent !== null) return false;
  return isAppUrl(frame.url, appOrigin);
}
