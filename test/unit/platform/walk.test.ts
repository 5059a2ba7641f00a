import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePeek, makeRunSource, resolveInside, walkDir } from '../../../main/platform/walk';
import type { DirNode } from '../../../shared/importers/importer';
import { tempDir } from '../../helpers/paths';

const names = (n: DirNode): string[] => [...n.files.map((f) => `${n.relPath}|${f.name}`), ...n.dirs.flatMap(names)];

describe('walkDir', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    t = await tempDir();
    await mkdir(path.join(t.dir, 'root', 'my run', 'checkpoint-1'), { recursive: true });
    await mkdir(path.join(t.dir, 'root', 'node_modules', 'x'), { recursive: true });
    await mkdir(path.join(t.dir, 'outside'), { recursive: true });
    await writeFile(path.join(t.dir, 'root', 'my run', 'b.json'), '{}');
    await writeFile(path.join(t.dir, 'root', 'my run', 'a.json'), '{"x":1}');
    await writeFile(path.join(t.dir, 'root', 'my run', 'checkpoint-1', 'trainer_state.json'), '{}');
    await writeFile(path.join(t.dir, 'root', 'node_modules', 'x', 'trainer_state.json'), '{}');
    await writeFile(path.join(t.dir, 'outside', 'secret.json'), 'secret');
    await symlink(path.join(t.dir, 'outside'), path.join(t.dir, 'root', 'link-to-outside'));
    await symlink(path.join(t.dir, 'root'), path.join(t.dir, 'root', 'my run', 'loop'));
  });
  afterEach(() => t.cleanup());

  it('lists files with sizes in name order, posix relative paths, skipping node_modules and never following directory links', async () => {
    const tree = await walkDir(path.join(t.dir, 'root'));
    expect(tree.relPath).toBe('');
    expect(names(tree)).toEqual(['my run|a.json', 'my run|b.json', 'my run/checkpoint-1|trainer_state.json']);
    expect(tree.dirs[0]?.files.map((f) => f.size)).toEqual([7, 2]);
  });

  it('refuses paths that leave the root, for reads and peeks alike', async () => {
    const root = path.join(t.dir, 'root');
    expect(() => resolveInside(root, '../outside/secret.json')).toThrow(/escapes/);
    expect(resolveInside(root, 'my run/a.json')).toBe(path.join(root, 'my run', 'a.json'));
    await expect(makeRunSource(root, '', ['../outside/secret.json']).readFile('../outside/secret.json')).rejects.toThrow(/escapes/);
    await expect(makePeek(root)('../outside/secret.json', 4)).rejects.toThrow(/escapes/);
    expect(new TextDecoder().decode(await makePeek(root)('my run/a.json', 3))).toBe('{"x');
  });

  it('fails clearly for a missing folder or a file', async () => {
    await expect(walkDir(path.join(t.dir, 'nope'))).rejects.toThrow();
    await expect(walkDir(path.join(t.dir, 'outside', 'secret.json'))).rejects.toThrow(/not a folder/);
  });
});
