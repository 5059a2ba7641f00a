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

/** `BrowserWindow` as far as creating one goes (the real class satisfies it; tests pass a recorder). */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/** Size, title and first paint: everything of the window options that is not about security. */
function windowFrame(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const area = input.workArea;
  const width = area ? Math.max(MIN_WINDOW_SIZE.width, Math.min(DEFAULT_WINDOW_SIZE.width, Math.floor(area.width))) : DEFAULT_WINDOW_SIZE.width;
  const height = area ? Math.max(MIN_WINDOW_SIZE.height, Math.min(DEFAULT_WINDOW_SIZE.height, Math.floor(area.height))) : DEFAULT_WINDOW_SIZE.height;
  return {
    title: 'RunLens',
    width,
    height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false, // shown on 'ready-to-show' (the report printer never shows its window)
    backgroundColor: input.isDark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    autoHideMenuBar: true,
  };
}

/**
 * Creates every RunLens window (the app window and the report printer's hidden one). The renderer is untrusted web
 * content: isolated, sandboxed, no Node, no webview, no insecure content, no middle-click windows; it reaches the
 * host only through the preload's allow-listed functions.
 *
 * The web preferences are written inside the `new BrowserWindow(…)` expression on purpose: Electronegativity (run
 * by `npm test`, scripts/electronegativity.mjs) reads them there, so the static gate checks the real settings instead
 * of flagging a call it cannot follow.
 */
export function createAppWindow<W>(BrowserWindow: WindowConstructor<W>, input: WindowOptionsInput): W {
  return new BrowserWindow({
    ...windowFrame(input),
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
      // Middle-click on a link fires `auxclick`, which opens a window without `click`; new windows are denied anyway.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false, // also keeps Chromium from downloading dictionaries
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
      devTools: input.isDevToolsEnabled ?? false,
    },
  });
}

/** Keeps the options it is built with: lets `buildWindowOptions` reuse the one literal above. */
class RecordedOptions {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

/** The options `createAppWindow` passes to `BrowserWindow`, without creating a window. */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return createAppWindow(RecordedOptions, input).options;
}
