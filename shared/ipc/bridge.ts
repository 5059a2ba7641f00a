import type { Channel, Req } from './contract';
import type { EventName, EventPayload } from './events';
import type { IpcResult } from './result';

/** What the Electron preload exposes as `window.runlens`. Results are unvalidated here; transport validates them. */
export interface RunlensBridge {
  invoke<C extends Channel>(channel: C, req: Req<C>): Promise<IpcResult<unknown>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  /** Absolute path of a dropped file or folder (Electron's webUtils); null when unknown. */
  pathForFile(file: File): string | null;
}

export const BRIDGE_KEY = 'runlens';
export const IPC_EVENT_CHANNEL = 'runlens:event';
export const IPC_INVOKE_CHANNEL = 'runlens:invoke';
