/**
 * JSON as Python's json.dumps writes it: standard JSON plus bare `NaN`, `Infinity` and `-Infinity`. Those tokens are
 * turned into unique string sentinels outside strings, parsed with JSON.parse (fast), then mapped back to numbers.
 */
const SENTINEL = '\u0000rl-nonfinite:';
/** The sentinel as it is written into JSON text (an escape: a raw control character is invalid inside a string). */
const SENTINEL_JSON = '\\u0000rl-nonfinite:';

export class TolerantJsonError extends Error {
  constructor(
    message: string,
    /** Character offset where parsing failed, when known. */
    readonly offset: number | null,
  ) {
    super(message);
  }
}

export function parseTolerantJson(text: string): unknown {
  const prepared = replaceNonFiniteTokens(text);
  let value: unknown;
  try {
    value = JSON.parse(prepared.text);
  } catch (err) {
    throw new TolerantJsonError((err as Error).message, errorOffset((err as Error).message));
  }
  return prepared.replaced ? restore(value) : value;
}

function replaceNonFiniteTokens(text: string): { text: string; replaced: boolean } {
  if (!/NaN|Infinity/.test(text)) return { text, replaced: false };
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    let token: string | null = null;
    if (text.startsWith('NaN', i)) token = 'NaN';
    else if (text.startsWith('-Infinity', i)) token = '-Infinity';
    else if (text.startsWith('Infinity', i)) token = 'Infinity';
    if (token) {
      out += `${text.slice(last, i)}"${SENTINEL_JSON}${token}"`;
      i += token.length - 1;
      last = i + 1;
    }
  }
  return { text: out + text.slice(last), replaced: true };
}

function restore(v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith(SENTINEL)) {
    const t = v.slice(SENTINEL.length);
    return t === 'NaN' ? Number.NaN : t === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  if (Array.isArray(v)) return v.map(restore);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = restore(o[k]);
  }
  return v;
}

function errorOffset(message: string): number | null {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

/**
 * Salvages the complete elements of the array stored under `key` from a truncated document (a crash mid-write):
 * returns every element that parses, in order, and the offset where the valid prefix ends.
 */
export function salvageArray(text: string, key: string): { items: unknown[]; stoppedAt: number } {
  const keyAt = text.indexOf(`"${key}"`);
  const items: unknown[] = [];
  if (keyAt < 0) return { items, stoppedAt: 0 };
  let i = text.indexOf('[', keyAt);
  if (i < 0) return { items, stoppedAt: keyAt };
  i++;
  let lastGood = i;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i] as string)) i++;
    if (text[i] !== '{') break;
    const end = matchObjectEnd(text, i);
    if (end < 0) break;
    try {
      items.push(parseTolerantJson(text.slice(i, end + 1)));
    } catch {
      break;
    }
    i = end + 1;
    lastGood = i;
  }
  return { items, stoppedAt: lastGood };
}

/** Index of the `}` closing the object that opens at `start`, or -1 when the text ends first. */
function matchObjectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
