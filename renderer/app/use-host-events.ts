import { useEffect } from 'react';
import { isLibraryKey } from '../data/queries';
import type { QueryCache } from '../data/query-cache';
import type { Transport } from '../data/transport';
import { appStore } from '../state/store';

/**
 * Host events → facts and fresh data. A finished import is marked done only once the library queries have been
 * refetched, so `data-app-state="ready"` always means the screen shows the imported runs. Every (re)connection of the
 * event stream refetches too: events sent while it was down are lost.
 */
export function useHostEvents(transport: Transport, cache: QueryCache): void {
  useEffect(() => {
    const store = () => appStore.getState();
    const offs = [
      transport.on('import:progress', (p) => store().importProgressed(p)),
      transport.on('import:done', (d) => {
        void cache.invalidate(isLibraryKey).then(() => store().importDone(d));
      }),
      transport.on('library:changed', () => void cache.invalidate(isLibraryKey)),
      transport.onConnection((c) => {
        store().connectionChanged(c);
        if (c === 'open') void cache.invalidate(isLibraryKey);
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [transport, cache]);
}
