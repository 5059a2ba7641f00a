import { describe, expect, it, vi } from 'vitest';
import type { IpcRendererEvent } from 'electron';
import { createBridge } from '../../../preload/bridge';
import { IPC_INVOKE_CHANNEL } from '../../../shared/ipc/bridge';
import { IPC_EVENT_CHANNEL } from '../../../shared/ipc/bridge';
import type { Channel } from '../../../shared/ipc/contract';
import type { EventName, ImportProgress } from '../../../shared/ipc/events';

type IpcListener = (event: IpcRendererEvent, ...args: unknown[]) => void;

/** ipcRenderer as far as the bridge uses it: invoke is a spy, `emit` plays the host sending an event. */
class FakeIpcRenderer {
  readonly listeners = new Map<string, IpcListener[]>();
  readonly invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'answer' }));
  readonly fakeEvent = { sender: 'the real ipcRenderer' } as unknown as IpcRendererEvent;

  on(channel: string, listener: IpcListener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: IpcListener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
  count(channel = IPC_EVENT_CHANNEL): number {
    return this.listeners.get(channel)?.length ?? 0;
  }
  emit(channel: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l(this.fakeEvent, ...args);
  }
}

function setup(getPathForFile: (file: File) => string = () => '/runs/dropped') {
  const ipc = new FakeIpcRenderer();
  const webUtils = { getPathForFile: vi.fn(getPathForFile) };
  const onListenerError = vi.fn();
  const bridge = createBridge({ ipcRenderer: ipc, webUtils, onListenerError });
  return { ipc, webUtils, bridge, onListenerError };
}

const progress: ImportProgress = {
  jobId: 'j',
  sourceId: 's',
  phase: 'importing',
  filesDone: 1,
  filesTotal: 4,
  bytesDone: 10,
  bytesTotal: 40,
  currentFile: 'events.out.tfevents.1',
};

describe('createBridge', () => {
  it('exposes exactly invoke, on and pathForFile, frozen', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes on the one shared channel name', () => {
    expect(IPC_INVOKE_CHANNEL).toBe('runlens:invoke');
  });
});

describe('invoke', () => {
  it('sends contract channels over the one invoke channel and returns the envelope', async () => {
    const { ipc, bridge } = setup();
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: [{ id: 's1' }] });
    await expect(bridge.invoke('library:list-sources', {})).resolves.toEqual({ ok: true, value: [{ id: 's1' }] });
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith('runlens:invoke', 'library:list-sources', {});
  });

  it.each(['fs:read-file', 'constructor', '__proto__', 'toString', '', 'runlens:invoke'])(
    'answers invalid-request for %j without touching IPC',
    async (name) => {
      const { ipc, bridge } = setup();
      const r = await bridge.invoke(name as Channel, {} as never);
      expect(r).toEqual({ ok: false, error: { code: 'invalid-request', message: `Unknown request '${name}'.` } });
      expect(ipc.invoke).not.toHaveBeenCalled();
    },
  );

  it('refuses a non-string channel', async () => {
    const { ipc, bridge } = setup();
    const r = await bridge.invoke(42 as unknown as Channel, {} as never);
    expect(r).toEqual({ ok: false, error: { code: 'invalid-request', message: "Unknown request 'number'." } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns an IPC failure into an internal envelope without the Electron message', async () => {
    const { ipc, bridge } = setup();
    ipc.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'runlens:invoke': Error: An object could not be cloned."));
    const r = await bridge.invoke('app:get-info', {});
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'RunLens could not send app:get-info to the host.' } });
  });
});

describe('on', () => {
  it('delivers only the named event, with the payload alone (never the IPC event)', () => {
    const { ipc, bridge } = setup();
    const cb = vi.fn();
    bridge.on('import:progress', cb);
    ipc.emit(IPC_EVENT_CHANNEL, 'import:progress', progress);
    ipc.emit(IPC_EVENT_CHANNEL, 'library:changed', { reason: 'x' });
    ipc.emit(IPC_EVENT_CHANNEL, 'not:an-event', { reason: 'x' });
    ipc.emit('other-channel', 'import:progress', progress);
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]).toEqual([progress]);
  });

  it('refuses unknown event names without subscribing', () => {
    const { ipc, bridge } = setup();
    const cb = vi.fn();
    const off = bridge.on('fs:changed' as EventName, cb);
    expect(ipc.count()).toBe(0);
    expect(typeof off).toBe('function');
    off();
    ipc.emit(IPC_EVENT_CHANNEL, 'fs:changed', {});
    expect(cb).not.toHaveBeenCalled();
  });

  it('shares one IPC listener and removes it with the last unsubscribe', () => {
    const { ipc, bridge } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const offA = bridge.on('library:changed', a);
    const offB = bridge.on('import:done', b);
    expect(ipc.count()).toBe(1);
    offA();
    offA();
    expect(ipc.count()).toBe(1);
    ipc.emit(IPC_EVENT_CHANNEL, 'library:changed', { reason: 'after-off' });
    expect(a).not.toHaveBeenCalled();
    offB();
    expect(ipc.count()).toBe(0);
    // Subscribing again re-attaches.
    const c = vi.fn();
    bridge.on('library:changed', c);
    expect(ipc.count()).toBe(1);
    ipc.emit(IPC_EVENT_CHANNEL, 'library:changed', { reason: 'again' });
    expect(c).toHaveBeenCalledExactlyOnceWith({ reason: 'again' });
  });

  it('keeps calling other subscribers when one throws', () => {
    const { ipc, bridge, onListenerError } = setup();
    const boom = new Error('boom');
    const bad = vi.fn(() => {
      throw boom;
    });
    const good = vi.fn();
    bridge.on('library:changed', bad);
    bridge.on('library:changed', good);
    ipc.emit(IPC_EVENT_CHANNEL, 'library:changed', { reason: 'x' });
    expect(good).toHaveBeenCalledExactlyOnceWith({ reason: 'x' });
    expect(onListenerError).toHaveBeenCalledExactlyOnceWith('library:changed', boom);
  });
});

describe('pathForFile', () => {
  const file = { name: 'run' } as File;

  it('returns the path from webUtils', () => {
    const { bridge, webUtils } = setup();
    expect(bridge.pathForFile(file)).toBe('/runs/dropped');
    expect(webUtils.getPathForFile).toHaveBeenCalledExactlyOnceWith(file);
  });

  it('returns null for a file that is not on disk, or when webUtils throws', () => {
    expect(setup(() => '').bridge.pathForFile(file)).toBeNull();
    expect(
      setup(() => {
        throw new TypeError('Error processing argument at index 0');
      }).bridge.pathForFile(file),
    ).toBeNull();
  });
});
