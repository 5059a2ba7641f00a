import { describe, expect, it, vi } from 'vitest';
import { HostError, httpRaw, takeToken, validatedTransport } from '../../../renderer/data/transport';

class FakeEventSource {
  static last: FakeEventSource | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly handlers = new Map<string, (e: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, cb: (e: { data: string }) => void) {
    this.handlers.set(name, cb);
  }
  close() {}
}

const info = { version: '1', mode: 'web', canPickFolder: false, recentFolders: [], workspaceDir: '/w', notices: [] };

function transport(fetchImpl: (url: string, init: RequestInit) => Promise<Response>) {
  return validatedTransport(httpRaw({ fetch: fetchImpl as typeof fetch, EventSource: FakeEventSource as unknown as typeof EventSource, token: 'tok' }));
}

describe('web transport', () => {
  it('posts to /api/rpc/<channel> with the bearer token and validates the answer', async () => {
    const f = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: info })));
    const t = transport(f);
    await expect(t.call('app:get-info', {})).resolves.toEqual(info);
    expect(f).toHaveBeenCalledWith('/api/rpc/app%3Aget-info', expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ authorization: 'Bearer tok' }) }));
  });

  it('turns error envelopes, bad shapes and 401s into HostErrors', async () => {
    await expect(transport(async () => new Response(JSON.stringify({ ok: false, error: { code: 'not-found', message: 'No folder at /x.' } }))).call('library:list-sources', {})).rejects.toMatchObject({ code: 'not-found', message: 'No folder at /x.' });
    await expect(transport(async () => new Response(JSON.stringify({ ok: true, value: { nope: 1 } }))).call('app:get-info', {})).rejects.toBeInstanceOf(HostError);
    await expect(transport(async () => new Response('', { status: 401 })).call('app:get-info', {})).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(transport(async () => { throw new TypeError('network'); }).call('app:get-info', {})).rejects.toMatchObject({ message: expect.stringContaining('not reachable') });
  });

  it('delivers only well-formed events, with the token on the stream URL', () => {
    const t = transport(async () => new Response('{}'));
    const got: unknown[] = [];
    const off = t.on('library:changed', (p) => got.push(p));
    const es = FakeEventSource.last;
    expect(es?.url).toBe('/api/events?token=tok');
    es?.handlers.get('library:changed')?.({ data: '{"reason":"import"}' });
    es?.handlers.get('library:changed')?.({ data: '{"wrong":1}' });
    es?.handlers.get('library:changed')?.({ data: 'not json' });
    off();
    es?.handlers.get('library:changed')?.({ data: '{"reason":"late"}' });
    expect(got).toEqual([{ reason: 'import' }]);
  });
});

describe('takeToken', () => {
  it('reads ?token=, keeps it for reloads and hides it from the address bar', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
    const replaced: string[] = [];
    const history = { replaceState: (_a: unknown, _b: string, url: string) => void replaced.push(url) } as unknown as History;
    expect(takeToken({ href: 'http://127.0.0.1:5/?token=abc#x' } as Location, storage, history)).toBe('abc');
    expect(replaced).toEqual(['/#x']);
    expect(takeToken({ href: 'http://127.0.0.1:5/' } as Location, storage, history)).toBe('abc');
  });
});
