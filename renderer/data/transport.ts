import type { RunlensBridge } from '../../shared/ipc/bridge';
import { BRIDGE_KEY } from '../../shared/ipc/bridge';
import type { Channel, Req, Res } from '../../shared/ipc/contract';
import { contract } from '../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import { eventNames, events } from '../../shared/ipc/events';
import type { ErrorCode } from '../../shared/ipc/result';
import { resultSchema } from '../../shared/ipc/result';
import { decodeWire, WIRE_CONTENT_TYPE } from '../../shared/ipc/wire';

/**
 * The renderer's only way to the host (DESIGN.md §1.3). Electron: `window.runlens` (preload). Anywhere else: the
 * serve host's `POST /api/rpc/<channel>` and its `/api/events` stream. Whichever way an answer travelled, it is
 * checked against the contract's schema here, so the rest of the renderer can trust its types.
 */

/** Contract codes, plus the two failures that happen on the way: host unreachable, answer of the wrong shape. */
export type HostErrorCode = ErrorCode | 'unreachable' | 'bad-answer';

/** A failed host call: a code the UI can act on and a message fit to show (never a stack trace). */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly channel: Channel | null = null,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** `open`: the event stream is (re)connected, so events may have been missed: refetch. `lost`: it dropped. */
export type ConnectionState = 'open' | 'lost';

export interface Transport {
  readonly kind: 'electron' | 'web';
  call<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /** Absolute path of a dropped file or folder, when the host can tell (Electron); null otherwise. */
  pathForFile(file: File): string | null;
}

/** What an adapter must provide before validation: unvalidated answers and payloads. */
export interface RawTransport {
  readonly kind: 'electron' | 'web';
  invoke(channel: Channel, req: unknown): Promise<unknown>;
  on(event: EventName, cb: (payload: unknown) => void): () => void;
  onConnection(cb: (state: ConnectionState) => void): () => void;
  pathForFile(file: File): string | null;
}

const envelopes = new Map<Channel, ReturnType<typeof resultSchema>>();
function envelopeOf(channel: Channel) {
  let s = envelopes.get(channel);
  if (!s) {
    s = resultSchema(contract[channel].res);
    envelopes.set(channel, s);
  }
  return s;
}

/** Wraps an adapter: requests checked before they leave, answers and events checked when they arrive. */
export function validatedTransport(raw: RawTransport): Transport {
  return {
    kind: raw.kind,
    async call<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>> {
      const checkedReq = contract[channel].req.safeParse(req);
      if (!checkedReq.success) throw new HostError('invalid-request', `RunLens made a malformed ${channel} request.`, channel);
      const answer = await raw.invoke(channel, checkedReq.data);
      const parsed = envelopeOf(channel).safeParse(answer);
      if (!parsed.success) throw new HostError('bad-answer', `The host sent an unexpected answer to ${channel}.`, channel);
      const r = parsed.data;
      if (!r.ok) throw new HostError(r.error.code, r.error.message, channel);
      return r.value as Res<C>;
    },
    on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
      const schema = events[event];
      return raw.on(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) cb(parsed.data as EventPayload<E>);
      });
    },
    onConnection: (cb) => raw.onConnection(cb),
    pathForFile: (file) => raw.pathForFile(file),
  };
}

const TOKEN_KEY = 'runlens.token';

/**
 * The serve host's token: from `?token=` on first load (kept in this tab's sessionStorage so reloads work, then
 * removed from the address bar so it is not bookmarked or shared), else from sessionStorage.
 */
export function takeToken(loc: Pick<Location, 'href'>, storage: Pick<Storage, 'getItem' | 'setItem'> | null, history: Pick<History, 'replaceState'>): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage disabled: the token still works until the tab is reloaded.
    }
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The parts of EventSource the web transport uses (tests pass a fake). */
export interface EventSourceLike {
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent<string>) => void): void;
  close(): void;
}

export interface HttpDeps {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly openEvents: (url: string) => EventSourceLike;
  readonly token: string | null;
  readonly base?: string;
  /** Schedules a reconnect (setTimeout in the app; tests run it by hand). */
  readonly schedule?: (fn: () => void, ms: number) => void;
}

export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 15_000;

/** The next reconnect delay: doubles from RECONNECT_MIN_MS up to RECONNECT_MAX_MS. */
export function nextBackoff(previousMs: number | null): number {
  return previousMs === null ? RECONNECT_MIN_MS : Math.min(previousMs * 2, RECONNECT_MAX_MS);
}

/**
 * The web host: `POST /api/rpc/<channel>` with a bearer token; events from one EventSource (the token goes in the
 * query string because EventSource cannot set headers). The stream is opened with the first subscription and
 * reopened with backoff whenever it drops; every (re)open is reported so callers refetch what they may have missed.
 */
export function httpTransport(d: HttpDeps): RawTransport {
  const base = d.base ?? '';
  const schedule = d.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let started = false;
  let isOpen = false;
  let backoffMs: number | null = null;

  const notify = (s: ConnectionState) => {
    for (const cb of [...connectionListeners]) cb(s);
  };

  const connect = () => {
    const es = d.openEvents(`${base}/api/events?token=${encodeURIComponent(d.token ?? '')}`);
    es.onopen = () => {
      isOpen = true;
      backoffMs = null;
      notify('open');
    };
    es.onerror = () => {
      // Close and retry ourselves: the browser's own retry gives up for good on an HTTP error (a 401, a restart).
      es.close();
      const isAlreadyLost = !isOpen && backoffMs !== null;
      if (!isAlreadyLost) notify('lost');
      isOpen = false;
      backoffMs = nextBackoff(backoffMs);
      schedule(connect, backoffMs);
    };
    for (const name of eventNames) {
      es.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse(e.data);
        } catch {
          return;
        }
        for (const cb of [...(listeners.get(name) ?? [])]) cb(payload);
      });
    }
  };

  const start = () => {
    if (started) return;
    started = true;
    connect();
  };

  return {
    kind: 'web',
    async invoke(channel, req) {
      let res: Response;
      try {
        res = await d.fetch(`${base}/api/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token ?? ''}` },
          body: JSON.stringify(req),
        });
      } catch {
        throw new HostError('unreachable', 'The RunLens host is not reachable. Is `runlens serve` still running?', channel);
      }
      let body: unknown;
      try {
        // Answers with series columns come as wire bytes (shared/ipc/wire.ts); everything else as JSON.
        body = res.headers.get('content-type')?.startsWith(WIRE_CONTENT_TYPE) ? decodeWire(await res.arrayBuffer()) : await res.json();
      } catch {
        throw new HostError('bad-answer', `The RunLens host answered ${channel} with HTTP ${res.status} and no result.`, channel);
      }
      if (res.status === 401 && !d.token) {
        throw new HostError('unauthorized', 'This page has no RunLens token: open the address printed by `runlens serve`.', channel);
      }
      return body;
    },
    on(event, cb) {
      start();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(cb);
      return () => void set.delete(cb);
    },
    onConnection(cb) {
      start();
      connectionListeners.add(cb);
      return () => void connectionListeners.delete(cb);
    },
    pathForFile: () => null,
  };
}

/**
 * Electron: the preload bridge. IPC events cannot be missed between the first requests and the first listener (both
 * happen in the same task), and the channel never drops, so it reports no connection changes.
 */
export function bridgeTransport(b: RunlensBridge): RawTransport {
  return {
    kind: 'electron',
    invoke: async (channel, req) => {
      try {
        return await b.invoke(channel, req as Req<typeof channel>);
      } catch {
        throw new HostError('unreachable', `RunLens could not reach the host for ${channel}.`, channel);
      }
    },
    on: (event, cb) => b.on(event, cb as (p: EventPayload<typeof event>) => void),
    onConnection: () => () => undefined,
    pathForFile: (f) => {
      try {
        return b.pathForFile(f);
      } catch {
        return null;
      }
    },
  };
}

function bridgeOf(win: Window): RunlensBridge | undefined {
  const candidate: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_KEY];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const b = candidate as Partial<RunlensBridge>;
  return typeof b.invoke === 'function' && typeof b.on === 'function' && typeof b.pathForFile === 'function' ? (b as RunlensBridge) : undefined;
}

function sessionStorageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** The one way the renderer reaches the host: Electron's preload bridge when present, else the web host. */
export function createTransport(win: Window & typeof globalThis): Transport {
  const bridge = bridgeOf(win);
  if (bridge) return validatedTransport(bridgeTransport(bridge));
  const token = takeToken(win.location, sessionStorageOf(win), win.history);
  return validatedTransport(
    httpTransport({
      fetch: (url, init) => win.fetch(url, init),
      openEvents: (url) => new win.EventSource(url),
      token,
    }),
  );
}
