import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
  webUtils: { getPathForFile: vi.fn(() => '/x') },
}));

describe('preload entry', () => {
  it('exposes the bridge, and only the bridge, as window.runlens', async () => {
    await import('../../../preload/index');
    expect(exposed.calls).toHaveLength(1);
    const [key, api] = exposed.calls[0] ?? [];
    expect(key).toBe('runlens');
    expect(Object.keys(api as object).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    // ipcRenderer itself is not reachable through what was exposed.
    expect(Object.values(api as object).every((v) => typeof v === 'function')).toBe(true);
  });
});
