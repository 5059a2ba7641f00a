/**
 * Finds a folder path in a drop: file managers put a `file://` URI in text/uri-list (some also a path in
 * text/plain); dragging a path from a terminal gives plain text. Returns null when the drop carries no path (a
 * browser never reveals where dropped files live).
 */
export function pathFromDrop(uriList: string, plain: string): string | null {
  const lines = `${uriList}\n${plain}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const l of lines) {
    if (l.toLowerCase().startsWith('file://')) {
      const p = fileUriToPath(l);
      if (p) return p;
      continue;
    }
    if (isAbsolutePath(l)) return l;
  }
  return null;
}

/** `file:///home/a%20b` → `/home/a b`; `file:///C:/x` → `C:/x`; `file://server/share` → `//server/share`. */
export function fileUriToPath(uri: string): string | null {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return null;
  }
  if (u.protocol !== 'file:') return null;
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (/^\/[A-Za-z]:/.test(p)) p = p.slice(1);
  if (u.host !== '' && u.host !== 'localhost') p = `//${u.host}${p}`;
  return p === '' ? null : p;
}

/** POSIX `/…`, Windows `C:\…` or `C:/…`, UNC `\\server\share`. */
export function isAbsolutePath(s: string): boolean {
  return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\');
}
