/**
 * The one text filter behind the metric search and the runs-table filter: space-separated words that must all
 * appear (case-insensitive), or a `/regex/`. A regex runs on the UI thread with no timeout, so patterns that can
 * backtrack exponentially (`(a+)+`, `(a|a)*`) are refused up front and both pattern and subject lengths are capped.
 */

/** Longer patterns are refused: nobody types one, and a pasted one is more likely a mistake. */
export const MAX_PATTERN_LENGTH = 200;
/** Only this much of each subject is searched (metric names and run paths are far shorter). */
export const MAX_SUBJECT_LENGTH = 256;
/**
 * Open-ended repeats allowed in one pattern. Each adds a polynomial degree of backtracking: three `.*` on 500 `a`s
 * take tens of seconds in V8, two on 256 characters a few milliseconds.
 */
export const MAX_OPEN_REPEATS = 2;

export type TextMatcher =
  | { readonly ok: true; readonly kind: 'all' | 'words' | 'regex'; readonly test: (subject: string) => boolean }
  | { readonly ok: false; readonly kind: 'regex'; readonly error: string; readonly test: (subject: string) => boolean };

/** `/…/` with something between the slashes. A lone `/` or `//` is plain text (a path separator). */
export function isRegexQuery(query: string): boolean {
  const q = query.trim();
  return q.length > 2 && q.startsWith('/') && q.endsWith('/');
}

/**
 * Why a pattern may take exponential or high-polynomial time, or null. Flags a group repeated without bound (`*`,
 * `+`, `{n,}`) that itself holds an unbounded repeat or an alternation (the shapes behind nearly all catastrophic
 * backtracking), and more than MAX_OPEN_REPEATS unbounded repeats in all. It can refuse a harmless pattern; it
 * never needs to run one.
 */
export function backtrackingRisk(pattern: string): string | null {
  interface Frame {
    inner: boolean;
  }
  const stack: Frame[] = [{ inner: false }];
  let inClass = false;
  let lastGroupInner: boolean | null = null;
  let repeats = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      i++;
      lastGroupInner = null;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    const top = stack[stack.length - 1] as Frame;
    const unbounded = ch === '*' || ch === '+' || (ch === '{' && isLongRepeat(pattern.slice(i)));
    if (unbounded) {
      if (lastGroupInner === true) return 'nested repetition such as (a+)+ or (a|b)* can take forever';
      if (++repeats > MAX_OPEN_REPEATS) return `more than ${MAX_OPEN_REPEATS} open-ended repeats (*, +) can take forever; use fewer, or plain words`;
      top.inner = true;
      lastGroupInner = null;
      continue;
    }
    lastGroupInner = null;
    if (ch === '[') inClass = true;
    else if (ch === '(') stack.push({ inner: false });
    else if (ch === ')') {
      const closed = stack.pop();
      if (!closed || stack.length === 0) return null; // unbalanced: the RegExp constructor reports it
      lastGroupInner = closed.inner;
      // What is inside a group is inside its parent too.
      if (closed.inner) (stack[stack.length - 1] as Frame).inner = true;
    } else if (ch === '|') top.inner = true;
  }
  return null;
}

/** `{n,}` or `{n,m}` with m past a handful: as bad as `*` once nested. */
function isLongRepeat(fromBrace: string): boolean {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(fromBrace);
  if (!m) return false;
  if (m[2] === undefined) return Number(m[1]) > 10;
  return m[3] === '' || Number(m[3]) > 10;
}

const never = () => false;

/** Compiles a filter once; `test` is then cheap per row. An empty filter matches everything. */
export function compileTextMatcher(query: string): TextMatcher {
  const q = query.trim();
  if (isRegexQuery(q)) {
    const pattern = q.slice(1, -1);
    if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, kind: 'regex', error: `Regex too long (over ${MAX_PATTERN_LENGTH} characters).`, test: never };
    const risk = backtrackingRisk(pattern);
    if (risk !== null) return { ok: false, kind: 'regex', error: `Regex refused: ${risk}.`, test: never };
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'i');
    } catch (e) {
      const msg = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
      return { ok: false, kind: 'regex', error: `Invalid regex: ${msg}`, test: never };
    }
    return { ok: true, kind: 'regex', test: (s) => re.test(s.length > MAX_SUBJECT_LENGTH ? s.slice(0, MAX_SUBJECT_LENGTH) : s) };
  }
  const words = q
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return { ok: true, kind: 'all', test: () => true };
  return {
    ok: true,
    kind: 'words',
    test: (s) => {
      const low = s.toLowerCase();
      return words.every((w) => low.includes(w));
    },
  };
}
