import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStatic, mimeFor, resolveStatic } from '../../../main/serve/static-files';
import { tempDir } from '../../helpers/paths';

const root = path.resolve('/srv/renderer');

describe('resolveStatic', () => {
  it('maps / to index.html and keeps files inside the root', () => {
    expect(resolveStatic(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    // Leading slashes are the URL's, not an absolute file path.
    expect(resolveStatic(root, '//etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    // Decoded once, as a browser encodes once: a double-encoded dot-dot is a literal (missing) name inside the root.
    expect(resolveStatic(root, '/%252e%252e%252fsecret')).toBe(path.join(root, '%2e%2e%2fsecret'));
  });

  it.each([
    '/../etc/passwd',
    '/..%2f..%2fetc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2Fsecret',
    '/assets/../../secret',
    '/..',
    '/a%00b',
    '/index.html%00.png',
    '/..%5c..%5csecret',
    '/assets%5cindex.js',
    '/%E0%A4%A',
  ])('refuses %s', (p) => {
    expect(resolveStatic(root, p)).toBeNull();
  });

  it('names content types', () => {
    expect(mimeFor('x.html')).toBe('text/html; charset=utf-8');
    expect(mimeFor('x.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeFor('x.bin')).toBe('application/octet-stream');
  });
});

describe('loadStatic', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let renderer: string;

  beforeAll(async () => {
    t = await tempDir('runlens-static-');
    renderer = path.join(t.dir, 'renderer');
    await mkdir(path.join(renderer, 'assets'), { recursive: true });
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>ok</title>');
    await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(t.dir, 'secret.txt'), 'top secret');
    await mkdir(path.join(t.dir, 'outside'));
    await writeFile(path.join(t.dir, 'outside', 'x.js'), 'outside');
    await symlink(path.join(t.dir, 'secret.txt'), path.join(renderer, 'leak.txt'));
    await symlink(path.join(t.dir, 'outside'), path.join(renderer, 'linked-dir'));
    await symlink(path.join(renderer, 'assets', 'app.js'), path.join(renderer, 'alias.js'));
    await symlink(path.join(t.dir, 'nowhere'), path.join(renderer, 'dangling.js'));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('serves files of the renderer, through a symlink that stays inside it too', async () => {
    expect((await loadStatic(renderer, '/'))?.body.toString()).toContain('<title>ok</title>');
    expect((await loadStatic(renderer, '/assets/app.js'))?.type).toBe('text/javascript; charset=utf-8');
    expect((await loadStatic(renderer, '/alias.js'))?.body.toString()).toBe('console.log(1)');
  });

  it.each(['/leak.txt', '/linked-dir/x.js', '/dangling.js', '/assets', '/missing.js', '/../secret.txt'])('answers nothing for %s', async (p) => {
    expect(await loadStatic(renderer, p)).toBeNull();
  });
});
