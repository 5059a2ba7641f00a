import { createContext, useContext, useEffect } from 'react';

/** Sections tell the report page when their data has arrived, so the PDF is printed only when everything is drawn. */
export const SectionReady = createContext<(key: string, state: 'loading' | 'ready' | 'error') => void>(() => undefined);

export function useSectionReady(key: string, state: 'loading' | 'ready' | 'error'): void {
  const report = useContext(SectionReady);
  useEffect(() => report(key, state), [report, key, state]);
}
