/**
 * Text and number formatting for LaTeX exports that must compile under plain pdfLaTeX (article class, default OT1
 * fonts, no extra packages) whatever the data contains: run and task names come from arbitrary folders.
 */

const ASCII_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // OT1 has ¡ ¿ — in the < > slots and an em dash in the | slot.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  // A row's first cell follows `\\`, which would read a leading `[` or `*` as its own argument.
  '[': '{[}',
  ']': '{]}',
  '*': '{*}',
  // `"` is active under babel (ngerman …); `''` prints the same closing quote in every setup.
  '"': "''",
};

/** Letters with no decomposition that pdfLaTeX's text fonts still set through a command. */
const LETTER_COMMANDS: Readonly<Record<string, string>> = {
  ß: '\\ss{}',
  æ: '\\ae{}',
  Æ: '\\AE{}',
  œ: '\\oe{}',
  Œ: '\\OE{}',
  ø: '\\o{}',
  Ø: '\\O{}',
  ł: '\\l{}',
  Ł: '\\L{}',
  ı: '\\i{}',
  '\u2013': '--',
  '\u2014': '---',
  '\u2018': '`',
  '\u2019': "'",
  '\u201C': '``',
  '\u201D': "''",
  '\u2212': '$-$',
  '\u00B1': '$\\pm$',
  '\u00D7': '$\\times$',
  '\u00B5': '$\\mu$',
  '\u03BC': '$\\mu$',
  '\u0394': '$\\Delta$',
  '\u2026': '\\ldots{}',
  '\u00A0': '~',
};

/** Combining marks (after NFD) → the LaTeX accent command that OT1 fonts can compose. */
const ACCENTS: Readonly<Record<string, string>> = {
  '\u0300': '\\`',
  '\u0301': "\\'",
  '\u0302': '\\^',
  '\u0303': '\\~',
  '\u0304': '\\=',
  '\u0306': '\\u',
  '\u0307': '\\.',
  '\u0308': '\\"',
  '\u030A': '\\r',
  '\u030B': '\\H',
  '\u030C': '\\v',
  '\u0327': '\\c',
};

const COMBINING = /\p{M}/u;

function escapeChar(ch: string, next: string | undefined): string {
  const code = ch.codePointAt(0) ?? 0;
  // Any line break or tab would end a paragraph (an error inside an `l` cell) or vanish; other controls are dropped.
  if (ch === '\n' || ch === '\r' || ch === '\t' || ch === '\f' || ch === '\v') return ' ';
  if (code < 0x20 || code === 0x7f) return '';
  const mapped = ASCII_ESCAPES[ch];
  if (mapped !== undefined) return mapped;
  // `--` / `---` would become dashes: the text must print as written.
  if (ch === '-') return next === '-' ? '-{}' : '-';
  if (code < 0x80) return ch;
  return LETTER_COMMANDS[ch] ?? '?';
}

/**
 * Escapes arbitrary text so that it compiles under pdfLaTeX and prints as text — never as markup. ASCII specials
 * become their text commands; accented Latin letters become accent commands; any other character pdfLaTeX cannot set
 * without extra packages (CJK, most symbols, emoji) becomes `?`, because an unset Unicode character is a hard error.
 */
export function escapeLatex(s: string): string {
  const chars = Array.from(s.normalize('NFD'));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (COMBINING.test(ch)) {
      // A mark with no letter before it (or one we cannot compose) carries no text worth an error.
      continue;
    }
    const marks: string[] = [];
    while (i + 1 < chars.length && COMBINING.test(chars[i + 1] ?? '')) {
      marks.push(chars[i + 1] ?? '');
      i++;
    }
    let piece = escapeChar(ch, chars[i + 1]);
    const isLetter = /^[A-Za-z]$/.test(ch);
    for (const mark of marks) {
      const accent = ACCENTS[mark];
      if (accent === undefined || !isLetter) continue;
      // Accents on i / j go on the dotless forms, as LaTeX expects.
      const base = piece === 'i' ? '\\i' : piece === 'j' ? '\\j' : piece;
      piece = `${accent}{${base}}`;
    }
    out += piece;
  }
  return out;
}

/** Keeps a `\label` key to characters that are safe in every LaTeX setup (`\ref` reads it verbatim). */
export function sanitizeLabel(s: string): string {
  return s.replace(/[^A-Za-z0-9:.-]/g, '-');
}

const MINUS = '$-$';

/** A fixed-digit number in text mode, with a typographic minus; non-finite values stay readable and compile. */
export function latexNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '$\\infty$' : `${MINUS}$\\infty$`;
  const fixed = x.toFixed(digits);
  // Rounded to zero: no sign, so −0.0004 does not print as "−0.000".
  if (Number(fixed) === 0) return Math.abs(0).toFixed(digits);
  return fixed.startsWith('-') ? `${MINUS}${fixed.slice(1)}` : fixed;
}

/** Like latexNumber, with an explicit `+` on positive values (deltas). */
export function latexSigned(x: number, digits: number): string {
  const s = latexNumber(x, digits);
  return x > 0 && Number(x.toFixed(digits)) !== 0 ? `+${s}` : s;
}
