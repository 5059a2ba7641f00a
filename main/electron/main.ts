// Electron entry (bundled to dist/main/electron.cjs). The only file that imports 'electron' at runtime: everything it
// wires is a small function in this folder that takes Electron's modules as arguments and is unit tested with fakes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenDialogOptions } from 'electron';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, screen, session } from 'electron';
import type { Host } from '../host';
import { createHost } from '../host';
import { APP_ENTRY_URL, APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { registerIpc } from './ipc';
import { hardenContents, hardenSession } from './security';
import {
  createFolderPicker,
  electronWorkspaceDir,
  findDemoFolder,
  foldersFromArgv,
  isDirectory,
  isFreshWorkspace,
  startupFolders,
} from './startup';
import { electronReportPrinter } from './report-printer';
import { createAppWindow } from './window-options';

const log = console;
/** A host that cannot close in this time (a stuck import) must not keep the app from quitting. */
const QUIT_TIMEOUT_MS = 10_000;
/** dist/main (this bundle); the preload and the renderer are built next to it. */
const bundleDir = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(bundleDir, '..', 'preload', 'index.cjs');
const rendererDir = path.join(bundleDir, '..', 'renderer');

// Before ready: every renderer sandboxed, and the app scheme privileged.
app.enableSandbox();
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  let host: Host | null = null;
  let mainWindow: BrowserWindow | null = null;
  let disposeIpc: (() => void) | null = null;
  let closing: Promise<void> | null = null;
  let isClosed = false;
  const queued: string[] = [];

  const argvFolders = (argv: readonly string[], cwd: string): string[] => {
    const { folders, missing } = foldersFromArgv(argv, { isDefaultApp: process.defaultApp === true, cwd, appPath: app.getAppPath(), isDirectory });
    for (const m of missing) log.warn(`Not a folder, skipped: ${m}`);
    return folders;
  };

  const addFolders = (folders: readonly string[]): void => {
    if (folders.length === 0) return;
    if (!host) {
      queued.push(...folders);
      return;
    }
    host.addFolders(folders).catch((err: unknown) => log.error('Could not add folders', err));
  };

  const focusMainWindow = (): void => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };

  const showOpenDialog = (options: OpenDialogOptions) => {
    const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
    return parent && !parent.isDestroyed() ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };

  const createWindow = (): BrowserWindow => {
    const win = createAppWindow(BrowserWindow, {
      preloadPath,
      isDark: nativeTheme.shouldUseDarkColors,
      workArea: screen.getPrimaryDisplay().workAreaSize,
      isDevToolsEnabled: !app.isPackaged,
    });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((err: unknown) => log.error(`Could not load ${APP_ENTRY_URL}`, err));
    mainWindow = win;
    return win;
  };

  const closeHost = async (): Promise<void> => {
    disposeIpc?.();
    disposeIpc = null;
    if (!host) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`The host did not close within ${QUIT_TIMEOUT_MS} ms; quitting anyway.`);
        resolve();
      }, QUIT_TIMEOUT_MS);
    });
    await Promise.race([host.close().catch((err: unknown) => log.error('Closing the host failed', err)), timeout]);
    clearTimeout(timer);
  };

  const start = async (): Promise<void> => {
    const workspaceDir = electronWorkspaceDir(process.env, app.getPath('userData'));
    const isFresh = isFreshWorkspace(workspaceDir); // before createHost makes the folder
    hardenSession(session.defaultSession, { appOrigin: APP_ORIGIN, log });
    handleAppProtocol(protocol, rendererDir);
    host = await createHost({
      workspaceDir,
      mode: 'electron',
      watch: true,
      pickFolder: createFolderPicker(showOpenDialog),
      appVersion: app.getVersion(),
    });
    // Reports print from a hidden window showing the same renderer in print mode.
    host.setReportPrinter(
      electronReportPrinter(() => createAppWindow(BrowserWindow, { preloadPath, isDark: false }), APP_ENTRY_URL),
    );
    // IPC before the window, so the renderer's first request finds a handler.
    disposeIpc = registerIpc({ ipcMain, host, appOrigin: APP_ORIGIN, log, getWindows: () => BrowserWindow.getAllWindows() });
    createWindow();

    const sources = await host.handlers['library:list-sources']({}, { mode: 'electron' });
    const cliFolders = [...argvFolders(process.argv, process.cwd()), ...queued.splice(0)];
    // Packaged, the demo ships as an extra resource (outside app.asar, so it can be watched and read natively).
    const demoFolder = findDemoFolder(app.getAppPath(), app.isPackaged ? process.resourcesPath : undefined);
    addFolders(startupFolders({ cliFolders, isFreshWorkspace: isFresh, sourceCount: sources.length, demoFolder }));
  };

  // Every webContents (the window, and anything a bug or an exploit might create) is kept on the app.
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, { appOrigin: APP_ORIGIN, log });
  });

  // macOS hands folders dropped on the Dock icon or opened with RunLens (CFBundleDocumentTypes: public.folder) to
  // 'open-file', not argv; it fires before ready on a cold start, so it is wired here and queued until the host.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    if (!isDirectory(filePath)) {
      log.warn(`Not a folder, skipped: ${filePath}`);
      return;
    }
    focusMainWindow();
    addFolders([filePath]);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusMainWindow();
    addFolders(argvFolders(argv, workingDirectory));
  });

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', (event) => {
    if (isClosed) return;
    event.preventDefault();
    closing ??= closeHost().finally(() => {
      isClosed = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error('RunLens could not start', err);
      dialog.showErrorBox('RunLens could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
