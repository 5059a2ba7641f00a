import type { Detection, DirNode, Peek } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';

/** Below every structured format (they claim at 0.9+), so a log that belongs to one of them goes to it. */
export const CONFIDENCE = 0.5;
/** Bytes looked at to decide a file is text. */
export const PEEK_BYTES = 4096;

const LOG_NAME = /\.(?:log|out|txt)$/i;
/** Text files that ship next to runs but are not logs: project docs, pip lists, tokenizer vocabularies. */
const NOT_LOGS = /^(?:readme|licen[cs]e|requirements|notice|changelog|copying|authors|contributing)(?:[._-]|$)/i;
const NOT_LOGS_EXACT = new Set(['vocab.txt', 'merges.txt', 'spiece.txt', 'added_tokens.txt', 'dict.txt', 'robots.txt', 'cmakelists.txt']);
/**
 * W&B run folders (`run-<YYYYMMDD_HHMMSS>-<id>`): `files/output.log` is the console copy the W&B importer reads with
 * its run, and `logs/debug*.log` are W&B's own diagnostics. `wandb/debug*.log` are links to the latest of those.
 */
const WANDB_RUN_CHILD = /(?:^|\/)(?:offline-)?run-\d{8}_\d{6}-[^/]+\/(?:logs|files)$/;
const WANDB_DEBUG = /^debug(?:-internal|-core|-cli\.[^.]+)?\.log$/;

/** Raw training logs: every text file with a log-like name is its own run (runPath = the file). */
export async function detectRawLogs(dir: DirNode, peek: Peek): Promise<Detection[] | null> {
  if (WANDB_RUN_CHILD.test(dir.relPath)) return null;
  const out: Detection[] = [];
  for (const f of dir.files) {
    if (!isLogName(f.name) || f.size === 0) continue;
    if (dir.name === 'wandb' && WANDB_DEBUG.test(f.name)) continue;
    const rel = joinRel(dir.relPath, f.name);
    const head = await peek(rel, PEEK_BYTES).catch(() => null);
    if (head === null || !looksLikeText(head)) continue;
    out.push({ confidence: CONFIDENCE, runPath: rel, files: [rel] });
  }
  return out.length > 0 ? out : null;
}

export function isLogName(name: string): boolean {
  return LOG_NAME.test(name) && !NOT_LOGS.test(name) && !NOT_LOGS_EXACT.has(name.toLowerCase());
}

/**
 * Text, not binary: no NUL byte, and at most 2% of the bytes in invalid UTF-8 sequences or unusual control
 * characters (a log may hold a stray Latin-1 byte; a binary file fails at once). A multi-byte character cut by the
 * peek's end is not held against the file.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  let bad = 0;
  let i = 0;
  while (i < head.length) {
    const b = head[i] as number;
    if (b < 0x80) {
      // Tab, LF, VT, FF, CR, ESC (colours), BS (some progress bars) are what logs carry.
      if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27 && b !== 8) bad++;
      i++;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    if (len === 0) {
      bad++;
      i++;
      continue;
    }
    if (i + len > head.length) break; // cut by the peek
    let ok = true;
    for (let k = 1; k < len; k++) if (((head[i + k] as number) & 0xc0) !== 0x80) ok = false;
    if (ok) i += len;
    else {
      bad++;
      i++;
    }
  }
  return bad * 50 <= head.length;
}
