import { useSyncExternalStore } from 'react';

const query = '(prefers-color-scheme: dark)';

/** Follows the system's dark/light setting live. */
export function useDark(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(query).matches,
  );
}
