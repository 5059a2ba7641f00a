// Sandboxed preload (bundled to dist/preload/index.cjs): exposes `window.runlens` and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_KEY } from '../shared/ipc/bridge';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge({ ipcRenderer, webUtils }));
