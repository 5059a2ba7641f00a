import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside, resolveInsideRoots } from '../platform/allowed-path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function mimeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path inside `rootDir`; null when it would escape it (`..`, encoded or not) or is malformed. Decoded
 * once, as a browser encodes once: `%252e` stays the literal name `%2e`. Backslashes are refused outright (a
 * separator on Windows, never in the built renderer's names).
 */
export function resolveStatic(rootDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(rootDir, rel);
  return isInside(path.resolve(rootDir), full) ? full : null;
}

export async function loadStatic(rootDir: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const lexical = resolveStatic(rootDir, urlPath);
  if (!lexical) return null;
  // A symlink inside the renderer folder must not serve what it points to outside it.
  const file = await resolveInsideRoots([rootDir], lexical);
  if (!file) return null;
  try {
    const st = await stat(file);
    if (!st.isFile()) return null;
    return { body: await readFile(file), type: mimeFor(file) };
  } catch {
    return null;
  }
}
