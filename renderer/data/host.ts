import { createContext, useContext } from 'react';
import type { Transport } from './transport';

/** The transport, provided once at the root (main.tsx) so components and tests can swap it. */
export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('useTransport outside TransportContext');
  return t;
}
