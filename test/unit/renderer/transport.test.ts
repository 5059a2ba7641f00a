import { describe, expect, it, vi } from 'vitest';
import type { RunlensBridge } from '../../../shared/ipc/bridge';
import type { ConnectionState, EventSourceLike } from '../../../renderer/data/transport';
import { bridgeTransport, createTransport, HostError, httpTransport, nextBackoff, RECONNECT_MAX_MS, RECONNECT_MIN_MS, takeToken, validatedTransport } from '../../../renderer/data/transport';
import { encodeWire, WIRE_CONTENT_TYPE } from '../../../shared/ipc/wire';
import { ManualScheduler, progress } from './fixtures';

class FakeEventSource implements EventSourceLike {
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  readonly handlers = new Map<string, (e: MessageEvent<string>) => void>();
  isClosed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void): void {
    this.handlers.set(type, listener);
  }
  close(): void {
    this.isClosed = true;
  }
  open(): void {
    this.onopen?.(new Event('open'));
  }
  fail(): void {
    this.onerror?.(new Event('error'));
  }
  send(event: string, data: string): void {
    this.handlers.get(event)?.({ data } as MessageEvent<string>);
  }
}

const info = { version: '1.0.0', mode: 'web', canPickFolder: false, recentFolders: ['/r'], workspaceDir: '/w', notices: [] };

function web(fetchImpl: (url: string, init: RequestInit) => Promise<Response>, token: string | null = 'tok') {
  const sources: FakeEventSource[] = [];
  const scheduler = new ManualScheduler();
  const t = validatedTransport(
    httpTransport({
      fetch: fetchImpl,
      openEvents: (url) => {
        const es = new FakeEventSource(url);
        sources.push(es);
        return es;
      },
      token,
      schedule: scheduler.schedule,
    }),
  );
  return { t, sources, scheduler };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('web transport: requests', () => {
  it('POSTs the request to /api/rpc/<channel> with the bearer token and returns the validated value', async () => {
    const f = vi.fn(async (_url: string, _init: RequestInit) => json({ ok: true, value: info }));
    const { t } = web(f);
    await expect(t.call('app:get-info', {})).resolves.toEqual(info);
    expect(f).toHaveBeenCalledTimes(1);
    const [url, init] = f.mock.calls[0] ?? [];
    expect(url).toBe('/api/rpc/app%3Aget-info');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(JSON.parse(String(init?.body))).toEqual({});
  });

  it('reads series columns sent as wire bytes: Float64Arrays, checked with one instanceof per column', async () => {
    const values = Float64Array.of(3, NaN, 1);
    const bundle = { metric: 'loss', series: [{ runId: 'a', mode: 'raw', totalPoints: 3, steps: Float64Array.of(0, 1, 2), values, min: values, max: values, first: values, smoothed: null, nonFinite: [{ step: 1, kind: 'nan' }] }] };
    const bytes = encodeWire({ ok: true, value: bundle }) as Uint8Array;
    const { t } = web(async () => new Response(bytes.slice(), { status: 200, headers: { 'content-type': WIRE_CONTENT_TYPE } }));
    const got = await t.call('series:query', { runIds: ['a'], metric: 'loss', buckets: 100 });
    const s = got.series[0];
    expect(s?.steps).toBeInstanceOf(Float64Array);
    expect(Array.from(s?.values ?? [])).toEqual([3, NaN, 1]);
    // Plain arrays where columns belong are a malformed answer.
    const bad = web(async () => json({ ok: true, value: { ...bundle, series: [{ ...bundle.series[0], steps: [0, 1, 2] }] } }));
    await expect(bad.t.call('series:query', { runIds: ['a'], metric: 'loss', buckets: 100 })).rejects.toMatchObject({ code: 'bad-answer' });
  });

  it('throws a HostError with the envelope code and message on ok:false', async () => {
    const { t } = web(async () => json({ ok: false, error: { code: 'not-found', message: 'No folder at /x.' } }));
    const err = await t.call('library:add-source', { path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ code: 'not-found', message: 'No folder at /x.', channel: 'library:add-source' });
  });

  it.each([
    ['a value of the wrong shape', json({ ok: true, value: { nope: 1 } })],
    ['an envelope without ok', json({ value: info })],
    ['an error with an unknown code', json({ ok: false, error: { code: 'weird', message: 'x' } })],
  ])('rejects %s as bad-answer', async (_what, response) => {
    const { t } = web(async () => response);
    await expect(t.call('app:get-info', {})).rejects.toMatchObject({ code: 'bad-answer' });
  });

  it('reports a host that is gone, or answers without JSON, without leaking details', async () => {
    const down = web(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(down.t.call('app:get-info', {})).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('not reachable') });
    const html = web(async () => new Response('<h1>500</h1>', { status: 500 }));
    await expect(html.t.call('app:get-info', {})).rejects.toMatchObject({ code: 'bad-answer', message: expect.stringContaining('HTTP 500') });
  });

  it('passes the host’s unauthorized envelope through, and explains a missing token', async () => {
    const envelope = { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token.' } };
    await expect(web(async () => json(envelope, 401)).t.call('app:get-info', {})).rejects.toMatchObject({ code: 'unauthorized', message: 'Missing or wrong token.' });
    await expect(web(async () => json(envelope, 401), null).t.call('app:get-info', {})).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('runlens serve') });
  });

  it('refuses a malformed request before it leaves', async () => {
    const f = vi.fn(async () => json({ ok: true, value: {} }));
    const { t } = web(f);
    // A path longer than the contract allows.
    await expect(t.call('library:add-source', { path: 'x'.repeat(5000) })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(f).not.toHaveBeenCalled();
  });
});

describe('web transport: events', () => {
  it('opens one stream with the token in the query and delivers only payloads that match the schema', () => {
    const { t, sources } = web(async () => json({}), 'a b&c');
    const got: unknown[] = [];
    const off = t.on('library:changed', (p) => got.push(p));
    t.on('import:progress', () => undefined);
    expect(sources).toHaveLength(1);
    const es = sources[0] as FakeEventSource;
    expect(es.url).toBe('/api/events?token=a%20b%26c');
    es.send('library:changed', '{"reason":"import"}');
    es.send('library:changed', '{"wrong":1}');
    es.send('library:changed', 'not json');
    off();
    es.send('library:changed', '{"reason":"late"}');
    expect(got).toEqual([{ reason: 'import' }]);
  });

  it('validates import progress payloads field by field', () => {
    const { t, sources } = web(async () => json({}));
    const got: unknown[] = [];
    t.on('import:progress', (p) => got.push(p));
    const es = sources[0] as FakeEventSource;
    es.send('import:progress', JSON.stringify(progress('j1')));
    es.send('import:progress', JSON.stringify({ ...progress('j2'), filesDone: 'three' }));
    expect(got).toEqual([progress('j1')]);
  });

  it('reconnects with doubling backoff, reports lost once per outage and open on every (re)connection', () => {
    const { t, sources, scheduler } = web(async () => json({}));
    const states: ConnectionState[] = [];
    t.onConnection((s) => states.push(s));
    const got: unknown[] = [];
    t.on('library:changed', (p) => got.push(p));
    expect(sources).toHaveLength(1);

    (sources[0] as FakeEventSource).open();
    (sources[0] as FakeEventSource).fail();
    expect((sources[0] as FakeEventSource).isClosed).toBe(true);
    expect(scheduler.runAll()).toEqual([RECONNECT_MIN_MS]);
    (sources[1] as FakeEventSource).fail();
    expect(scheduler.runAll()).toEqual([RECONNECT_MIN_MS * 2]);
    (sources[2] as FakeEventSource).fail();
    expect(scheduler.runAll()).toEqual([RECONNECT_MIN_MS * 4]);
    (sources[3] as FakeEventSource).open();
    expect(states).toEqual(['open', 'lost', 'open']);

    // Listeners carry over to the new stream; after a good connection the backoff starts again from the minimum.
    (sources[3] as FakeEventSource).send('library:changed', '{"reason":"after"}');
    expect(got).toEqual([{ reason: 'after' }]);
    (sources[3] as FakeEventSource).fail();
    expect(scheduler.runAll()).toEqual([RECONNECT_MIN_MS]);
  });

  it('caps the backoff', () => {
    let ms: number | null = null;
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      ms = nextBackoff(ms);
      seen.push(ms);
    }
    expect(seen[0]).toBe(RECONNECT_MIN_MS);
    expect(Math.max(...seen)).toBe(RECONNECT_MAX_MS);
    expect(seen.at(-1)).toBe(RECONNECT_MAX_MS);
  });
});

describe('takeToken', () => {
  const memoryStorage = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
  };

  it('reads ?token=, keeps it for reloads and removes it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    expect(takeToken({ href: 'http://127.0.0.1:5/?token=abc&x=1#h' }, storage, history)).toBe('abc');
    expect(replaced).toEqual(['/?x=1#h']);
    expect(takeToken({ href: 'http://127.0.0.1:5/' }, storage, history)).toBe('abc');
    expect(replaced).toHaveLength(1);
  });

  it('works without storage', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const history = { replaceState: () => undefined };
    expect(takeToken({ href: 'http://h/?token=t' }, broken, history)).toBe('t');
    expect(takeToken({ href: 'http://h/' }, broken, history)).toBeNull();
    expect(takeToken({ href: 'http://h/' }, null, history)).toBeNull();
  });
});

function fakeBridge(answer: unknown): RunlensBridge & { listeners: Map<string, (p: unknown) => void> } {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    listeners,
    invoke: vi.fn(async () => answer) as unknown as RunlensBridge['invoke'],
    on: ((event: string, cb: (p: unknown) => void) => {
      listeners.set(event, cb);
      return () => listeners.delete(event);
    }) as RunlensBridge['on'],
    pathForFile: () => '/dropped/folder',
  };
}

describe('Electron bridge transport', () => {
  it('validates answers and events from the preload like the web host’s', async () => {
    const b = fakeBridge({ ok: true, value: { path: null } });
    const t = validatedTransport(bridgeTransport(b));
    await expect(t.call('dialog:pick-folder', {})).resolves.toEqual({ path: null });
    const got: unknown[] = [];
    t.on('import:done', (p) => got.push(p));
    b.listeners.get('import:done')?.({ jobId: 'j' });
    expect(got).toEqual([]);
    expect(t.pathForFile({} as File)).toBe('/dropped/folder');
    const states: ConnectionState[] = [];
    t.onConnection((s) => states.push(s));
    expect(states).toEqual([]);
    expect(t.kind).toBe('electron');
  });

  it('turns a throwing bridge into an unreachable HostError', async () => {
    const b = fakeBridge(null);
    b.invoke = (async () => {
      throw new Error('An object could not be cloned. at foo.js:1');
    }) as RunlensBridge['invoke'];
    const t = validatedTransport(bridgeTransport(b));
    await expect(t.call('library:list-runs', {})).rejects.toMatchObject({ code: 'unreachable', message: expect.not.stringContaining('foo.js') });
  });
});

describe('createTransport', () => {
  const baseWindow = (extra: Record<string, unknown>) =>
    ({
      location: { href: 'http://127.0.0.1:9/?token=tt' },
      history: { replaceState: () => undefined },
      sessionStorage: { getItem: () => null, setItem: () => undefined },
      fetch: async () => json({ ok: true, value: info }),
      EventSource: FakeEventSource,
      ...extra,
    }) as unknown as Window & typeof globalThis;

  it('uses window.runlens when the preload provides it', async () => {
    const b = fakeBridge({ ok: true, value: info });
    const t = createTransport(baseWindow({ runlens: b }));
    expect(t.kind).toBe('electron');
    await expect(t.call('app:get-info', {})).resolves.toEqual(info);
    expect(b.invoke).toHaveBeenCalledWith('app:get-info', {});
  });

  it('falls back to HTTP with the page token otherwise', async () => {
    const f = vi.fn(async (_u: string, _i: RequestInit) => json({ ok: true, value: info }));
    const t = createTransport(baseWindow({ fetch: f, runlens: { invoke: 'not a function' } }));
    expect(t.kind).toBe('web');
    await t.call('app:get-info', {});
    expect(f.mock.calls[0]?.[1]?.headers).toMatchObject({ authorization: 'Bearer tt' });
  });
});
