// ANSI CSI sequences (colours, cursor moves) and OSC titles; what a terminal interprets rather than shows.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g;

/**
 * What a terminal would show for one `\n`-terminated line: ANSI codes removed, and `\r` redraws (tqdm progress bars)
 * resolved to the last drawn text. A trailing `\r` (CRLF files) is a line ending, not a redraw.
 */
export function cleanLine(raw: string): string {
  let s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  s = s.replace(ANSI, '');
  const cr = s.lastIndexOf('\r');
  if (cr >= 0) {
    // The last non-empty redraw wins (tqdm ends with "\r" + final state).
    const parts = s.split('\r').filter((p) => p.trim() !== '');
    s = parts[parts.length - 1] ?? '';
  }
  return s.trimEnd();
}

/** Rank/worker prefixes added by launchers: `[rank3]:`, `[default0]:`, Ray's `(pid=123)` / `(WorkerDict pid=1)`. */
const PREFIX = /^\s*(?:\[(?:rank|default)\d+\]:\s*|\((?:[\w.]+ )?pid=\d+(?:, ip=[\d.]+)?\)\s*)+/;

export function stripLauncherPrefix(line: string): string {
  return line.replace(PREFIX, '');
}
