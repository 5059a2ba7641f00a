import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintRun } from '../../../main/services/fingerprint';
import { WorkspaceStore } from '../../../main/services/workspace-store';
import { tempDir } from '../../helpers/paths';

describe('import choices in workspace.json (user data)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.cleanup());

  it('loads a workspace.json written before choices existed', async () => {
    await writeFile(path.join(t.dir, 'workspace.json'), JSON.stringify({ version: 1, sources: [{ id: 'a', path: '/r', name: 'r', addedAtMs: 1 }], recentFolders: ['/r'] }));
    const { store, problem } = await WorkspaceStore.open(t.dir);
    expect(problem).toBeNull();
    expect(store.choicesOf('a')).toEqual({});
  });

  it('persists format and column choices per source, clears them one by one, and forgets them with the source', async () => {
    const { store } = await WorkspaceStore.open(t.dir);
    await store.addSource({ id: 'a', path: '/r', name: 'r', addedAtMs: 1 });
    await store.setFormatChoice('a', 'dvclive', 'lm-eval');
    await store.setTableColumns('a', 'logs/train', { step: 'epoch', wall: null });
    const again = (await WorkspaceStore.open(t.dir)).store;
    expect(again.choicesOf('a')).toEqual({ formats: { dvclive: 'lm-eval' }, tableColumns: { 'logs/train': { step: 'epoch', wall: null } } });

    await again.setFormatChoice('a', 'dvclive', null);
    expect((await WorkspaceStore.open(t.dir)).store.choicesOf('a').formats).toEqual({});
    await again.removeSource('a');
    const raw = JSON.parse(await readFile(path.join(t.dir, 'workspace.json'), 'utf8')) as { choices: object };
    expect(raw.choices).toEqual({});
  });
});

describe('fingerprintRun with options', () => {
  it('changes with the options and stays as before without any', async () => {
    const stat = () => ({ size: 1, mtimeMs: 1 });
    const plain = await fingerprintRun('/nowhere', 'table', 1, ['a.csv'], stat);
    expect(await fingerprintRun('/nowhere', 'table', 1, ['a.csv'], stat, {})).toBe(plain);
    const epoch = await fingerprintRun('/nowhere', 'table', 1, ['a.csv'], stat, { stepColumn: 'epoch' });
    expect(epoch).not.toBe(plain);
    expect(await fingerprintRun('/nowhere', 'table', 1, ['a.csv'], stat, { stepColumn: 'time' })).not.toBe(epoch);
  });
});
