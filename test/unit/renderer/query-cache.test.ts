import { describe, expect, it } from 'vitest';
import { QueryCache } from '../../../renderer/data/query-cache';

/** Resolves when the listener has been called `n` times (the cache notifies on every state change). */
function changes(cache: QueryCache, key: string, fetcher: () => Promise<unknown>, n: number): { done: Promise<void>; off: () => void } {
  let count = 0;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  const off = cache.subscribe(key, fetcher, () => {
    if (++count === n) resolve();
  });
  return { done, off };
}

describe('QueryCache', () => {
  it('loads on first subscribe and refetches on invalidate, keeping stale data meanwhile', async () => {
    const cache = new QueryCache();
    let n = 0;
    const fetcher = async () => ++n;
    const first = changes(cache, 'k', fetcher, 1);
    await first.done;
    expect(cache.get('k')).toEqual({ data: 1, error: null, isLoading: false });
    const again = changes(cache, 'k', fetcher, 2);
    cache.invalidate();
    expect(cache.get('k')).toMatchObject({ data: 1, isLoading: true });
    await again.done;
    expect(cache.get('k')).toEqual({ data: 2, error: null, isLoading: false });
    first.off();
    again.off();
    expect(cache.get('k')).toMatchObject({ data: undefined, isLoading: true });
  });

  it('keeps the last data and reports the error when a refetch fails', async () => {
    const cache = new QueryCache();
    let fail = false;
    const fetcher = async () => {
      if (fail) throw new Error('host down');
      return 'ok';
    };
    const a = changes(cache, 'x', fetcher, 1);
    await a.done;
    fail = true;
    const b = changes(cache, 'x', fetcher, 2);
    cache.invalidate('x');
    await b.done;
    expect(cache.get('x')).toMatchObject({ data: 'ok', isLoading: false });
    expect(cache.get<string>('x').error?.message).toBe('host down');
  });
});
