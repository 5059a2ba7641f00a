import type { RunlensBridge } from '../../shared/ipc/bridge';
import { BRIDGE_KEY } from '../../shared/ipc/bridge';
import type { Channel, Req, Res } from '../../shared/ipc/contract';
import { contract } from '../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import { events } from '../../shared/ipc/events';
import type { ErrorCode, IpcResult } from '../../shared/ipc/result';

/** A failed host call, with the contract's error code (never a stack trace). */
export class HostError extends Error {
  constructor(
    readonly code: ErrorCode | 'transport',
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export interface Transport {
  call<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  /** Absolute path of a dropped file or folder, when the host can tell (Electron). */
  pathForFile(file: File): string | null;
}

type Raw = {
  invoke(channel: string, req: unknown): Promise<IpcResult<unknown>>;
  on(event: EventName, cb: (payload: unknown) => void): () => void;
  pathForFile(file: File): string | null;
};

/** Validates every answer and event against the contract, whichever way it travelled. */
function validated(raw: Raw): Transport {
  return {
    async call(channel, req) {
      const r = await raw.invoke(channel, req);
      if (!r.ok) throw new HostError(r.error.code, r.error.message);
      const parsed = contract[channel].res.safeParse(r.value);
      if (!parsed.success) throw new HostError('transport', `The host sent an unexpected answer to ${channel}.`);
      return parsed.data as Res<typeof channel>;
    },
    on(event, cb) {
      return raw.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) cb(parsed.data as EventPayload<typeof event>);
      });
    },
    pathForFile: (file) => raw.pathForFile(file),
  };
}

const TOKEN_KEY = 'runlens.token';

/** The serve host's token: from `?token=` on first load (then hidden from the address bar), else this tab's session. */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export interface HttpDeps {
  readonly fetch: typeof fetch;
  readonly EventSource: typeof EventSource;
  readonly token: string | null;
  readonly base?: string;
}

/** The web host: POST /api/rpc/<channel> and an SSE stream, reconnected with backoff when it drops. */
export function httpRaw(d: HttpDeps): Raw {
  const base = d.base ?? '';
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  let retryMs = 500;

  const connect = () => {
    const es = new d.EventSource(`${base}/api/events?token=${encodeURIComponent(d.token ?? '')}`);
    source = es;
    es.onopen = () => {
      retryMs = 500;
    };
    es.onerror = () => {
      es.close();
      source = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
    for (const name of Object.keys(events) as EventName[]) {
      es.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const cb of listeners.get(name) ?? []) cb(payload);
      });
    }
  };

  return {
    async invoke(channel, req) {
      let res: Response;
      try {
        res = await d.fetch(`${base}/api/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token ?? ''}` },
          body: JSON.stringify(req),
        });
      } catch {
        return { ok: false, error: { code: 'internal', message: 'RunLens host is not reachable. Is `runlens serve` still running?' } };
      }
      if (res.status === 401) return { ok: false, error: { code: 'unauthorized', message: 'This page has no valid RunLens token: open the address printed by `runlens serve`.' } };
      try {
        return (await res.json()) as IpcResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: `RunLens host answered ${res.status}.` } };
      }
    },
    on(event, cb) {
      if (!source) connect();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(cb);
      return () => set.delete(cb);
    },
    pathForFile: () => null,
  };
}

function bridgeRaw(b: RunlensBridge): Raw {
  return {
    invoke: (channel, req) => b.invoke(channel as Channel, req as Req<Channel>),
    on: (event, cb) => b.on(event, cb as (p: EventPayload<typeof event>) => void),
    pathForFile: (f) => b.pathForFile(f),
  };
}

/** The one way the renderer reaches the host: Electron's preload bridge when present, else the web host. */
export function createTransport(win: Window): Transport {
  const bridge = (win as unknown as Record<string, RunlensBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return validated(bridgeRaw(bridge));
  const token = takeToken(win.location, win.sessionStorage, win.history);
  return validated(httpRaw({ fetch: win.fetch.bind(win), EventSource: (win as Window & typeof globalThis).EventSource, token }));
}

export { validated as validatedTransport };
