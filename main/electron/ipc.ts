import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc/bridge';
import type { IpcResult } from '../../shared/ipc/result';
import type { Host } from '../host';
import { dispatch } from '../ipc/dispatch';
import { isAppUrl, isTrustedSender } from './security';
import type { SenderFrame } from './security';


export interface IpcLog {
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** What the invoke listener reads of `Electron.IpcMainInvokeEvent`. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The parts of `Electron.IpcMain` used here (the real module satisfies it). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** A window's webContents as far as event forwarding goes. */
export interface ForwardTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}
export interface WindowLike {
  isDestroyed(): boolean;
  readonly webContents: ForwardTarget;
}

export interface RegisterIpcOptions {
  readonly ipcMain: IpcMainLike;
  readonly host: Pick<Host, 'handlers' | 'bus'>;
  readonly appOrigin: string;
  readonly log: IpcLog;
  /** Every open window (`BrowserWindow.getAllWindows`). */
  readonly getWindows: () => readonly WindowLike[];
}

const UNAUTHORIZED: IpcResult<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'Requests are accepted only from the RunLens window.' },
};

/** Handles one `runlens:invoke` call: trusted main frame only, then the shared dispatch (validation + envelope). */
export async function handleInvoke(
  opts: Pick<RegisterIpcOptions, 'host' | 'appOrigin' | 'log'>,
  senderFrame: SenderFrame | null | undefined,
  channel: unknown,
  req: unknown,
): Promise<IpcResult<unknown>> {
  if (!isTrustedSender(senderFrame, opts.appOrigin)) {
    opts.log.warn(`Refused IPC from an untrusted frame (${senderFrame?.url.slice(0, 200) ?? 'gone'})`);
    return UNAUTHORIZED;
  }
  if (typeof channel !== 'string') {
    return { ok: false, error: { code: 'invalid-request', message: 'The request name must be a string.' } };
  }
  try {
    return await dispatch(opts.host.handlers, channel, req, { mode: 'electron' }, {
      onInternalError: (ch, err) => opts.log.error(`Handler ${ch} failed`, err),
    });
  } catch (err) {
    opts.log.error(`IPC dispatch for ${channel.slice(0, 80)} failed`, err);
    return { ok: false, error: { code: 'internal', message: 'RunLens could not complete the request.' } };
  }
}

/**
 * Connects the host to Electron: one invoke channel into `dispatch`, and every bus event pushed to every live app
 * window on `IPC_EVENT_CHANNEL` as `(name, payload)`. Returns the undo.
 */
export function registerIpc(opts: RegisterIpcOptions): () => void {
  const { ipcMain, host, appOrigin, log, getWindows } = opts;
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, channel, req) => handleInvoke(opts, event.senderFrame, channel, req));

  const unsubscribe = host.bus.subscribe((name, payload) => {
    for (const win of getWindows()) {
      try {
        if (win.isDestroyed()) continue;
        const contents = win.webContents;
        if (contents.isDestroyed() || !isAppUrl(contents.getURL(), appOrigin)) continue;
        contents.send(IPC_EVENT_CHANNEL, name, payload);
      } catch (err) {
        // A window closing under us must not stop the others.
        log.warn(`Could not forward ${name} to a window`, err);
      }
    }
  });

  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
