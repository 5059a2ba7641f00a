import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../main/electron/ipc';
import { IPC_INVOKE_CHANNEL } from '../../../shared/ipc/bridge';
import { EventBus } from '../../../main/ipc/event-bus';
import type { Handlers } from '../../../main/ipc/handler-types';
import { IPC_EVENT_CHANNEL } from '../../../shared/ipc/bridge';
import type { ImportDone } from '../../../shared/ipc/events';
import { AppError } from '../../../shared/ipc/result';
import { channels } from '../../../shared/ipc/contract';
import { appFrame, FakeContents, FakeIpcMain, fakeHandlers, FakeWindow, silentLog } from './fakes';

const ORIGIN = 'runlens://app';

function setup(overrides: Partial<Handlers> = {}, windows: FakeWindow[] = []) {
  const ipcMain = new FakeIpcMain();
  const bus = new EventBus();
  const log = silentLog();
  const handlers = fakeHandlers(overrides);
  const dispose = registerIpc({ ipcMain, host: { handlers, bus }, appOrigin: ORIGIN, log, getWindows: () => windows });
  return { ipcMain, bus, log, dispose, windows };
}

const done: ImportDone = { jobId: 'j1', sourceId: 's1', runsImported: 3, runsAppended: 0, runsSkipped: 0, warnings: 1, cancelled: false, error: null };

describe('registerIpc: requests', () => {
  it('registers exactly one invoke channel', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()]).toEqual(['runlens:invoke']);
    expect(IPC_INVOKE_CHANNEL).toBe('runlens:invoke');
  });

  it('answers a trusted request through dispatch with mode electron', async () => {
    const getInfo = vi.fn(async () => ({ version: '2.0.0', mode: 'electron' as const, canPickFolder: true, recentFolders: ['/r'], workspaceDir: '/w', notices: [] }));
    const { ipcMain } = setup({ 'app:get-info': getInfo });
    const r = await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), 'app:get-info', {});
    expect(r).toEqual({ ok: true, value: { version: '2.0.0', mode: 'electron', canPickFolder: true, recentFolders: ['/r'], workspaceDir: '/w', notices: [] } });
    expect(getInfo).toHaveBeenCalledExactlyOnceWith({}, { mode: 'electron' });
  });

  it.each([
    ['a gone frame', null],
    ['a subframe', { url: 'runlens://app/index.html', parent: {} }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a file page', { url: 'file:///tmp/evil.html', parent: null }],
  ])('refuses %s with unauthorized, without running the handler', async (_name, frame) => {
    const listSources = vi.fn(async () => []);
    const { ipcMain, log } = setup({ 'library:list-sources': listSources });
    const r = await ipcMain.invoke(IPC_INVOKE_CHANNEL, frame, 'library:list-sources', {});
    expect(r).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Requests are accepted only from the RunLens window.' } });
    expect(listSources).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('lets dispatch reject an invalid request before the handler runs', async () => {
    const add = vi.fn(async () => ({ sourceId: 's', jobId: 'j' }));
    const { ipcMain } = setup({ 'library:add-source': add });
    const r = await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), 'library:add-source', { path: 42 });
    expect(add).not.toHaveBeenCalled();
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect((r as { error: { message: string } }).error.message).toContain('library:add-source at path');
  });

  it('refuses unknown channels and non-string channel names', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), 'fs:read-file', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: "Unknown request 'fs:read-file'." },
    });
    expect(await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), { toString: 'x' }, {})).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'The request name must be a string.' },
    });
  });

  it('keeps AppError codes and hides internal errors (logged, not sent)', async () => {
    const { ipcMain, log } = setup({
      'library:list-sources': async () => {
        throw new AppError('io', 'Workspace is read-only.');
      },
      'library:list-runs': async () => {
        throw new Error('secret stack detail /home/me');
      },
    });
    expect(await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), 'library:list-sources', {})).toEqual({
      ok: false,
      error: { code: 'io', message: 'Workspace is read-only.' },
    });
    const r = await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), 'library:list-runs', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret stack detail');
    expect(log.error).toHaveBeenCalledWith('Handler library:list-runs failed', expect.any(Error));
  });
});

describe('registerIpc: every request is validated by its schema', () => {
  /** Every handler a spy, so a test can prove which ones never ran. */
  function spyHandlers() {
    const spies = Object.fromEntries(channels.map((c) => [c, vi.fn(async () => ({}))]));
    return { spies, handlers: spies as unknown as Partial<Handlers> };
  }

  it('covers the whole contract', () => {
    expect(channels.length).toBeGreaterThan(40);
    expect(Object.keys(fakeHandlers()).sort()).toEqual([...channels].sort());
  });

  it.each(channels)('%s rejects requests of the wrong shape before its handler runs', async (channel) => {
    const { spies, handlers } = spyHandlers();
    const { ipcMain } = setup(handlers);
    for (const bad of [42, 'x', true, [], [{}], () => 1]) {
      const r = await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), channel, bad);
      expect(r, `${channel} with ${JSON.stringify(bad) ?? typeof bad}`).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(spies[channel]).not.toHaveBeenCalled();
  });

  it('gives a handler the parsed request, not the object the renderer sent', async () => {
    const { spies, handlers } = spyHandlers();
    const { ipcMain } = setup(handlers);
    const sent = { runId: 'r1', extra: { toString: 'x' } };
    expect(await ipcMain.invoke(IPC_INVOKE_CHANNEL, appFrame(), 'library:check-checkpoints', sent)).toEqual({ ok: true, value: {} });
    const got = spies['library:check-checkpoints']?.mock.calls[0] as unknown[] | undefined;
    expect(got?.[0]).toEqual({ runId: 'r1' });
    expect(got?.[0]).not.toBe(sent);
  });

  it('refuses an untrusted frame before validation, whatever it sends', async () => {
    const { spies, handlers } = spyHandlers();
    const { ipcMain } = setup(handlers);
    for (const channel of channels) {
      const r = await ipcMain.invoke(IPC_INVOKE_CHANNEL, { url: 'runlens://app/index.html', parent: {} }, channel, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    for (const spy of Object.values(spies)) expect(spy).not.toHaveBeenCalled();
  });
});

describe('registerIpc: events', () => {
  it('forwards every bus event to every live app window as (name, payload)', () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    const { bus } = setup({}, [a, b]);
    bus.emit('import:done', done);
    bus.emit('library:changed', { reason: 'import' });
    const expected = [
      [IPC_EVENT_CHANNEL, 'import:done', done],
      [IPC_EVENT_CHANNEL, 'library:changed', { reason: 'import' }],
    ];
    expect(a.sent).toEqual(expected);
    expect(b.sent).toEqual(expected);
  });

  it('skips destroyed windows, destroyed contents and pages off the app, and keeps going after a failing send', () => {
    const live = new FakeWindow();
    const closedWindow = new FakeWindow();
    closedWindow.destroyed = true;
    const goneContents = new FakeContents();
    goneContents.destroyed = true;
    const withGoneContents = new FakeWindow(goneContents);
    const offApp = new FakeWindow(new FakeContents('https://evil.example/'));
    const crashedContents = new FakeContents();
    crashedContents.throwOnSend = true;
    const crashed = new FakeWindow(crashedContents);
    const last = new FakeWindow();
    const { bus, log } = setup({}, [closedWindow, withGoneContents, offApp, crashed, live, last]);

    bus.emit('library:changed', { reason: 'removed' });

    expect(live.sent).toEqual([[IPC_EVENT_CHANNEL, 'library:changed', { reason: 'removed' }]]);
    expect(last.sent).toEqual([[IPC_EVENT_CHANNEL, 'library:changed', { reason: 'removed' }]]);
    expect(goneContents.sent).toEqual([]);
    expect(offApp.sent).toEqual([]);
    expect(crashedContents.sent).toEqual([]);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('sees windows opened after registration', () => {
    const windows: FakeWindow[] = [];
    const { bus } = setup({}, windows);
    bus.emit('library:changed', { reason: 'before' });
    const w = new FakeWindow();
    windows.push(w);
    bus.emit('library:changed', { reason: 'after' });
    expect(w.sent).toEqual([[IPC_EVENT_CHANNEL, 'library:changed', { reason: 'after' }]]);
  });
});

describe('registerIpc: dispose', () => {
  it('removes the handler and stops forwarding, once', () => {
    const w = new FakeWindow();
    const { ipcMain, bus, dispose } = setup({}, [w]);
    dispose();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.removed).toEqual(['runlens:invoke']);
    bus.emit('library:changed', { reason: 'late' });
    expect(w.sent).toEqual([]);
  });
});
