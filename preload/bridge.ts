import type { IpcRendererEvent, WebUtils } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/ipc/bridge';
import type { RunlensBridge } from '../shared/ipc/bridge';
import type { EventName, EventPayload } from '../shared/ipc/events';
import { isChannelName, isEventNameValue } from '../shared/ipc/names';
import type { IpcResult } from '../shared/ipc/result';


type IpcListener = (event: IpcRendererEvent, ...args: unknown[]) => void;

/** The parts of `Electron.IpcRenderer` the bridge uses (the real module satisfies it). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export interface BridgeDeps {
  readonly ipcRenderer: IpcRendererLike;
  readonly webUtils: Pick<WebUtils, 'getPathForFile'>;
  /** Where a throwing subscriber is reported (console.error by default). */
  readonly onListenerError?: (event: string, err: unknown) => void;
}

type Listener = (payload: unknown) => void;

/**
 * `window.runlens`: the renderer's only way to the host. Request and event names are checked against the shared
 * contract before anything reaches IPC; the IPC event object (whose `sender` is ipcRenderer itself) never leaves here.
 */
export function createBridge(deps: BridgeDeps): RunlensBridge {
  const { ipcRenderer, webUtils } = deps;
  const onListenerError = deps.onListenerError ?? ((event, err) => console.error(`RunLens: a listener for ${event} failed`, err));
  const listeners = new Map<EventName, Set<Listener>>();
  let subscribed = false;

  // One IPC listener for all subscriptions, added with the first and removed with the last.
  const onIpcEvent = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (typeof name !== 'string' || !isEventNameValue(name)) return;
    for (const cb of [...(listeners.get(name) ?? [])]) {
      try {
        cb(payload);
      } catch (err) {
        onListenerError(name, err);
      }
    }
  };

  const invoke: RunlensBridge['invoke'] = async (channel, req) => {
    // The renderer is untrusted: its arguments are whatever it sends, whatever the static types say.
    const raw: unknown = channel;
    if (typeof raw !== 'string' || !isChannelName(raw)) {
      const name = typeof raw === 'string' ? raw.slice(0, 80) : typeof raw;
      return { ok: false, error: { code: 'invalid-request', message: `Unknown request '${name}'.` } };
    }
    try {
      return (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, req)) as IpcResult<unknown>;
    } catch {
      // A request that cannot be cloned, or a host that is gone: an envelope, never an Electron stack trace.
      return { ok: false, error: { code: 'internal', message: `RunLens could not send ${channel} to the host.` } };
    }
  };

  const on = <E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): (() => void) => {
    const raw: unknown = event;
    if (typeof raw !== 'string' || !isEventNameValue(raw) || typeof cb !== 'function') return () => {};
    const listener = cb as Listener;
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    if (!subscribed) {
      ipcRenderer.on(IPC_EVENT_CHANNEL, onIpcEvent);
      subscribed = true;
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(listener);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && subscribed) {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onIpcEvent);
        subscribed = false;
      }
    };
  };

  const pathForFile = (file: File): string | null => {
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
  };

  return Object.freeze({ invoke, on, pathForFile });
}
