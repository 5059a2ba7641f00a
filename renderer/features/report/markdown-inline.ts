import type { MdInline } from './markdown';

/**
 * Inline Markdown (emphasis, code spans, links, escapes) for the report's text sections, after CommonMark's delimiter
 * rules; links only to http(s) and mailto. Split from markdown.tsx (blocks and rendering) to keep each file one concern.
 */

/** Inline content under construction: a nested array is a fallen-back frame's content, expanded by `finish`. */
type Piece = MdInline | Piece[];

const PUNCT_RE = /[!-/:-@[-`{-~]/;
const WHITESPACE_RE = /\s/;
const ALNUM_RE = /[\p{L}\p{N}]/u;

interface Frame {
  type: '*' | '_' | '[';
  /** Delimiters still unmatched; for '[' always 1. */
  count: number;
  children: Piece[];
  /** A '[' frame is deactivated once a link closes after it: links do not nest. */
  active: boolean;
}

/** Appends, merging adjacent text so the AST never holds two text nodes in a row. */
function pushInline(out: Piece[], node: MdInline): void {
  const last = out[out.length - 1];
  if (node.kind === 'text' && last !== undefined && !Array.isArray(last) && last.kind === 'text') {
    out[out.length - 1] = { kind: 'text', text: last.text + node.text };
  } else if (node.kind !== 'text' || node.text !== '') out.push(node);
}

function pushText(out: Piece[], text: string): void {
  pushInline(out, { kind: 'text', text });
}

/** An unmatched frame contributes its opening characters as text, then its content. */
function flatten(frame: Frame, into: Piece[]): void {
  pushText(into, frame.type.repeat(frame.count));
  into.push(frame.children);
}

/** Expands nested groups into a flat inline list; iterative, since groups can nest as deep as the input is long. */
function finish(pieces: Piece[]): MdInline[] {
  const out: MdInline[] = [];
  const todo: { items: Piece[]; at: number }[] = [{ items: pieces, at: 0 }];
  for (;;) {
    const top = todo[todo.length - 1];
    if (!top) break;
    const piece = top.items[top.at];
    top.at += 1;
    if (piece === undefined) todo.pop();
    else if (Array.isArray(piece)) todo.push({ items: piece, at: 0 });
    else pushInline(out, piece);
  }
  return out;
}

/** Only these schemes may become clickable; everything else (javascript:, data:, relative paths) stays text. */
export function safeHref(dest: string): string | null {
  if (!/^(?:https?:\/\/|mailto:)/i.test(dest)) return null;
  // URL parsers drop tabs/newlines inside schemes; refuse controls and spaces outright.
  for (const ch of dest) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || WHITESPACE_RE.test(ch)) return null;
  }
  try {
    const url = new URL(dest);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? dest : null;
  } catch {
    return null;
  }
}

/** Longer destinations are not links; the bound keeps `[a](` repeated 25k times from scanning quadratically. */
const MAX_DESTINATION = 2048;

/** `(dest)` right after `]`: balanced parentheses and backslash escapes allowed, no spaces. */
function linkDestination(s: string, at: number): { dest: string; end: number } | null {
  if (s[at] !== '(') return null;
  let depth = 0;
  const limit = Math.min(s.length, at + 2 + MAX_DESTINATION);
  for (let k = at + 1; k < limit; k += 1) {
    const c = s.charCodeAt(k);
    if (c === 0x5c) k += 1; // backslash escapes the next character
    else if (c === 0x28) depth += 1;
    else if (c === 0x29) {
      if (depth === 0) return { dest: s.slice(at + 1, k).replace(/\\([!-/:-@[-`{-~])/g, '$1'), end: k + 1 };
      depth -= 1;
    } else if (c <= 0x20) return null; // spaces and controls end a destination
  }
  return null;
}

export function parseInline(s: string): MdInline[] {
  const root: Piece[] = [];
  const stack: Frame[] = [];
  /** Open emphasis frames per bracket segment: emphasis never pairs across a '[' (links bind tighter). */
  const segments: { '*': number; _: number }[] = [{ '*': 0, _: 0 }];
  let brackets = 0;
  /** Per backtick-run length: position from which no run of that length exists (so each failed search runs once). */
  const noCloserFrom = new Map<number, number>();
  const out = (): Piece[] => stack[stack.length - 1]?.children ?? root;

  const segment = (): { '*': number; _: number } => segments[segments.length - 1] ?? { '*': 0, _: 0 };
  const pushFrame = (type: Frame['type'], count: number): void => {
    stack.push({ type, count, children: [], active: true });
    if (type === '[') {
      brackets += 1;
      segments.push({ '*': 0, _: 0 });
    } else segment()[type] += 1;
  };
  const popTop = (): Frame | undefined => {
    const top = stack.pop();
    if (top?.type === '[') {
      brackets -= 1;
      segments.pop();
    } else if (top) segment()[top.type] -= 1;
    return top;
  };
  /**
   * Flattens the frames above the topmost opener of `type` and returns that opener (still on the stack), or null when
   * there is none in reach. The counters make the "none" answer O(1), so every frame is walked over only once.
   */
  const unwindTo = (type: Frame['type']): Frame | null => {
    if (type === '[' ? brackets === 0 : segment()[type] === 0) return null;
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return null;
      if (top.type === type) return top;
      popTop();
      flatten(top, out());
    }
  };

  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === '\\') {
      const next = s[i + 1] ?? '';
      if (PUNCT_RE.test(next)) {
        pushText(out(), next);
        i += 2;
      } else {
        pushText(out(), c);
        i += 1;
      }
      continue;
    }
    if (c === '`') {
      let runEnd = i;
      while (s[runEnd] === '`') runEnd += 1;
      const len = runEnd - i;
      let close = -1;
      if ((noCloserFrom.get(len) ?? Infinity) > runEnd) {
        let k = runEnd;
        while (k < s.length) {
          if (s[k] !== '`') {
            k += 1;
            continue;
          }
          let e = k;
          while (s[e] === '`') e += 1;
          if (e - k === len) {
            close = k;
            break;
          }
          k = e;
        }
        if (close < 0) noCloserFrom.set(len, runEnd);
      }
      if (close < 0) {
        pushText(out(), s.slice(i, runEnd)); // unterminated: the backticks are literal
        i = runEnd;
      } else {
        let code = s.slice(runEnd, close);
        if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') {
          code = code.slice(1, -1);
        }
        pushInline(out(), { kind: 'code', text: code });
        i = close + len;
      }
      continue;
    }
    if (c === '*' || c === '_') {
      let runEnd = i;
      while (s[runEnd] === c) runEnd += 1;
      let count = runEnd - i;
      const before = s[i - 1] ?? ' ';
      const after = s[runEnd] ?? ' ';
      const leftFlanking = !WHITESPACE_RE.test(after);
      const rightFlanking = !WHITESPACE_RE.test(before);
      // Intraword underscores stay literal so snake_case metric names survive.
      const canOpen = leftFlanking && (c === '*' || !ALNUM_RE.test(before));
      const canClose = rightFlanking && (c === '_' ? !ALNUM_RE.test(after) : true);
      if (canClose) {
        let opener = unwindTo(c);
        while (opener && count > 0) {
          const used = Math.min(opener.count >= 2 && count >= 2 ? 2 : 1, opener.count, count);
          const children = finish(opener.children);
          const node: MdInline = used === 2 ? { kind: 'strong', children } : { kind: 'em', children };
          opener.children = [node];
          opener.count -= used;
          count -= used;
          if (opener.count === 0) {
            popTop();
            pushInline(out(), node);
            opener = count > 0 ? unwindTo(c) : null;
          }
        }
      }
      if (count > 0) {
        if (canOpen) pushFrame(c, count);
        else pushText(out(), c.repeat(count));
      }
      i = runEnd;
      continue;
    }
    if (c === '[') {
      pushFrame('[', 1);
      i += 1;
      continue;
    }
    if (c === ']') {
      const bracket = unwindTo('[');
      if (!bracket) {
        pushText(out(), c);
        i += 1;
        continue;
      }
      const target = bracket.active ? linkDestination(s, i + 1) : null;
      popTop();
      if (!target) {
        flatten(bracket, out());
        pushText(out(), c);
        i += 1;
        continue;
      }
      const href = safeHref(target.dest);
      if (href === null) {
        // Not a scheme we allow: keep exactly what was written, as text.
        flatten(bracket, out());
        pushText(out(), s.slice(i, target.end));
      } else {
        pushInline(out(), { kind: 'link', href, children: finish(bracket.children) });
        for (const f of stack) if (f.type === '[') f.active = false;
      }
      i = target.end;
      continue;
    }
    // Plain run up to the next character that may start syntax.
    let k = i + 1;
    while (k < s.length && !'\\`*_[]'.includes(s[k] ?? '')) k += 1;
    pushText(out(), s.slice(i, k));
    i = k;
  }
  while (stack.length > 0) {
    const top = popTop();
    if (top) flatten(top, out());
  }
  return finish(root);
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering: JSX only, so React escapes every piece of text.
