import { describe, expect, it } from 'vitest';
import { compareTableCsv, compareTableLatex } from '../../../shared/export/compare-table';
import { csvRecord, csvText } from '../../../shared/export/csv';
import { escapeLatex } from '../../../shared/export/latex';
import { handBuiltCompareResult } from '../../helpers/compare-result';
import { isFormulaCell, loadXssCorpus, spreadsheetRows } from '../../helpers/xss-library';

/**
 * Issue 12 §4 for the text exports: every string of the XSS corpus (test/fixtures/xss/corpus.json), as a cell of a
 * CSV or a piece of a LaTeX table, stays data. CSV: no cell a spreadsheet would evaluate, whether it splits on `,` or
 * on the `;` of comma-decimal locales (OWASP "CSV injection"). LaTeX: no control sequence but the escapes' own.
 */

const corpus = loadXssCorpus();
/** Each payload, and each behind text and a separator: a formula that is not at the start of the field. */
const texts = corpus.payloads.flatMap((p) => [p.text, `safe;${p.text}`, `safe,${p.text}`, `safe\t${p.text}`]);

describe('csvText over the XSS corpus', () => {
  it('reads back as one cell, the text itself or with a leading apostrophe, under either list separator', () => {
    for (const s of texts) {
      const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      for (const sep of [',', ';'] as const) {
        const rows = spreadsheetRows(`${csvText(s)}\r\n`, sep);
        expect(rows, `${JSON.stringify(s)} split on ${sep}`).toEqual([[guarded]]);
      }
    }
  });

  it('a record led by any of them yields no cell that starts a formula, under either separator', () => {
    // The first field is where a ;-reading spreadsheet honours the quotes (a quote mid-cell is a literal there).
    for (const s of texts) {
      const line = csvRecord([s, 'x', -1.5, 2]);
      for (const sep of [',', ';'] as const) expect(spreadsheetRows(`${line}\r\n`, sep).flat().filter(isFormulaCell), `${JSON.stringify(s)} split on ${sep}`).toEqual([]);
      // Numbers stay numbers: a negative value is not text with an apostrophe.
      expect(line.endsWith(',x,-1.5,2')).toBe(true);
    }
  });

  it('quotes a field with a semicolon or tab, which RFC 4180 alone would leave bare', () => {
    expect(csvText("safe;=cmd|' /C calc'!A0")).toBe('"safe;=cmd|\' /C calc\'!A0"');
    expect(csvText('a\t=1+1')).toBe('"a\t=1+1"');
    expect(csvText('plain-name_1.0')).toBe('plain-name_1.0');
  });
});

describe('compareTableCsv with hostile task names', () => {
  it('has no formula cell under either separator, and each task reads back with its guard', () => {
    const base = handBuiltCompareResult();
    const [row] = base.rows;
    if (!row) throw new Error('the hand-built result has rows');
    const result = { ...base, rows: texts.map((t) => ({ ...row, task: t })) };
    const csv = compareTableCsv(result);
    for (const sep of [',', ';'] as const) expect(spreadsheetRows(csv, sep).flat().filter(isFormulaCell), `separator ${sep}`).toEqual([]);
    const tasks = spreadsheetRows(csv, ',').slice(1).map((r) => r[0]);
    for (const t of texts) expect(tasks).toContain(/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);
  });
});

/** The only control sequences escapeLatex writes: its character escapes, text symbols and accents. */
const ALLOWED_COMMANDS = new Set(['textbackslash', 'textasciitilde', 'textasciicircum', 'textless', 'textgreater', 'textbar', 'ldots', 'ss', 'ae', 'AE', 'oe', 'OE', 'o', 'O', 'l', 'L', 'i', 'j', 'pm', 'times', 'mu', 'Delta', 'u', 'v', 'H', 'c', 'r']);

/**
 * What is wrong with escaped text as LaTeX: a control word outside the allow-list (\input, \write18, \def…), a
 * special character outside an escape, unbalanced braces, or math mode left open.
 */
function latexProblems(tex: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  let math = false;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i] as string;
    if (ch === '\\') {
      const word = /^[A-Za-z]+/.exec(tex.slice(i + 1))?.[0];
      if (word !== undefined) {
        if (!ALLOWED_COMMANDS.has(word)) problems.push(`\\${word}`);
        i += word.length;
      } else {
        const sym = tex[i + 1] ?? '';
        if (!'{}$&%#_`\'^"~=.'.includes(sym) || sym === '') problems.push(`\\${sym}`);
        i += 1;
      }
    } else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth < 0) problems.push('unbalanced }');
    } else if (ch === '$') math = !math;
    else if ('&%#^_~'.includes(ch) && !(ch === '~' && tex[i - 1] !== '\\')) problems.push(`bare ${ch}`);
  }
  if (depth !== 0) problems.push('unbalanced braces');
  if (math) problems.push('math mode left open');
  return problems;
}

describe('escapeLatex over the XSS corpus', () => {
  it('leaves no control word but its own escapes, no bare special, balanced braces', () => {
    for (const p of corpus.payloads) expect(latexProblems(escapeLatex(p.text)), p.id).toEqual([]);
  });

  it('turns the file-inclusion and shell-escape payloads into printed text', () => {
    expect(escapeLatex('\\input{/etc/passwd}')).toBe('\\textbackslash{}input\\{/etc/passwd\\}');
    const w = escapeLatex(corpus.payloads.find((p) => p.id === 'latex-write18')?.text ?? '');
    expect(w).toContain('\\textbackslash{}immediate\\textbackslash{}write18\\{touch xss-latex\\}');
    expect(w).toContain('\\$x\\textasciicircum{}2\\_y\\$ \\& \\# \\% \\textasciitilde{} \\{\\}');
  });

  it('the comparison table of hostile task and run names holds no command from the data', () => {
    const base = handBuiltCompareResult();
    const [row] = base.rows;
    if (!row) throw new Error('the hand-built result has rows');
    const result = {
      ...base,
      columns: base.columns.map((c, i) => ({ ...c, name: corpus.payloads[(i * 7) % corpus.payloads.length]?.text ?? c.name })),
      rows: corpus.payloads.map((p) => ({ ...row, task: p.text, filter: p.text, category: null })),
    };
    const tex = compareTableLatex(result, { caption: '\\input{/etc/passwd} \\write18{id}' });
    expect(tex).not.toMatch(/\\(?:input|include|write18|immediate|openout|openin|read|def|catcode|csname|usepackage)\b/);
  });
});
