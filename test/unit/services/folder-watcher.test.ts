import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderWatcher } from '../../../main/services/folder-watcher';
import { tempDir } from '../../helpers/paths';

describe('FolderWatcher', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let watcher: FolderWatcher | null = null;
  beforeEach(async () => {
    t = await tempDir();
    await mkdir(path.join(t.dir, 'runs', 'a'), { recursive: true });
    await writeFile(path.join(t.dir, 'runs', 'a', 'log.jsonl'), '{"step": 1}\n');
  });
  afterEach(async () => {
    watcher?.close();
    await t.cleanup();
  });

  for (const forcePolling of [false, true]) {
    it(`asks for one rescan after a burst of changes deep in the folder (${forcePolling ? 'polling' : 'fs.watch'})`, async () => {
      const rescans: string[] = [];
      const rescanned = new Promise<void>((resolve) => {
        watcher = new FolderWatcher(
          (id) => {
            rescans.push(id);
            resolve();
          },
          { settleMs: 50, pollMs: 100, forcePolling },
        );
      });
      watcher?.watch({ id: 'src', path: path.join(t.dir, 'runs') });
      for (let i = 2; i < 5; i++) await appendFile(path.join(t.dir, 'runs', 'a', 'log.jsonl'), `{"step": ${i}}\n`);
      await rescanned;
      expect(rescans[0]).toBe('src');
    });
  }

  it('stops asking once a folder is unwatched', async () => {
    const rescans: string[] = [];
    watcher = new FolderWatcher((id) => rescans.push(id), { settleMs: 10_000 });
    watcher.watch({ id: 'src', path: path.join(t.dir, 'runs') });
    await appendFile(path.join(t.dir, 'runs', 'a', 'log.jsonl'), '{"step": 9}\n');
    watcher.unwatch('src');
    watcher.close();
    expect(rescans).toEqual([]);
  });
});
