import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/platform/atomic-write';
import { WorkspaceStore } from '../../../main/services/workspace-store';
import { tempDir } from '../../helpers/paths';

describe('WorkspaceStore (user data, not cache)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.cleanup());

  it('persists sources and keeps recent folders newest first without duplicates', async () => {
    const { store } = await WorkspaceStore.open(t.dir);
    await store.addSource({ id: 'a', path: '/runs/a', name: 'a', addedAtMs: 1 });
    await store.addSource({ id: 'b', path: '/runs/b', name: 'b', addedAtMs: 2 });
    await store.addSource({ id: 'a', path: '/runs/a', name: 'a', addedAtMs: 1 });
    const again = (await WorkspaceStore.open(t.dir)).store.snapshot;
    expect(again.sources.map((s) => s.id)).toEqual(['b', 'a']);
    expect(again.recentFolders).toEqual(['/runs/a', '/runs/b']);
    await store.removeSource('b');
    expect((await WorkspaceStore.open(t.dir)).store.snapshot.sources.map((s) => s.id)).toEqual(['a']);
  });

  it('opens an empty library with a clear problem when workspace.json is damaged, instead of crashing', async () => {
    await writeFile(path.join(t.dir, 'workspace.json'), '{"version": 1, "sources": [');
    const { store, problem } = await WorkspaceStore.open(t.dir);
    expect(store.snapshot.sources).toEqual([]);
    expect(problem).toMatch(/could not be read.*kept as workspace\.json\.damaged-/);
    await store.addSource({ id: 'a', path: '/runs/a', name: 'a', addedAtMs: 1 });
    const kept = (await readdir(t.dir)).find((f) => f.startsWith('workspace.json.damaged-'));
    expect(await readFile(path.join(t.dir, kept ?? 'missing'), 'utf8')).toBe('{"version": 1, "sources": [');
    await writeFile(path.join(t.dir, 'workspace.json'), '{"version": 9}');
    expect((await WorkspaceStore.open(t.dir)).problem).toMatch(/not valid/);
  });

  it('writes atomically: the target holds the old or the new content, and no temp file is left behind', async () => {
    const file = path.join(t.dir, 'x.json');
    await writeFileAtomic(file, 'old');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `new-${i}`)));
    expect(await readFile(file, 'utf8')).toMatch(/^new-\d+$/);
    expect((await readdir(t.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
