import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeFor, resolveStatic } from '../../../main/serve/static-files';

const root = path.resolve('/srv/renderer');

describe('resolveStatic', () => {
  it('maps / to index.html and keeps files inside the root', () => {
    expect(resolveStatic(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it.each(['/../etc/passwd', '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../secret', '/a%00b', '/%E0%A4%A'])(
    'refuses %s',
    (p) => {
      expect(resolveStatic(root, p)).toBeNull();
    },
  );

  it('names content types', () => {
    expect(mimeFor('x.html')).toBe('text/html; charset=utf-8');
    expect(mimeFor('x.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeFor('x.bin')).toBe('application/octet-stream');
  });
});
