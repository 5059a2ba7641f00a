/** A scalar as Python's `repr` prints it inside a dict; numbers keep NaN and ±Infinity. */
export type PyScalar = number | string | boolean | null;

/**
 * Reads a flat Python dict literal (`str(dict)`, what the HF Trainer prints) starting at `text[start] === '{'`.
 * Returns its entries in order, or null when the text there is not a complete flat dict of scalars (a nested config
 * print, a dict cut off at the end of the line). Hand-written rather than "swap quotes and JSON.parse" because
 * Python reprs mix quote styles, write `nan`/`inf`, and newer numpy prints `np.float64(0.5)`.
 */
export function readPyDict(text: string, start: number): (readonly [string, PyScalar])[] | null {
  const r = new Reader(text, start);
  if (!r.eat('{')) return null;
  const out: [string, PyScalar][] = [];
  r.ws();
  if (r.eat('}')) return out;
  for (;;) {
    r.ws();
    const key = r.str();
    if (key === null) return null;
    r.ws();
    if (!r.eat(':')) return null;
    r.ws();
    const value = r.scalar();
    if (value === undefined) return null;
    out.push([key, value]);
    r.ws();
    if (r.eat('}')) return out;
    if (!r.eat(',')) return null;
    r.ws();
    if (r.eat('}')) return out;
  }
}

const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const WORD = /[A-Za-z_][\w.]*/y;
/** numpy / torch scalar reprs that wrap a plain number: `np.float64(0.5)`, `tensor(0.5)`. */
const WRAPPERS = new Set(['np.float64', 'np.float32', 'np.float16', 'np.int64', 'np.int32', 'numpy.float64', 'tensor', 'float']);

class Reader {
  constructor(
    private readonly text: string,
    private at: number,
  ) {}

  eat(ch: string): boolean {
    if (this.text[this.at] !== ch) return false;
    this.at++;
    return true;
  }

  ws(): void {
    while (this.at < this.text.length && (this.text[this.at] === ' ' || this.text[this.at] === '\t')) this.at++;
  }

  str(): string | null {
    const q = this.text[this.at];
    if (q !== "'" && q !== '"') return null;
    let out = '';
    for (let i = this.at + 1; i < this.text.length; i++) {
      const c = this.text[i] as string;
      if (c === '\\') {
        out += this.text[i + 1] ?? '';
        i++;
      } else if (c === q) {
        this.at = i + 1;
        return out;
      } else out += c;
    }
    return null;
  }

  /** A scalar value; undefined when the text holds something else (a list, a nested dict, a cut). */
  scalar(): PyScalar | undefined {
    const s = this.str();
    if (s !== null) return s;
    const n = this.number();
    if (n !== undefined) return n;
    WORD.lastIndex = this.at;
    const w = WORD.exec(this.text);
    if (!w) return undefined;
    this.at += w[0].length;
    if (w[0] === 'True') return true;
    if (w[0] === 'False') return false;
    if (w[0] === 'None') return null;
    if (WRAPPERS.has(w[0]) && this.eat('(')) {
      this.ws();
      // float('nan') quotes its argument.
      const inner = this.str() ?? this.number();
      const value = typeof inner === 'string' ? wordNumber(inner.trim()) : inner;
      this.ws();
      return value !== undefined && this.eat(')') ? value : undefined;
    }
    return undefined;
  }

  private number(): number | undefined {
    const neg = this.text[this.at] === '-';
    WORD.lastIndex = neg ? this.at + 1 : this.at;
    const w = WORD.exec(this.text);
    if (w) {
      const v = wordNumber(w[0]);
      if (v === undefined) return undefined;
      this.at = WORD.lastIndex;
      return neg ? -v : v;
    }
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (!m) return undefined;
    this.at += m[0].length;
    return Number(m[0]);
  }
}

function wordNumber(w: string): number | undefined {
  const lower = w.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  const n = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(w) ? Number(w) : undefined;
  return n;
}
