import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, realpathLoose, requireInside, resolveInsideRoots } from '../../../main/platform/allowed-path';
import { tempDir } from '../../helpers/paths';

describe('isInside', () => {
  const root = path.resolve('/data/runs');
  it.each([
    [root, true],
    [path.join(root, 'a', 'b.json'), true],
    // A name that starts with two dots is a child, not a parent.
    [path.join(root, '..hidden'), true],
    [path.resolve('/data'), false],
    [path.resolve('/data/runs2/x'), false],
    [path.resolve('/data/runs/../x'), false],
    [path.resolve('/etc/passwd'), false],
  ])('%s → %s', (child, inside) => {
    expect(isInside(root, child)).toBe(inside);
  });

  it('treats the file-system root as containing everything', () => {
    expect(isInside(path.parse(root).root, root)).toBe(true);
  });
});

describe('resolveInsideRoots / requireInside (real files and links)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let root: string;
  let other: string;
  let outside: string;

  beforeAll(async () => {
    t = await tempDir('runlens-allowed-');
    // The temp folder itself may sit behind a link (macOS /var → /private/var): compare against real paths.
    const base = await realpath(t.dir);
    root = path.join(base, 'root');
    other = path.join(base, 'other-root');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'run', 'checkpoint-10'), { recursive: true });
    await mkdir(other);
    await mkdir(outside);
    await writeFile(path.join(root, 'run', 'log.txt'), 'inside');
    await writeFile(path.join(outside, 'secret.txt'), 'outside');
    await symlink(outside, path.join(root, 'escape'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'run', 'secret-link.txt'));
    await symlink(path.join(root, 'run'), path.join(root, 'run-alias'));
    await symlink(path.join(other), path.join(root, 'to-other-root'));
    await symlink(path.join(base, 'missing-target'), path.join(root, 'dangling'));
    await symlink(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
    await symlink(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('accepts paths inside a root, and links that stay inside it', async () => {
    expect(await resolveInsideRoots([root], path.join(root, 'run', 'log.txt'))).toBe(path.join(root, 'run', 'log.txt'));
    expect(await resolveInsideRoots([root], root)).toBe(root);
    expect(await resolveInsideRoots([root], path.join(root, 'run-alias', 'log.txt'))).toBe(path.join(root, 'run', 'log.txt'));
    // Not there yet (a folder since deleted): its real parent decides.
    expect(await resolveInsideRoots([root], path.join(root, 'run', 'not-yet', 'x.json'))).toBe(path.join(root, 'run', 'not-yet', 'x.json'));
  });

  it('accepts a link from one added folder into another added folder', async () => {
    expect(await resolveInsideRoots([root, other], path.join(root, 'to-other-root'))).toBe(other);
    expect(await resolveInsideRoots([root], path.join(root, 'to-other-root'))).toBeNull();
  });

  it.each([
    ['an absolute path elsewhere', () => '/etc/passwd'],
    ['a parent escape', () => path.join(root, '..', 'outside', 'secret.txt')],
    ['a raw `..` in the string', () => `${root}/../outside/secret.txt`],
    ['a folder link out of the root', () => path.join(root, 'escape', 'secret.txt')],
    ['a file link out of the root', () => path.join(root, 'run', 'secret-link.txt')],
    ['a missing file under a link out of the root', () => path.join(root, 'escape', 'new.txt')],
    ['a dangling link (opening it would follow it somewhere)', () => path.join(root, 'dangling')],
    ['a link loop', () => path.join(root, 'loop-a')],
    ['a NUL byte', () => path.join(root, 'run', 'log.txt\0.png')],
    ['a relative path', () => 'run/log.txt'],
  ])('refuses %s', async (_name, candidate) => {
    expect(await resolveInsideRoots([root], candidate())).toBeNull();
  });

  it('refuses everything when no folder was added', async () => {
    expect(await resolveInsideRoots([], path.join(root, 'run', 'log.txt'))).toBeNull();
  });

  it('realpathLoose resolves the existing part and keeps the missing names', async () => {
    expect(await realpathLoose(path.join(root, 'run-alias', 'a', 'b'))).toBe(path.join(root, 'run', 'a', 'b'));
    expect(await realpathLoose(path.join(root, 'dangling'))).toBeNull();
  });

  it('requireInside answers the real path, or an error the UI can show', async () => {
    expect(await requireInside(root, 'run/checkpoint-10', 'checkpoint')).toBe(path.join(root, 'run', 'checkpoint-10'));
    expect(await requireInside(root, '', 'folder')).toBe(root);
    for (const rel of ['../outside/secret.txt', '/etc/passwd', 'escape', 'run/../../outside']) {
      await expect(requireInside(root, rel, 'checkpoint')).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/outside the folder added to RunLens/) });
    }
  });
});
