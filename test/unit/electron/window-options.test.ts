import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { buildWindowOptions, createAppWindow, DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, WINDOW_BACKGROUND } from '../../../main/electron/window-options';

describe('buildWindowOptions', () => {
  it('locks the renderer down', () => {
    const o = buildWindowOptions({ preloadPath: '/app/dist/preload/index.cjs', isDark: false });
    expect(o.webPreferences).toEqual({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('stays hidden until ready-to-show, with the theme background', () => {
    const dark = buildWindowOptions({ preloadPath: '/p', isDark: true });
    const light = buildWindowOptions({ preloadPath: '/p', isDark: false });
    expect(dark.show).toBe(false);
    expect(dark.backgroundColor).toBe(WINDOW_BACKGROUND.dark);
    expect(light.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    expect(WINDOW_BACKGROUND.dark).not.toBe(WINDOW_BACKGROUND.light);
  });

  it('enables devtools only when asked', () => {
    expect(buildWindowOptions({ preloadPath: '/p', isDark: false, isDevToolsEnabled: true }).webPreferences?.devTools).toBe(true);
  });

  it.each([
    [undefined, DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height],
    [{ width: 2560, height: 1415 }, 1440, 900],
    [{ width: 1280, height: 760.5 }, 1280, 760],
    [{ width: 800, height: 500 }, MIN_WINDOW_SIZE.width, MIN_WINDOW_SIZE.height],
  ])('fits the work area %j → %i×%i', (workArea, width, height) => {
    const o = buildWindowOptions({ preloadPath: '/p', isDark: false, ...(workArea ? { workArea } : {}) });
    expect([o.width, o.height]).toEqual([width, height]);
    expect([o.minWidth, o.minHeight]).toEqual([MIN_WINDOW_SIZE.width, MIN_WINDOW_SIZE.height]);
  });
});

describe('createAppWindow', () => {
  class RecordingWindow {
    static made: RecordingWindow[] = [];
    constructor(readonly options: BrowserWindowConstructorOptions) {
      RecordingWindow.made.push(this);
    }
  }

  it('constructs one window with exactly the options buildWindowOptions describes', () => {
    const input = { preloadPath: '/app/dist/preload/index.cjs', isDark: true, workArea: { width: 1000, height: 700 } };
    const win = createAppWindow(RecordingWindow, input);
    expect(RecordingWindow.made).toEqual([win]);
    expect(win).toBeInstanceOf(RecordingWindow);
    expect(win.options).toEqual(buildWindowOptions(input));
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
  });

  it('gives every call its own options object (a caller cannot loosen the next window)', () => {
    const a = buildWindowOptions({ preloadPath: '/p', isDark: false });
    const prefs = a.webPreferences as Record<string, unknown>;
    prefs.sandbox = false;
    expect(buildWindowOptions({ preloadPath: '/p', isDark: false }).webPreferences?.sandbox).toBe(true);
  });
});
