// Drives the entry file with a fake 'electron' module and a fake host: the wiring (order before/after ready, what
// is hardened, where the renderer and preload come from, what is added at start, how it quits) is checked here,
// because no Electron binary is available to run it for real.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Host, HostOptions } from '../../../main/host';
import { EventBus } from '../../../main/ipc/event-bus';
import { FakeHardenableContents, fakeHandlers } from './fakes';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves with the arguments of the next call to `spy` (the spy keeps its own implementation). */
function nextCall<A extends unknown[]>(spy: { mockImplementationOnce(fn: (...args: A) => unknown): unknown }, result?: unknown): Promise<A> {
  return new Promise((resolve) => {
    spy.mockImplementationOnce((...args: A) => {
      resolve(args);
      return result;
    });
  });
}

class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.all;
  static getFocusedWindow = () => null;
  readonly webContents = {
    send: vi.fn(),
    isDestroyed: () => false,
    getURL: () => 'runlens://app/index.html',
    // The report printer polls the page's ready state, then asks for the HTML copy.
    executeJavaScript: vi.fn(async (code: string) => (code.includes('data-report-state') ? 'ready' : '<html>report</html>')),
  };
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly destroy = vi.fn();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  isDestroyed = () => false;
  isMinimized = () => false;
}

function makeElectron(tmp: string, ready: Promise<void>, hasLock: boolean, isPackaged: boolean) {
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => hasLock),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => ready),
    getPath: vi.fn((name: string) => path.join(tmp, name)),
    getAppPath: vi.fn(() => path.join(tmp, 'app')),
    getVersion: vi.fn(() => '9.9.9'),
    isPackaged,
  });
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/picked'] })), showErrorBox: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    nativeTheme: { shouldUseDarkColors: true },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), unhandle: vi.fn() },
    screen: { getPrimaryDisplay: () => ({ workAreaSize: { width: 1280, height: 800 } }) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: vi.fn(), onBeforeRequest: vi.fn() },
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    shell: { openExternal: vi.fn(async () => {}) },
  };
}

type FakeElectron = ReturnType<typeof makeElectron>;
const state = vi.hoisted(() => ({
  electron: null as unknown as Record<string, unknown>,
  createHost: null as unknown as (opts: unknown) => Promise<unknown>,
}));

// The factory may run once for the whole file: forward to the current launch's fakes.
vi.mock('electron', () => {
  const names = ['app', 'dialog', 'ipcMain', 'nativeTheme', 'protocol', 'screen', 'session', 'shell'];
  const modules = names.map((n) => [n, new Proxy({}, { get: (_t, key) => Reflect.get(state.electron[n] as object, key) })]);
  return { ...Object.fromEntries(modules), BrowserWindow: FakeBrowserWindow };
});
vi.mock('../../../main/host', () => ({ createHost: (opts: unknown) => state.createHost(opts) }));

const tmp = mkdtempSync(path.join(tmpdir(), 'runlens-main-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
const savedArgv = process.argv;
const savedWorkspace = process.env.RUNLENS_WORKSPACE;
/** Electron's `process.resourcesPath` (absent in plain Node). */
const proc = process as { resourcesPath?: string };
const savedResourcesPath = proc.resourcesPath;

interface Launch {
  electron: FakeElectron;
  ready: ReturnType<typeof deferred<void>>;
  host: Host & { addFolders: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn>; setReportPrinter: ReturnType<typeof vi.fn> };
  createHost: ReturnType<typeof vi.fn>;
  listed: Promise<void>;
  root: string;
}

/** Imports the entry fresh, with its own temp folders, argv and workspace. */
async function launch(
  opts: { hasLock?: boolean; argv?: string[]; workspace?: 'fresh' | 'used'; sourceCount?: number; hostFails?: boolean; isPackaged?: boolean } = {},
): Promise<Launch> {
  const root = path.join(tmp, `launch-${++seq}`);
  mkdirSync(path.join(root, 'app', 'demo', 'sft-run'), { recursive: true });
  const ws = path.join(root, 'ws');
  if (opts.workspace === 'used') {
    mkdirSync(ws, { recursive: true });
    writeFileSync(path.join(ws, 'workspace.json'), '{}');
  }
  process.env.RUNLENS_WORKSPACE = ws;
  process.argv = ['/opt/RunLens/runlens', ...(opts.argv ?? [])];
  FakeBrowserWindow.all = [];
  const ready = deferred<void>();
  const electron = makeElectron(root, ready.promise, opts.hasLock ?? true, opts.isPackaged ?? false);
  const listedD = deferred<void>();
  const sources = Array.from({ length: opts.sourceCount ?? 0 }, (_, i) => ({ id: `s${i}` }));
  const host = {
    handlers: fakeHandlers({
      'library:list-sources': async () => {
        listedD.resolve();
        return sources as never;
      },
    }),
    bus: new EventBus(),
    workspaceDir: ws,
    addFolders: vi.fn(async (_p: readonly string[]) => {}),
    setReportPrinter: vi.fn(),
    close: vi.fn(async () => {}),
  };
  const createHost = vi.fn(async (_o: HostOptions) => {
    if (opts.hostFails) throw new Error('cache locked by another process');
    return host;
  });
  state.electron = electron;
  state.createHost = createHost as (o: unknown) => Promise<unknown>;
  vi.resetModules();
  await import('../../../main/electron/main');
  return { electron, ready, host, createHost, listed: listedD.promise, root };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  process.argv = savedArgv;
  proc.resourcesPath = savedResourcesPath;
  if (savedWorkspace === undefined) delete process.env.RUNLENS_WORKSPACE;
  else process.env.RUNLENS_WORKSPACE = savedWorkspace;
  vi.restoreAllMocks();
});

describe('electron entry', () => {
  it('sandboxes and registers the scheme before ready, and does nothing else until then', async () => {
    const { electron } = await launch();
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'runlens', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron } = await launch({ hasLock: false });
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('web-contents-created')).toBe(0);
  });

  it('on ready: hardens, serves, creates the host, wires IPC before the window, loads the app, adds the demo on first launch', async () => {
    const l = await launch({ workspace: 'fresh' });
    const added = nextCall(l.host.addFolders, Promise.resolve());
    l.ready.resolve();
    const [folders] = await added;

    expect(folders).toEqual([path.join(l.root, 'app', 'demo')]);
    expect(l.createHost).toHaveBeenCalledTimes(1);
    const hostOpts = l.createHost.mock.calls[0]?.[0] as HostOptions;
    expect(hostOpts).toMatchObject({ workspaceDir: path.join(l.root, 'ws'), mode: 'electron', appVersion: '9.9.9' });
    await expect(hostOpts.pickFolder?.()).resolves.toBe('/picked');
    // Parented to the app window, so the dialog is modal to it.
    expect(l.electron.dialog.showOpenDialog).toHaveBeenCalledWith(FakeBrowserWindow.all[0], expect.objectContaining({ properties: ['openDirectory'] }));

    const s = l.electron.session.defaultSession;
    expect(s.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
    expect(s.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(s.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(l.electron.protocol.handle).toHaveBeenCalledWith('runlens', expect.any(Function));
    expect(l.electron.ipcMain.handle).toHaveBeenCalledWith('runlens:invoke', expect.any(Function));

    expect(FakeBrowserWindow.all).toHaveLength(1);
    const win = FakeBrowserWindow.all[0] as FakeBrowserWindow;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.options).toMatchObject({ show: false, backgroundColor: '#111318', width: 1280, height: 800 });
    expect(win.loadURL).toHaveBeenCalledExactlyOnceWith('runlens://app/index.html');
    // The invoke handler exists before the renderer could send its first request.
    const ipcOrder = l.electron.ipcMain.handle.mock.invocationCallOrder[0] ?? Infinity;
    expect(ipcOrder).toBeLessThan(win.loadURL.mock.invocationCallOrder[0] ?? -Infinity);

    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('adds command-line folders instead of the demo', async () => {
    const l = await launch({ workspace: 'fresh' });
    const runs = path.join(l.root, 'runs');
    mkdirSync(runs);
    process.argv = ['/opt/RunLens/runlens', '--', runs];
    const added = nextCall(l.host.addFolders, Promise.resolve());
    l.ready.resolve();
    expect((await added)[0]).toEqual([runs]);
  });

  it('adds nothing when the workspace was used before, even with an empty library', async () => {
    const l = await launch({ workspace: 'used', sourceCount: 0 });
    l.ready.resolve();
    await l.listed;
    await flush();
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(l.host.addFolders).not.toHaveBeenCalled();
  });

  it('hardens every webContents that is created', async () => {
    const l = await launch();
    const contents = new FakeHardenableContents();
    l.electron.app.emit('web-contents-created', {}, contents);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(l.electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('prints reports from a hidden window made by the same hardened factory, and destroys it', async () => {
    const l = await launch({ workspace: 'used' });
    l.ready.resolve();
    await l.listed;
    await flush();
    const printer = l.host.setReportPrinter.mock.calls[0]?.[0] as { html(id: string): Promise<string> } | undefined;
    expect(printer).toBeDefined();
    await expect(printer?.html('r1')).resolves.toBe('<html>report</html>');
    expect(FakeBrowserWindow.all).toHaveLength(2);
    const [app, print] = FakeBrowserWindow.all as [FakeBrowserWindow, FakeBrowserWindow];
    expect(print.options.show).toBe(false);
    expect(print.options.webPreferences).toEqual({ ...(app.options.webPreferences as object), devTools: false });
    expect(print.loadURL).toHaveBeenCalledExactlyOnceWith('runlens://app/index.html?report=r1&print=1');
    expect(print.destroy).toHaveBeenCalledTimes(1);
  });

  it('macOS open-file before ready: the folder is opened instead of the demo; a file is refused', async () => {
    const l = await launch({ workspace: 'fresh' });
    const runs = path.join(l.root, 'dropped-runs');
    mkdirSync(runs);
    const notAFolder = path.join(l.root, 'notes.txt');
    writeFileSync(notAFolder, 'x');
    const folderEvent = { preventDefault: vi.fn() };
    const fileEvent = { preventDefault: vi.fn() };
    l.electron.app.emit('open-file', folderEvent, runs);
    l.electron.app.emit('open-file', fileEvent, notAFolder);
    expect(folderEvent.preventDefault).toHaveBeenCalledTimes(1);
    expect(fileEvent.preventDefault).toHaveBeenCalledTimes(1);
    expect(console.warn).toHaveBeenCalledWith(`Not a folder, skipped: ${notAFolder}`);
    const added = nextCall(l.host.addFolders, Promise.resolve());
    l.ready.resolve();
    expect((await added)[0]).toEqual([runs]);
    expect(l.host.addFolders).toHaveBeenCalledTimes(1);
  });

  it('macOS open-file while running focuses the window and adds the folder', async () => {
    const l = await launch({ workspace: 'used' });
    l.ready.resolve();
    await l.listed;
    await flush();
    const runs = path.join(l.root, 'later-runs');
    mkdirSync(runs);
    const added = nextCall(l.host.addFolders, Promise.resolve());
    l.electron.app.emit('open-file', { preventDefault: vi.fn() }, runs);
    expect((await added)[0]).toEqual([runs]);
    expect((FakeBrowserWindow.all[0] as FakeBrowserWindow).focus).toHaveBeenCalledTimes(1);
  });

  it('packaged, the demo comes from the resources folder (outside app.asar)', async () => {
    const l = await launch({ workspace: 'fresh', isPackaged: true });
    const resources = path.join(l.root, 'resources');
    mkdirSync(path.join(resources, 'demo', 'base-pretrain'), { recursive: true });
    proc.resourcesPath = resources;
    const added = nextCall(l.host.addFolders, Promise.resolve());
    l.ready.resolve();
    expect((await added)[0]).toEqual([path.join(resources, 'demo')]);
    // Packaged builds have no developer tools.
    expect((FakeBrowserWindow.all[0] as FakeBrowserWindow).options.webPreferences).toMatchObject({ devTools: false });
  });

  it('a second instance focuses the window and adds its folders', async () => {
    const l = await launch({ workspace: 'used' });
    l.ready.resolve();
    await l.listed;
    await flush();
    const runs = path.join(l.root, 'more-runs');
    mkdirSync(runs);
    const added = nextCall(l.host.addFolders, Promise.resolve());
    l.electron.app.emit('second-instance', {}, ['/opt/RunLens/runlens', 'more-runs', '--flag'], l.root);
    expect((await added)[0]).toEqual([runs]);
    expect((FakeBrowserWindow.all[0] as FakeBrowserWindow).focus).toHaveBeenCalledTimes(1);
  });

  it('quits when the last window closes, closing the host first and only once', async () => {
    const l = await launch({ workspace: 'used' });
    l.ready.resolve();
    await l.listed;
    await flush();

    l.electron.app.emit('window-all-closed');
    expect(l.electron.app.quit).toHaveBeenCalledTimes(1);

    const requit = nextCall(l.electron.app.quit);
    const first = { preventDefault: vi.fn() };
    l.electron.app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalledTimes(1);
    await requit;
    expect(l.host.close).toHaveBeenCalledTimes(1);
    expect(l.electron.ipcMain.removeHandler).toHaveBeenCalledWith('runlens:invoke');

    const second = { preventDefault: vi.fn() };
    l.electron.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(l.host.close).toHaveBeenCalledTimes(1);
  });

  it('shows an error and exits when the host cannot start', async () => {
    const l = await launch({ hostFails: true });
    const exited = nextCall(l.electron.app.exit);
    l.ready.resolve();
    expect((await exited)[0]).toBe(1);
    expect(l.electron.dialog.showErrorBox).toHaveBeenCalledExactlyOnceWith('RunLens could not start', 'cache locked by another process');
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });
});
