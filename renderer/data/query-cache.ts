import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react';

/**
 * A small cache of host data. Host data only changes when the host says so (`library:changed`, `import:done`), so an
 * answer stays fresh until `invalidate` is called: zooming back to a window already seen, or re-selecting a run,
 * costs no request. Stale data stays on screen while a refetch runs, and an answer that arrives after a newer
 * request was made is dropped.
 */

/** Parts of a key: the query's name, then every input its fetcher depends on. */
export type QueryKey = readonly (string | number | boolean | null | readonly string[])[];

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: Error | null;
  readonly isFetching: boolean;
}

interface Entry {
  readonly key: QueryKey;
  state: QueryState<unknown>;
  fetcher: () => Promise<unknown>;
  generation: number;
  /** The newest fetch (each one supersedes the ones before). */
  latest: Promise<void>;
  readonly listeners: Set<() => void>;
}

export interface QueryCacheOptions {
  /** Unwatched entries kept for a quick return (LRU). */
  readonly maxIdle?: number;
  /** Called once per failed fetch (the app shows host errors in one place). */
  readonly onError?: (key: QueryKey, error: Error) => void;
}

const IDLE: QueryState<never> = Object.freeze({ data: undefined, error: null, isFetching: false });
const STARTING: QueryState<never> = Object.freeze({ data: undefined, error: null, isFetching: true });

export function keyString(key: QueryKey): string {
  return JSON.stringify(key);
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  /** Unwatched entries, oldest first. */
  private readonly idle = new Set<string>();
  private readonly maxIdle: number;
  private readonly onError: ((key: QueryKey, error: Error) => void) | undefined;

  constructor(opts: QueryCacheOptions = {}) {
    this.maxIdle = opts.maxIdle ?? 30;
    this.onError = opts.onError;
  }

  get<T>(key: QueryKey): QueryState<T> {
    return (this.entries.get(keyString(key))?.state ?? STARTING) as QueryState<T>;
  }

  /** Watches a key; the first watcher of an unknown (or invalidated) key starts the fetch. */
  subscribe(key: QueryKey, fetcher: () => Promise<unknown>, listener: () => void): () => void {
    const k = keyString(key);
    let e = this.entries.get(k);
    if (!e) {
      e = { key, state: STARTING, fetcher, generation: 0, latest: Promise.resolve(), listeners: new Set() };
      this.entries.set(k, e);
      void this.load(e);
    }
    this.idle.delete(k);
    e.fetcher = fetcher;
    e.listeners.add(listener);
    const entry = e;
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0 && this.entries.get(k) === entry) this.park(k);
    };
  }

  /**
   * Refetches every watched entry that matches (all by default) and forgets unwatched ones. Resolves when those
   * refetches have settled, failed ones included.
   */
  invalidate(match: (key: QueryKey) => boolean = () => true): Promise<void> {
    const loads: Promise<void>[] = [];
    for (const [k, e] of [...this.entries]) {
      if (!match(e.key)) continue;
      if (e.listeners.size === 0) {
        this.entries.delete(k);
        this.idle.delete(k);
      } else {
        loads.push(this.load(e));
      }
    }
    return Promise.all(loads).then(() => undefined);
  }

  /** Number of entries held, watched or not (tests). */
  get size(): number {
    return this.entries.size;
  }

  private park(k: string): void {
    this.idle.add(k);
    while (this.idle.size > this.maxIdle) {
      const oldest = this.idle.values().next().value;
      if (oldest === undefined) break;
      this.idle.delete(oldest);
      this.entries.delete(oldest);
    }
  }

  /** Resolves once the entry holds the answer to its newest fetch (a fetch superseded meanwhile is waited past). */
  private async whenSettled(e: Entry): Promise<void> {
    for (;;) {
      const gen = e.generation;
      await e.latest;
      if (gen === e.generation) return;
    }
  }

  private load(e: Entry): Promise<void> {
    const gen = ++e.generation;
    if (!e.state.isFetching) this.set(e, { ...e.state, isFetching: true });
    e.latest = (async () => {
      try {
        const data = await e.fetcher();
        if (gen === e.generation) this.set(e, { data, error: null, isFetching: false });
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (gen !== e.generation) return;
        this.set(e, { data: e.state.data, error, isFetching: false });
        this.onError?.(e.key, error);
      }
    })();
    return this.whenSettled(e);
  }

  private set(e: Entry, state: QueryState<unknown>): void {
    e.state = state;
    for (const l of [...e.listeners]) l();
  }
}

export const QueryCacheContext = createContext<QueryCache | null>(null);

export function useQueryCache(): QueryCache {
  const c = useContext(QueryCacheContext);
  if (!c) throw new Error('useQueryCache outside QueryCacheContext');
  return c;
}

export interface UseQueryOptions {
  /** While a new key loads, keep returning the previous key's data (a chart keeps its curves while zooming). */
  readonly keepPrevious?: boolean;
}

/**
 * Host data for a key; `null` means "nothing to fetch" (idle, no data). The fetcher must depend only on what the
 * key holds: a new key is a new query, the same key reuses the cached answer.
 */
export function useQuery<T>(key: QueryKey | null, fetcher: () => Promise<T>, opts: UseQueryOptions = {}): QueryState<T> {
  const cache = useQueryCache();
  const k = key === null ? null : keyString(key);
  const subscribe = useCallback(
    (listener: () => void) => (key === null ? () => undefined : cache.subscribe(key, fetcher, listener)),
    // The key string stands for the key and the fetcher (see above).
    [cache, k],
  );
  const get = useCallback(() => (key === null ? (IDLE as QueryState<T>) : cache.get<T>(key)), [cache, k]);
  const state = useSyncExternalStore(subscribe, get, get);
  const previous = useRef<T | undefined>(undefined);
  if (key === null) {
    previous.current = undefined;
    return state;
  }
  if (state.data !== undefined) {
    previous.current = state.data;
    return state;
  }
  return opts.keepPrevious && previous.current !== undefined ? { ...state, data: previous.current } : state;
}
