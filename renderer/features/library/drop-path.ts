/**
 * Finds a folder path in a drop: a file manager gives a `file://` URI (text/uri-list) or a plain absolute path.
 * Returns null when the drop carries no path (a browser never reveals one for dropped files).
 */
export function pathFromDrop(uriList: string, plain: string): string | null {
  const lines = `${uriList}\n${plain}`.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  for (const l of lines) {
    if (l.startsWith('file://')) {
      try {
        const u = new URL(l);
        return decodeURIComponent(u.pathname.replace(/^\/([A-Za-z]:)/, '$1'));
      } catch {
        continue;
      }
    }
    if (l.startsWith('/') || /^[A-Za-z]:[\\/]/.test(l)) return l;
  }
  return null;
}
