import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv';
import { COMPARE_CSV_HEADER, compareTableCsv, compareTableLatex, escapeLatex } from '../../../shared/export/compare-table';
import { csvText } from '../../../shared/export/csv';
import { latexNumber, latexSigned, sanitizeLabel } from '../../../shared/export/latex';
import { HOSTILE_RUN_NAME, INJECTION_TASK, handBuiltCompareResult } from '../../helpers/compare-result';


/** Braces that are grouping braces (not `\{` / `\}`) must balance and never close below zero. */
function bracesBalanced(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Columns a tabular row occupies: `&`-separated cells (unescaped `&`), a `\multicolumn{n}` counting n. */
function rowWidth(line: string): number {
  const cells = line.replace(/\\\\$/, '').split(/(?<!\\)&/);
  return cells.reduce((sum, c) => sum + Number(/^\s*\\multicolumn\{(\d+)\}/.exec(c)?.[1] ?? 1), 0);
}

function tabularLines(tex: string): { spec: string; rows: string[] } {
  const lines = tex.split('\n');
  const begin = lines.findIndex((l) => l.startsWith('\\begin{tabular}'));
  const end = lines.indexOf('\\end{tabular}');
  const spec = /^\\begin\{tabular\}\{([a-z]+)\}$/.exec(lines[begin] ?? '')?.[1] ?? '';
  return { spec, rows: lines.slice(begin + 1, end).filter((l) => l.endsWith('\\\\')) };
}

describe('compareTableCsv', () => {
  const result = handBuiltCompareResult();
  const csv = compareTableCsv(result);
  const lines = csv.split('\r\n');

  it('writes the header and one CRLF-terminated record per (row, non-baseline column)', () => {
    expect(lines[0]).toBe('task,metric,filter,category,run,method_label,baseline,value,stderr,baseline_value,baseline_stderr,delta,low,high,improvement,n,method,p,verdict');
    expect(csv.endsWith('\r\n')).toBe(true);
    const nonBaseline = result.columns.filter((c) => !c.isBaseline).length;
    // Missing pairs (no cell, no delta) are kept as records with empty fields, so the count is exact.
    expect(lines.length - 2).toBe(result.rows.length * nonBaseline);
    expect(parseCsv(csv).every((r) => r.length === COMPARE_CSV_HEADER.length)).toBe(true);
  });

  it('writes numbers at full precision, empty for null, and quotes fields with a comma', () => {
    expect(lines[1]).toBe('truthfulqa_mc2,acc,none,safety,"runs/dpo, v2",dpo,runs/base,0.546,0.03,0.512,0.029,0.034,-0.012,0.08,0.034,817,stderr,,indistinguishable');
    expect(lines[3]).toBe('gsm8k,exact_match,strict-match,reasoning,"runs/dpo, v2",dpo,runs/base,0.2,0.011,0.25,0.012,-0.05,-0.0712,-0.0291,-0.05,1319,mcnemar,0.00012,worse');
    expect(lines[4]).toBe("gsm8k,exact_match,strict-match,reasoning,'-sft/run,,runs/base,0.3,0.0126,0.25,0.012,0.05,0.0281,0.0723,0.05,1319,paired-bootstrap,0.0004,better");
    // A delta without an interval: low / high / p empty, the rest present.
    expect(lines[5]).toBe('mmlu_anatomy,acc,none,reasoning,"runs/dpo, v2",dpo,runs/base,0.41,,0.4,,0.01,,,0.01,,stderr,,unknown');
  });

  it('keeps a missing candidate as a record with an empty value and empty delta fields', () => {
    expect(lines[2]).toBe("truthfulqa_mc2,acc,none,safety,'-sft/run,,runs/base,,,0.512,0.029,,,,,,,,");
  });

  it('guards formula injection in text fields only, quoting what then needs it', () => {
    expect(lines[7]).toBe(`"'=cmd|"" /C calc""!A0","loss, norm",none,,"runs/dpo, v2",dpo,runs/base,-1.5,0.1,-1.25,0.1,-0.25,-0.527,0.027,,,stderr,,unknown`);
    expect(lines[8]).toBe(`"'=cmd|"" /C calc""!A0","loss, norm",none,,'-sft/run,,runs/base,1e-7,0.1,-1.25,0.1,1.2500001,0.973,1.527,,,stderr,,unknown`);
    const parsed = parseCsv(csv);
    expect(parsed[7]?.[0]).toBe(`'${INJECTION_TASK}`);
    for (const s of ['=1+1', '+1', '-x', '@SUM(A1)', '\tx', '\rx']) expect(csvText(s)[0] === "'" || csvText(s).startsWith(`"'`)).toBe(true);
    expect(csvText('safe-name')).toBe('safe-name');
    expect(csvText('a\nb')).toBe('"a\nb"');
  });

  it('round-trips any text through an RFC 4180 reader (after the guard)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const parsed = parseCsv(`${csvText(s)}\r\n`);
        const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
        expect(parsed).toEqual([[guarded]]);
      }),
    );
  });
});

describe('escapeLatex', () => {
  it('escapes every special character to its text form', () => {
    expect(escapeLatex(HOSTILE_RUN_NAME)).toBe('x\\_\\%\\&\\#\\$\\textbackslash{}\\{\\}\\textasciitilde{}\\textasciicircum{} \\textless{}script\\textgreater{}');
    expect(escapeLatex('a|b [c] *d "e"')).toBe("a\\textbar{}b {[}c{]} {*}d ''e''");
    expect(escapeLatex('\\input{/etc/passwd}')).toBe('\\textbackslash{}input\\{/etc/passwd\\}');
    expect(escapeLatex('a--b---c')).toBe('a-{}-b-{}-{}-c');
  });

  it('turns line breaks into spaces and drops other control characters', () => {
    expect(escapeLatex('a\n\nb\tc\u0000d\u007f')).toBe('a  b cd');
  });

  it('keeps accented Latin letters as accent commands and replaces what pdfLaTeX cannot set', () => {
    expect(escapeLatex('Müller façade naïve')).toBe('M\\"{u}ller fa\\c{c}ade na\\"{\\i}ve');
    expect(escapeLatex('Δ straße 日本🙂')).toBe('$\\Delta$ stra\\ss{}e ???');
  });

  it('always yields ASCII with balanced braces and no bare special character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeLatex(s);
        expect(/^[\x20-\x7e]*$/.test(out)).toBe(true);
        expect(bracesBalanced(out)).toBe(true);
        // Outside commands and math (\Delta, \pm … of the letter map), every # $ % & _ must be escaped.
        const plain = out.replace(/\$\\[a-zA-Z]+\$|\$-\$/g, '');
        expect(/(?<!\\)[#$%&_]/.test(plain)).toBe(false);
        expect(/[\n\r]/.test(out)).toBe(false);
      }),
    );
  });
});

describe('latex numbers and labels', () => {
  it('formats with fixed digits, a typographic minus and no sign on a rounded zero', () => {
    expect(latexNumber(-0.0123, 3)).toBe('$-$0.012');
    expect(latexNumber(-0.0004, 3)).toBe('0.000');
    expect(latexSigned(0.08, 3)).toBe('+0.080');
    expect(latexSigned(0.0004, 3)).toBe('0.000');
    expect(latexNumber(Number.NaN, 3)).toBe('NaN');
    expect(latexNumber(Number.NEGATIVE_INFINITY, 3)).toBe('$-$$\\infty$');
  });

  it('reduces label keys to safe characters', () => {
    expect(sanitizeLabel('tab:evals_v2 {x}')).toBe('tab:evals-v2--x-');
  });
});

describe('compareTableLatex', () => {
  const result = handBuiltCompareResult();
  const tex = compareTableLatex(result);
  const { spec, rows } = tabularLines(tex);

  it('is a table environment with booktabs rules and one \\midrule per category group', () => {
    expect(tex.startsWith('\\begin{table}[htbp]\n\\centering\n')).toBe(true);
    expect(tex.trimEnd().endsWith('\\end{table}')).toBe(true);
    expect(tex.match(/\\toprule/g)).toHaveLength(1);
    expect(tex.match(/\\bottomrule/g)).toHaveLength(1);
    expect(tex.match(/\\midrule/g)).toHaveLength(3);
    expect(tex).toContain('\\cmidrule(lr){4-5} \\cmidrule(lr){6-7}');
    expect(spec).toBe('llrrrrr');
  });

  it('has as many cells on every tabular row as the column spec declares', () => {
    expect(rows.length).toBe(2 + 3 + result.rows.length);
    for (const line of rows) expect(rowWidth(line), line).toBe(spec.length);
  });

  it('groups rows safety, reasoning, other with italic headers', () => {
    const headers = rows.filter((l) => l.includes('\\textit{'));
    expect(headers).toEqual(['\\multicolumn{7}{l}{\\textit{Safety}} \\\\', '\\multicolumn{7}{l}{\\textit{Reasoning}} \\\\', '\\multicolumn{7}{l}{\\textit{Other}} \\\\']);
    expect(tex.indexOf('\\textit{Reasoning}')).toBeLessThan(tex.indexOf('gsm8k'));
    expect(tex.indexOf('gsm8k')).toBeLessThan(tex.indexOf('\\textit{Other}'));
  });

  it('heads columns with escaped run names and methods', () => {
    expect(rows[0]).toBe(
      'Task & Metric & llama-base (base) & \\multicolumn{2}{c}{x\\_\\%\\&\\#\\$\\textbackslash{}\\{\\}\\textasciitilde{}\\textasciicircum{} \\textless{}script\\textgreater{} (dpo)} & \\multicolumn{2}{c}{sft\\_run} \\\\',
    );
    expect(rows[1]).toBe(' &  & baseline & value & $\\Delta$ [95\\,\\%] & value & $\\Delta$ [95\\,\\%] \\\\');
    expect(tex).not.toContain('<script>');
  });

  it('writes baseline ± se, values, Δ with intervals and -- where a side is missing', () => {
    expect(tex).toContain('\ntruthfulqa\\_mc2 & acc & 0.512 $\\pm$ 0.029 & 0.546 & +0.034 [$-$0.012, +0.080] & -- & -- \\\\\n');
    expect(tex).toContain('\n\\quad mmlu\\_anatomy & acc & 0.400 & 0.410 & +0.010 & 0.390 & $-$0.010 \\\\\n');
  });

  it('bolds verdicts whose interval excludes 0, with the direction marker, and shows filters', () => {
    expect(tex).toContain(
      '\ngsm8k & exact\\_match (strict-match) & 0.250 $\\pm$ 0.012 & 0.200 & \\textbf{$-$0.050 [$-$0.071, $-$0.029]}~$\\downarrow$ & 0.300 & \\textbf{+0.050 [+0.028, +0.072]}~$\\uparrow$ \\\\\n',
    );
    expect(tex.match(/\\textbf\{/g)).toHaveLength(2);
  });

  it('escapes a hostile task name and keeps it text', () => {
    expect(tex).toContain("\n=cmd\\textbar{}'' /C calc''!A0 & loss, norm & $-$1.250 $\\pm$ 0.100 & $-$1.500 & $-$0.250 [$-$0.527, +0.027] & 0.000 & +1.250 [+0.973, +1.527] \\\\\n");
  });

  it('keeps braces balanced', () => {
    expect(bracesBalanced(tex)).toBe(true);
  });

  it('defaults the caption to the baseline and notes the interval methods used', () => {
    expect(tex).toContain('\\caption{Eval deltas vs llama-base (95 \\% intervals)}\n\\label{tab:eval-deltas}');
    expect(tex).toContain('exact McNemar test');
    expect(tex).toContain('paired bootstrap over matched documents (2000 resamples, seed 20240607)');
    expect(tex).toContain('$\\sqrt{se_1^2+se_2^2}$');

    const stderrOnly = { ...result, rows: result.rows.filter((r) => r.deltas.every((d) => d === null || d.method === 'stderr')) };
    const note = compareTableLatex(stderrOnly);
    expect(note).not.toContain('bootstrap');
    expect(note).not.toContain('McNemar');
  });

  it('honours digits, and escapes a caller caption and sanitises the label', () => {
    const custom = compareTableLatex(result, { digits: 1, caption: 'DPO vs SFT: 100% & more_', label: 'tab:x y' });
    expect(custom).toContain('\\caption{DPO vs SFT: 100\\% \\& more\\_}\n\\label{tab:x-y}');
    expect(custom).toContain('\ntruthfulqa\\_mc2 & acc & 0.5 $\\pm$ 0.0 & 0.5 & 0.0 [0.0, +0.1] & -- & -- \\\\\n');
  });

  it('writes a header-only table for a result without rows', () => {
    const empty = compareTableLatex({ ...result, rows: [] });
    const t = tabularLines(empty);
    expect(t.rows).toHaveLength(2);
    expect(empty).toContain('No deltas could be computed.');
    expect(bracesBalanced(empty)).toBe(true);
  });
});
