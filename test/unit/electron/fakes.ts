// Plain-Node stand-ins for the Electron objects the adapter touches. Each records what was registered so a test can
// drive it the way Electron would.
import { vi } from 'vitest';
import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import type { Handlers } from '../../../main/ipc/handler-types';
import type { InvokeEvent, IpcMainLike, WindowLike } from '../../../main/electron/ipc';
import type { HardenableContents, HardenableSession, NavigationEvent, SenderFrame } from '../../../main/electron/security';

export function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = async (): Promise<never> => {
    throw new Error('not used in this test');
  };
  return {
    'app:get-info': async () => ({ version: '1.0.0', mode: 'electron', canPickFolder: true, recentFolders: [], workspaceDir: '/w', notices: [] }),
    'library:list-sources': async () => [],
    'library:add-source': unused,
    'library:remove-source': unused,
    'library:rescan-source': unused,
    'library:list-runs': unused,
    'library:list-metrics': unused,
    'library:list-warnings': unused,
    'library:list-configs': unused,
    'import:cancel': unused,
    'library:list-ties': unused,
    'library:choose-format': unused,
    'library:get-table-columns': unused,
    'library:set-table-columns': unused,
    'series:query': unused,
    'series:aggregate': unused,
    'analysis:findings': unused,
    'library:check-checkpoints': unused,
    'diagnosis:runs': unused,
    'audit:runs': unused,
    'logs:context': unused,
    'review:checkpoint-config': unused,
    'review:samples': unused,
    'review:sample': unused,
    'compare:evals': unused,
    'compare:robustness': unused,
    'compare:get-settings': unused,
    'compare:set-settings': unused,
    'annotations:list': unused,
    'annotations:save': unused,
    'annotations:delete': unused,
    'annotations:undo': unused,
    'report:list': unused,
    'report:get': unused,
    'report:save': unused,
    'report:delete': unused,
    'report:export-pdf': unused,
    'report:export-html': unused,
    'report:export-data': unused,
    'report:provenance': unused,
    'dialog:pick-folder': unused,
    ...overrides,
  };
}

type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();
  readonly removed: string[] = [];

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
    this.removed.push(channel);
  }

  /** What ipcRenderer.invoke(channel, ...args) from `senderFrame` would get back. */
  async invoke(channel: string, senderFrame: SenderFrame | null, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame }, ...args);
  }
}

export function appFrame(url = 'runlens://app/index.html'): SenderFrame {
  return { url, parent: null, detached: false };
}

export class FakeContents {
  readonly sent: unknown[][] = [];
  destroyed = false;
  url: string;
  throwOnSend = false;

  constructor(url = 'runlens://app/index.html') {
    this.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    if (this.destroyed) throw new Error('Object has been destroyed');
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    if (this.throwOnSend) throw new Error('render process gone');
    this.sent.push([channel, ...args]);
  }
}

export class FakeWindow implements WindowLike {
  destroyed = false;
  constructor(private readonly contents = new FakeContents()) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  get webContents(): FakeContents {
    // Like Electron: touching a destroyed window's webContents throws.
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    return this.contents;
  }
  get sent(): unknown[][] {
    return this.contents.sent;
  }
}

type NavListener = (details: NavigationEvent) => void;

/** A webContents for hardenContents: records listeners and lets a test fire navigation events. */
export class FakeHardenableContents implements HardenableContents {
  readonly listeners = new Map<string, ((e: NavigationEvent) => void)[]>();
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;

  on(event: string, listener: NavListener): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  /** Fires `event` for `url`; true when some listener called preventDefault. */
  fire(event: string, url = ''): boolean {
    let prevented = false;
    const details: NavigationEvent = { url, preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) l(details);
    return prevented;
  }

  open(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) throw new Error('no window open handler');
    return this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'no-referrer' } });
  }
}

type HeadersListener = Parameters<HardenableSession['webRequest']['onHeadersReceived']>[0];
type BeforeRequestListener = Parameters<HardenableSession['webRequest']['onBeforeRequest']>[0];
type RequestHandler = Parameters<HardenableSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<HardenableSession['setPermissionCheckHandler']>[0];

export class FakeSession implements HardenableSession {
  headersListener: HeadersListener | null = null;
  beforeRequestListener: BeforeRequestListener | null = null;
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  deviceHandler: (() => boolean) | null = null;

  readonly webRequest = {
    onHeadersReceived: (l: HeadersListener) => {
      this.headersListener = l;
    },
    onBeforeRequest: (l: BeforeRequestListener) => {
      this.beforeRequestListener = l;
    },
  };
  setPermissionRequestHandler(h: RequestHandler): void {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: CheckHandler): void {
    this.checkHandler = h;
  }
  setDevicePermissionHandler(h: () => boolean): void {
    this.deviceHandler = h;
  }

  /** The headers Chromium would use for a response to `url` after the listener ran (undefined = unchanged). */
  headersFor(url: string, responseHeaders?: Record<string, string[]>): { cancel?: boolean; responseHeaders?: Record<string, string | string[]> } {
    if (!this.headersListener) throw new Error('no onHeadersReceived listener');
    let out: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> } | undefined;
    this.headersListener({ url, ...(responseHeaders ? { responseHeaders } : {}) }, (r) => (out = r));
    if (!out) throw new Error('listener did not call back');
    return out;
  }

  isCancelled(url: string): boolean {
    if (!this.beforeRequestListener) throw new Error('no onBeforeRequest listener');
    let out: { cancel?: boolean } | undefined;
    this.beforeRequestListener({ url }, (r) => (out = r));
    if (!out) throw new Error('listener did not call back');
    return out.cancel === true;
  }
}

export function silentLog() {
  return { warn: vi.fn(), error: vi.fn() };
}
