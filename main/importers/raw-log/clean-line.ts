// ANSI CSI sequences (colours, cursor moves, erase-line), OSC titles/links and two-byte escapes: a terminal interprets
// them rather than shows them. A lone ESC at the very end (a cut mid-sequence) goes too.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b(?:\[[0-?]*[ -/]*)?$|\x1b[@-_]/g;
// C0 controls other than tab and ESC/CR (handled above): NUL padding, BEL, backspace… Invisible on a terminal, and
// they would break text search and the PDF. Real logs have them (verl's `on CUDA device: \0`).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
/** Longest line stored for display; longer ones (a binary blob, a giant dict print) are cut with a marker. */
export const MAX_LINE_CHARS = 65_536;

/**
 * What a terminal shows for one `\n`-terminated line: ANSI codes dropped, `\r` redraws (tqdm) resolved by overwriting
 * from the start of the line (`abcdef\rxy` shows `xycdef`), other control characters dropped, trailing whitespace
 * trimmed. A `\r` right before the `\n` (CRLF files, tqdm's last redraw) moves the cursor but overwrites nothing.
 */
export function cleanLine(raw: string): string {
  let s = raw.includes('\x1b') ? raw.replace(ANSI, '') : raw;
  if (s.includes('\r')) s = resolveRedraws(s);
  return s.replace(CONTROL, '').trimEnd();
}

/** The stored form of a cleaned line: cut past MAX_LINE_CHARS, saying how much was cut (metrics read the whole line). */
export function forDisplay(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} … [${line.length - MAX_LINE_CHARS} more characters]` : line;
}

function resolveRedraws(line: string): string {
  let shown = '';
  for (const piece of line.split('\r')) shown = piece + shown.slice(piece.length);
  return shown;
}

/**
 * Launcher prefixes: torchrun/DeepSpeed `[rank3]:` (PyTorch ≥ 2.3 with --tee / log_line_prefix_template), torchrun's
 * `[default0]:` (--role default, BigScience logs), Ray's `(pid=123)`, `(main_task pid=64899)`,
 * `(WorkerDict pid=1, ip=10.0.0.1)`, `(wiQkzJWorkerDict_0:0 WorkerDict pid=934604)`. Several can stack
 * (`(… pid=1) [rank0]:`). They are removed only to match metric shapes; the stored log line keeps them, because the
 * diagnosis issue needs the rank that printed a traceback (which GPU died, which rank timed out first).
 */
const PREFIX = /^\s*(?:(?:\[(?:rank|default)\d+\]:|\((?:[\w.:-]+ )*pid=\d+(?:, ip=[\d.]+)?\))\s*)+/;

export function stripLauncherPrefix(line: string): string {
  return line.replace(PREFIX, '');
}

/** The rank a `[rankN]:` / `[defaultN]:` prefix names, else null (what the diagnosis issue will group by). */
export function rankOf(line: string): number | null {
  const m = /^\s*(?:\((?:[\w.:-]+ )*pid=\d+(?:, ip=[\d.]+)?\)\s*)?\[(?:rank|default)(\d+)\]:/.exec(line);
  return m ? Number(m[1]) : null;
}
