import { useSyncExternalStore } from 'react';
import type { ThemeSetting } from '../state/view-slice';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(cb: () => void): () => void {
  const m = window.matchMedia(QUERY);
  m.addEventListener('change', cb);
  return () => m.removeEventListener('change', cb);
}

/** Whether to draw dark: the setting, or the system's live light/dark choice when the setting is `system`. */
export function useIsDark(theme: ThemeSetting): boolean {
  const isSystemDark = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
  return theme === 'dark' || (theme === 'system' && isSystemDark);
}
