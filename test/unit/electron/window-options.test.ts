import { describe, expect, it } from 'vitest';
import { buildWindowOptions, DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, WINDOW_BACKGROUND } from '../../../main/electron/window-options';

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
