import { useCallback, useSyncExternalStore } from 'react';

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: Error | null;
  readonly isLoading: boolean;
}

interface Entry {
  state: QueryState<unknown>;
  fetcher: () => Promise<unknown>;
  generation: number;
  listeners: Set<() => void>;
}

/**
 * A small cache of host data keyed by a string. Stale data stays on screen while a refetch runs; `invalidate`
 * refetches every live entry (the host's `library:changed` / `import:done` events call it).
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();

  get<T>(key: string): QueryState<T> {
    return (this.entries.get(key)?.state ?? EMPTY) as QueryState<T>;
  }

  subscribe(key: string, fetcher: () => Promise<unknown>, listener: () => void): () => void {
    let e = this.entries.get(key);
    if (!e) {
      e = { state: { data: undefined, error: null, isLoading: true }, fetcher, generation: 0, listeners: new Set() };
      this.entries.set(key, e);
      void this.load(key, e);
    }
    e.fetcher = fetcher;
    e.listeners.add(listener);
    const entry = e;
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0) this.entries.delete(key);
    };
  }

  invalidate(prefix = ''): void {
    for (const [key, e] of this.entries) if (key.startsWith(prefix)) void this.load(key, e);
  }

  private async load(key: string, e: Entry): Promise<void> {
    const gen = ++e.generation;
    this.set(e, { ...e.state, isLoading: true });
    try {
      const data = await e.fetcher();
      if (gen === e.generation) this.set(e, { data, error: null, isLoading: false });
    } catch (err) {
      if (gen === e.generation) this.set(e, { data: e.state.data, error: err instanceof Error ? err : new Error(String(err)), isLoading: false });
    }
    void key;
  }

  private set(e: Entry, state: QueryState<unknown>): void {
    e.state = state;
    for (const l of e.listeners) l();
  }
}

const EMPTY: QueryState<unknown> = { data: undefined, error: null, isLoading: true };

export function useQuery<T>(cache: QueryCache, key: string | null, fetcher: () => Promise<T>): QueryState<T> {
  const subscribe = useCallback(
    (listener: () => void) => (key === null ? () => undefined : cache.subscribe(key, fetcher, listener)),
    // The fetcher is captured per key: a new key means a new query.
    [cache, key],
  );
  const get = useCallback(() => (key === null ? (IDLE as QueryState<T>) : cache.get<T>(key)), [cache, key]);
  return useSyncExternalStore(subscribe, get);
}

const IDLE: QueryState<unknown> = { data: undefined, error: null, isLoading: false };
