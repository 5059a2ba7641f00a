import type { BrowserWindowConstructorOptions } from 'electron';

/** Window backgrounds before the renderer paints (match the renderer's theme so there is no flash). */
export const WINDOW_BACKGROUND = { dark: '#111318', light: '#ffffff' } as const;

export const DEFAULT_WINDOW_SIZE = { width: 1440, height: 900 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 600 } as const;

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/preload/index.cjs). */
  readonly preloadPath: string;
  readonly isDark: boolean;
  /** The primary display's work area; the window never starts larger than it. */
  readonly workArea?: { readonly width: number; readonly height: number };
  /** Developer tools (off in packaged builds). */
  readonly isDevToolsEnabled?: boolean;
}

/**
 * The one BrowserWindow configuration. The renderer is untrusted web content: isolated, sandboxed, no Node, no
 * webview, no insecure content; it reaches the host only through the preload's two allow-listed functions.
 */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const area = input.workArea;
  const width = area ? Math.max(MIN_WINDOW_SIZE.width, Math.min(DEFAULT_WINDOW_SIZE.width, Math.floor(area.width))) : DEFAULT_WINDOW_SIZE.width;
  const height = area ? Math.max(MIN_WINDOW_SIZE.height, Math.min(DEFAULT_WINDOW_SIZE.height, Math.floor(area.height))) : DEFAULT_WINDOW_SIZE.height;
  return {
    title: 'RunLens',
    width,
    height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false, // shown on 'ready-to-show', so the window never flashes empty
    backgroundColor: input.isDark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false, // also keeps Chromium from downloading dictionaries
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
      devTools: input.isDevToolsEnabled ?? false,
    },
  };
}
