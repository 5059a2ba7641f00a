import { describe, expect, it } from 'vitest';
import { compareTableLatex, escapeLatex } from '../../shared/export/compare-table';
import { handBuiltCompareResult } from '../helpers/compare-result';
import { compileLatex as compile, skipLatex } from '../helpers/latex';

describe.skipIf(skipLatex)('compareTableLatex compiles with pdflatex', () => {
  it('compiles the hand-built table (hostile names, missing cells, all interval methods)', async () => {
    const { log } = await compile(compareTableLatex(handBuiltCompareResult()));
    expect(log).toContain('Output written on table.pdf');
  });

  it('compiles with a hostile caption, other digits, and under T1 fonts', async () => {
    const tex = compareTableLatex(handBuiltCompareResult(), { digits: 5, caption: '\\end{table} }{ $x^2$ #1 %' });
    await compile(tex);
    await compile(tex, '\\usepackage[T1]{fontenc}\n');
  });

  it('compiles escapeLatex of every printable ASCII character, controls and non-ASCII text', async () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    const text = [ascii, '[leading bracket', '*star', 'a\n\nb\tc\u0000d', 'Müller façade naïve Ångström Łódź straße', 'Δ − ± × µ … – — “q” 日本🙂', '\\\\', '\\end{document}'];
    // Each line begins right after `\\`, where a bare `[` or `*` would be taken as its argument.
    await compile(`\\noindent ${text.map(escapeLatex).join('\\\\\n')}`);
  });
});
