/**
 * What the user-data readers do with what a crash or a damaged disk can leave (issue 12 §6): leftover temp files, an
 * empty file, a file cut short. The damaged file is kept aside and reported, and the last good version (the one the
 * previous save replaced, kept as `<file>.bak`) is put back; each service built on them (notes, folder list and
 * settings, reports) comes back with that version.
 */
import { mkdir, readdir, readFile, rm, rmdir, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../main/db/engine';
import { isTempOf, previousVersionPath, removeLeftoverTemps, writeFileAtomic } from '../../main/platform/atomic-write';
import { readUserFile } from '../../main/platform/user-file';
import { AnnotationsService } from '../../main/services/annotations';
import { LibraryService } from '../../main/services/library';
import { ReportsService } from '../../main/services/reports';
import { WorkspaceStore } from '../../main/services/workspace-store';
import { reportVersion } from '../helpers/crash-versions';
import { tempDir } from '../helpers/paths';

const Doc = z.object({ n: z.number() });
const doc = (n: number) => `${JSON.stringify({ n })}\n`;

describe('user files after a crash or damage', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.cleanup());
  const names = async () => (await readdir(t.dir)).sort();

  it('keeps the replaced version as <file>.bak only when asked, without ever leaving the file missing', async () => {
    const file = path.join(t.dir, 'a.json');
    await writeFileAtomic(file, doc(1), { keepPrevious: true });
    expect(await names()).toEqual(['a.json']);
    await writeFileAtomic(file, doc(2), { keepPrevious: true });
    await writeFileAtomic(file, doc(3), { keepPrevious: true });
    expect([await readFile(file, 'utf8'), await readFile(previousVersionPath(file), 'utf8')]).toEqual([doc(3), doc(2)]);
    // The backup is a second name for the old content, not a second copy of it: the new file is a new inode.
    expect((await stat(file)).ino).not.toBe((await stat(previousVersionPath(file))).ino);
    const other = path.join(t.dir, 'b.json');
    await writeFileAtomic(other, doc(1));
    await writeFileAtomic(other, doc(2));
    expect(await names()).toEqual(['a.json', 'a.json.bak', 'b.json']);
  });

  it('an empty file (a write the disk lost) is kept aside, reported, and the previous version put back', async () => {
    const file = path.join(t.dir, 'a.json');
    await writeFileAtomic(file, doc(1), { keepPrevious: true });
    await writeFileAtomic(file, doc(2), { keepPrevious: true });
    await truncate(file, 0);
    const read = await readUserFile(file, Doc, 'starting empty', 77);
    expect(read.value).toEqual({ n: 1 });
    expect(read.problem).toBe('a.json could not be read: the file is empty. The damaged file was kept as a.json.damaged-77. The previous saved version was restored; the last change before the damage may be missing.');
    expect(await readFile(path.join(t.dir, 'a.json.damaged-77'), 'utf8')).toBe('');
    // Put back on disk, so the next save sets a good version aside, not the damaged one.
    expect(await readFile(file, 'utf8')).toBe(doc(1));
    expect(await readUserFile(file, Doc, 'starting empty', 78)).toEqual({ value: { n: 1 }, problem: null });
    await writeFileAtomic(file, doc(3), { keepPrevious: true });
    expect(await readFile(previousVersionPath(file), 'utf8')).toBe(doc(1));
  });

  it('with no good previous version it starts empty, and a file damaged the same way is kept aside once', async () => {
    const file = path.join(t.dir, 'a.json');
    await writeFile(file, '{"n": 1');
    await writeFile(previousVersionPath(file), '{"n": "not a number"}');
    const first = await readUserFile(file, Doc, 'starting empty', 10);
    expect(first.value).toBeNull();
    expect(first.problem).toMatch(/^a\.json could not be read: .+; starting empty\. The damaged file was kept as a\.json\.damaged-10\.$/);
    // Read again (a report is read on every listing): the same bytes are not copied a second time.
    expect((await readUserFile(file, Doc, 'starting empty', 20)).problem).toMatch(/kept as a\.json\.damaged-10\.$/);
    await writeFile(file, '{"n": 12}');
    expect((await readUserFile(file, Doc, 'starting empty', 30)).value).toEqual({ n: 12 });
    await writeFile(file, '{"n": 1}}');
    expect((await readUserFile(file, Doc, 'starting empty', 40)).problem).toMatch(/kept as a\.json\.damaged-40\.$/);
    expect((await names()).filter((n) => n.includes('.damaged-'))).toEqual(['a.json.damaged-10', 'a.json.damaged-40']);
  });

  it('temp files of killed writes are never read, and old ones are cleared', async () => {
    const file = path.join(t.dir, 'a.json');
    await writeFileAtomic(file, doc(1), { keepPrevious: true });
    const old = `${file}.0123456789ab.tmp`;
    const oldBak = `${previousVersionPath(file)}.ba9876543210.tmp`;
    const young = `${file}.fedcba987654.tmp`;
    for (const f of [old, oldBak, young]) await writeFile(f, '{"n": 99');
    const twoMinutesAgo = (Date.now() - 120_000) / 1000;
    await utimes(old, twoMinutesAgo, twoMinutesAgo);
    await utimes(oldBak, twoMinutesAgo, twoMinutesAgo);
    expect(await readUserFile(file, Doc, 'starting empty')).toEqual({ value: { n: 1 }, problem: null });
    // A young one may be a save in flight: it stays until it is old.
    expect(await names()).toEqual(['a.json', path.basename(young)]);
    expect(await removeLeftoverTemps(file, 60_000, Date.now() + 120_000)).toEqual([path.basename(young)]);
    expect([isTempOf('a.json.0123456789ab.tmp', 'a.json'), isTempOf('a.json.bak.0123456789ab.tmp', 'a.json'), isTempOf('b.json.0123456789ab.tmp', 'a.json'), isTempOf('a.json.123.tmp', 'a.json')]).toEqual([true, true, false, false]);
  });

  it('notes, the folder list and reports each come back as their last good version', async () => {
    const notes = (await AnnotationsService.open(t.dir)).service;
    await notes.save({ target: { kind: 'run', runId: 'r' }, text: 'first' });
    await notes.save({ target: { kind: 'run', runId: 'r' }, text: 'second' });
    const { store } = await WorkspaceStore.open(t.dir);
    await store.addSource({ id: 'a', path: '/runs/a', name: 'a', addedAtMs: 1 });
    await store.addSource({ id: 'b', path: '/runs/b', name: 'b', addedAtMs: 2 });
    const engine = await Engine.open(':memory:');
    try {
      const reports = new ReportsService(t.dir, engine, new LibraryService(engine), 'test', () => 5);
      await reports.save(reportVersion(1));
      await reports.save({ ...reportVersion(1), title: 'Renamed' });
      // Damage: cut each file in half.
      for (const f of ['annotations.json', 'workspace.json', 'reports/alpha.json']) {
        const full = path.join(t.dir, f);
        await truncate(full, Math.floor((await stat(full)).size / 2));
      }
      const reopened = await AnnotationsService.open(t.dir);
      expect(reopened.service.list().map((n) => n.text)).toEqual(['first']);
      expect(reopened.problem).toMatch(/^annotations\.json could not be read: .+ The previous saved version was restored/);
      const ws = await WorkspaceStore.open(t.dir);
      expect(ws.store.snapshot.sources.map((s) => s.id)).toEqual(['a']);
      expect(ws.problem).toMatch(/^workspace\.json could not be read: .+ The previous saved version was restored/);
      expect(await reports.get('alpha')).toEqual({ ...reportVersion(1), updatedAtMs: 5 });
      expect((await reports.list()).map((r) => r.title)).toEqual(['Report alpha v1']);
      // Deleting a report deletes its backup too: nothing of it can come back.
      await reports.delete('alpha');
      expect((await readdir(path.join(t.dir, 'reports'))).filter((n) => n.startsWith('alpha.json') && !n.includes('.damaged-'))).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('a save that fails leaves the folder list as it was and does not block the next one', async () => {
    const { store } = await WorkspaceStore.open(t.dir);
    await store.addSource({ id: 'a', path: '/runs/a', name: 'a', addedAtMs: 1 });
    // A folder where the file should be: the rename over it fails.
    const file = path.join(t.dir, 'workspace.json');
    await rm(file);
    await mkdir(file);
    await expect(store.addSource({ id: 'b', path: '/runs/b', name: 'b', addedAtMs: 2 })).rejects.toThrow();
    expect(store.snapshot.sources.map((s) => s.id)).toEqual(['a']);
    await rmdir(file);
    await store.addSource({ id: 'c', path: '/runs/c', name: 'c', addedAtMs: 3 });
    expect((await WorkspaceStore.open(t.dir)).store.snapshot.sources.map((s) => s.id)).toEqual(['a', 'c']);
  });
});
