import { createContext, useContext, useEffect } from 'react';

/** Sections tell the report page when their data has arrived, so the PDF is printed only when everything is drawn. */
export const SectionReady = createContext<(key: string, state: 'loading' | 'ready' | 'error' | null) => void>(() => undefined);

/** Reports this part's state; a part that goes away (a section removed, a metric changed) withdraws its key. */
export function useSectionReady(key: string, state: 'loading' | 'ready' | 'error'): void {
  const report = useContext(SectionReady);
  useEffect(() => report(key, state), [report, key, state]);
  useEffect(() => () => report(key, null), [report, key]);
}
