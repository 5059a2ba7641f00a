import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  createFolderPicker,
  electronWorkspaceDir,
  findDemoFolder,
  foldersFromArgv,
  isFreshWorkspace,
  PICK_FOLDER_OPTIONS,
  startupFolders,
} from '../../../main/electron/startup';

const tmp = mkdtempSync(path.join(tmpdir(), 'runlens-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('electronWorkspaceDir', () => {
  it('uses RUNLENS_WORKSPACE, resolved, else userData/workspace', () => {
    expect(electronWorkspaceDir({ RUNLENS_WORKSPACE: '/data/ws' }, '/u')).toBe(path.resolve('/data/ws'));
    expect(electronWorkspaceDir({ RUNLENS_WORKSPACE: 'rel/ws' }, '/u')).toBe(path.resolve('rel/ws'));
    expect(electronWorkspaceDir({}, '/home/me/.config/RunLens')).toBe(path.join('/home/me/.config/RunLens', 'workspace'));
    expect(electronWorkspaceDir({ RUNLENS_WORKSPACE: '' }, '/u')).toBe(path.join('/u', 'workspace'));
  });
});

describe('foldersFromArgv', () => {
  const r = (p: string) => path.resolve(p);
  const dirs = new Set(['/runs/a', '/runs/b', '/home/me/exp', '/app'].map(r));
  const ctx = { isDefaultApp: false, cwd: r('/home/me'), appPath: r('/app'), isDirectory: (p: string) => dirs.has(p) };

  it('takes existing directory arguments of a packaged app, skipping switches and files', () => {
    expect(foldersFromArgv(['/opt/RunLens/runlens', '--no-sandbox', r('/runs/a'), 'notes.txt', 'exp', r('/runs/a')], ctx)).toEqual({
      folders: [r('/runs/a'), r('/home/me/exp')],
      missing: [],
    });
  });

  it('skips the app path of `electron <app>`', () => {
    expect(foldersFromArgv(['/usr/bin/electron', r('/app'), r('/runs/b')], { ...ctx, isDefaultApp: true })).toEqual({ folders: [r('/runs/b')], missing: [] });
    // Even when it is named again, the app folder is not a folder of runs.
    expect(foldersFromArgv(['/usr/bin/electron', '.', '.'], { ...ctx, cwd: r('/app'), isDefaultApp: true }).folders).toEqual([]);
  });

  it('takes everything after -- as folders, reporting the missing ones', () => {
    const argv = ['electron', r('/app'), r('/runs/a'), '--', r('/runs/b'), '--odd-but-a-name', r('/nope')];
    expect(foldersFromArgv(argv, { ...ctx, isDefaultApp: true })).toEqual({
      folders: [r('/runs/b')],
      missing: [r('/home/me/--odd-but-a-name'), r('/nope')],
    });
  });

  it('finds nothing in a plain launch', () => {
    expect(foldersFromArgv(['/opt/RunLens/runlens'], ctx)).toEqual({ folders: [], missing: [] });
  });
});

describe('startupFolders', () => {
  const base = { cliFolders: [], isFreshWorkspace: true, sourceCount: 0, demoFolder: '/app/demo' };
  it.each([
    ['first launch, empty library → demo', base, ['/app/demo']],
    ['command-line folders win over the demo', { ...base, cliFolders: ['/runs/a'] }, ['/runs/a']],
    ['not a first launch → nothing', { ...base, isFreshWorkspace: false }, []],
    ['library not empty → nothing', { ...base, sourceCount: 2 }, []],
    ['no demo bundled → nothing', { ...base, demoFolder: null }, []],
  ])('%s', (_name, state, expected) => {
    expect(startupFolders(state)).toEqual(expected);
  });
});

describe('isFreshWorkspace / findDemoFolder', () => {
  it('calls a missing or empty workspace fresh', () => {
    const ws = path.join(tmp, 'ws');
    expect(isFreshWorkspace(ws)).toBe(true);
    mkdirSync(ws);
    expect(isFreshWorkspace(ws)).toBe(true);
    writeFileSync(path.join(ws, 'workspace.json'), '{}');
    expect(isFreshWorkspace(ws)).toBe(false);
  });

  it('finds the demo only when it exists and is not empty', () => {
    const app = path.join(tmp, 'app');
    mkdirSync(app);
    expect(findDemoFolder(app)).toBeNull();
    mkdirSync(path.join(app, 'demo'));
    expect(findDemoFolder(app)).toBeNull();
    mkdirSync(path.join(app, 'demo', 'sft-run'));
    expect(findDemoFolder(app)).toBe(path.join(app, 'demo'));
  });

  it('prefers the packaged resources folder, and falls back to the app folder when it has no demo', () => {
    const app = path.join(tmp, 'packaged', 'app.asar');
    const resources = path.join(tmp, 'packaged');
    mkdirSync(path.join(app, 'demo', 'sft-run'), { recursive: true });
    expect(findDemoFolder(app, resources)).toBe(path.join(app, 'demo'));
    mkdirSync(path.join(resources, 'demo', 'base-pretrain'), { recursive: true });
    expect(findDemoFolder(app, resources)).toBe(path.join(resources, 'demo'));
    expect(findDemoFolder(path.join(tmp, 'nowhere'), path.join(tmp, 'nowhere-either'))).toBeNull();
  });
});

describe('createFolderPicker', () => {
  it('returns the chosen folder, or null when cancelled', async () => {
    const show = vi.fn(async () => ({ canceled: false, filePaths: ['/runs/picked'] }));
    expect(await createFolderPicker(show)()).toBe('/runs/picked');
    expect(show).toHaveBeenCalledExactlyOnceWith(PICK_FOLDER_OPTIONS);
    expect(PICK_FOLDER_OPTIONS.properties).toEqual(['openDirectory']);
    expect(await createFolderPicker(async () => ({ canceled: true, filePaths: [] }))()).toBeNull();
    expect(await createFolderPicker(async () => ({ canceled: false, filePaths: [] }))()).toBeNull();
  });
});
