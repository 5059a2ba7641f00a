import { describe, expect, it } from 'vitest';
import { isLibraryKey, queryKeys } from '../../../renderer/data/queries';
import type { QueryKey } from '../../../renderer/data/query-cache';
import { QueryCache } from '../../../renderer/data/query-cache';

/** A fetcher whose answers the test releases one by one, in any order. */
function controlled<T>() {
  const calls: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  const fetcher = () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject }));
  return { fetcher, calls };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('QueryCache', () => {
  it('fetches on first subscribe, shares the answer, and refetches only when invalidated', async () => {
    const cache = new QueryCache();
    let n = 0;
    const fetcher = async () => ++n;
    const seen: number[] = [];
    const off1 = cache.subscribe(['k'], fetcher, () => seen.push(1));
    const off2 = cache.subscribe(['k'], fetcher, () => seen.push(2));
    expect(cache.get(['k'])).toEqual({ data: undefined, error: null, isFetching: true });
    await flush();
    expect(n).toBe(1);
    expect(cache.get(['k'])).toEqual({ data: 1, error: null, isFetching: false });
    expect(seen).toEqual([1, 2]);

    const refetch = cache.invalidate();
    // Stale data stays while the refetch runs.
    expect(cache.get(['k'])).toEqual({ data: 1, error: null, isFetching: true });
    await refetch;
    expect(cache.get(['k'])).toEqual({ data: 2, error: null, isFetching: false });
    off1();
    off2();
  });

  it('keeps an unwatched answer for a quick return, until invalidated', async () => {
    const cache = new QueryCache();
    let n = 0;
    const fetcher = async () => ++n;
    const off = cache.subscribe(['zoom', 1], fetcher, () => undefined);
    await flush();
    off();
    const again = cache.subscribe(['zoom', 1], fetcher, () => undefined);
    await flush();
    expect(n).toBe(1);
    expect(cache.get(['zoom', 1]).data).toBe(1);
    again();
    await cache.invalidate();
    expect(cache.size).toBe(0);
    cache.subscribe(['zoom', 1], fetcher, () => undefined);
    await flush();
    expect(n).toBe(2);
  });

  it('evicts the oldest unwatched entries past maxIdle', async () => {
    const cache = new QueryCache({ maxIdle: 2 });
    for (const k of ['a', 'b', 'c']) {
      const off = cache.subscribe([k], async () => k, () => undefined);
      await flush();
      off();
    }
    expect(cache.size).toBe(2);
    expect(cache.get(['a']).data).toBeUndefined();
    expect(cache.get(['c']).data).toBe('c');
  });

  it('drops an answer that arrives after a newer request was made', async () => {
    const cache = new QueryCache();
    const c = controlled<string>();
    cache.subscribe(['k'], c.fetcher, () => undefined);
    const refetch = cache.invalidate();
    expect(c.calls).toHaveLength(2);
    c.calls[1]?.resolve('new');
    await flush();
    c.calls[0]?.resolve('old');
    await refetch;
    expect(cache.get(['k']).data).toBe('new');
  });

  it('resolves invalidate only once the newest fetch has landed, even when a later invalidate supersedes it', async () => {
    const cache = new QueryCache();
    const c = controlled<string>();
    cache.subscribe(['runs'], c.fetcher, () => undefined);
    c.calls[0]?.resolve('before');
    await flush();
    let isSettled = false;
    void cache.invalidate().then(() => (isSettled = true)); // import:done
    void cache.invalidate(); // library:changed right after
    c.calls[1]?.resolve('superseded');
    await flush();
    expect(isSettled).toBe(false);
    c.calls[2]?.resolve('after');
    await flush();
    expect(isSettled).toBe(true);
    expect(cache.get(['runs']).data).toBe('after');
  });

  it('keeps the last data, records the error and reports it once per failed fetch', async () => {
    const errors: string[] = [];
    const cache = new QueryCache({ onError: (key, e) => errors.push(`${String(key[0])}: ${e.message}`) });
    let isDown = false;
    const fetcher = async () => {
      if (isDown) throw new Error('host down');
      return 'ok';
    };
    cache.subscribe(['x'], fetcher, () => undefined);
    await flush();
    isDown = true;
    await cache.invalidate();
    expect(cache.get<string>(['x'])).toMatchObject({ data: 'ok', isFetching: false });
    expect(cache.get<string>(['x']).error?.message).toBe('host down');
    expect(errors).toEqual(['x: host down']);
    isDown = false;
    await cache.invalidate();
    expect(cache.get(['x']).error).toBeNull();
  });

  it('invalidates only matching keys', async () => {
    const cache = new QueryCache();
    const counts = new Map<string, number>();
    const make = (k: string) => async () => counts.set(k, (counts.get(k) ?? 0) + 1).get(k);
    const keys: QueryKey[] = [queryKeys.runs, queryKeys.appInfo, queryKeys.metrics(['b', 'a'])];
    for (const k of keys) cache.subscribe(k, make(String(k[0])), () => undefined);
    await flush();
    await cache.invalidate(isLibraryKey);
    expect(Object.fromEntries(counts)).toEqual({ 'library:list-runs': 2, 'app:get-info': 1, 'library:list-metrics': 2 });
  });

  it('builds order-independent keys for run sets', () => {
    expect(queryKeys.metrics(['b', 'a'])).toEqual(queryKeys.metrics(['a', 'b']));
    expect(queryKeys.series({ metric: 'loss', runIds: ['b', 'a'], buckets: 800, stepMin: null, stepMax: null, smoothing: { kind: 'none' } })).toEqual(['series:query', 'loss', ['a', 'b'], 800, null, null, '{"kind":"none"}']);
  });
});
