import { createContext, useContext } from 'react';
import type { QueryCache } from './query-cache';
import type { Transport } from './transport';

export interface HostContextValue {
  readonly transport: Transport;
  readonly cache: QueryCache;
}

export const HostContext = createContext<HostContextValue | null>(null);

export function useHost(): HostContextValue {
  const v = useContext(HostContext);
  if (!v) throw new Error('useHost outside HostContext');
  return v;
}
