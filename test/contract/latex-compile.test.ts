import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareTableLatex, escapeLatex } from '../../shared/export/compare-table';
import { handBuiltCompareResult } from '../helpers/compare-result';
import { tempDir } from '../helpers/paths';

const run = promisify(execFile);

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, cmd)));
}

const hasPdflatex = onPath('pdflatex');
if (!hasPdflatex) console.warn('latex-compile: pdflatex is not on PATH (install texlive-latex-base + texlive-latex-recommended); compile checks skipped');

/** Compiles `body` in a minimal article and returns pdflatex's log; rejects (with the log) on any LaTeX error. */
async function compile(body: string, preamble = ''): Promise<{ pdf: string; log: string }> {
  const { dir, cleanup } = await tempDir('runlens-latex-');
  try {
    const doc = `\\documentclass{article}\n\\usepackage{booktabs}\n${preamble}\\begin{document}\n${body}\n\\end{document}\n`;
    await writeFile(path.join(dir, 'table.tex'), doc, 'utf8');
    try {
      await run('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'table.tex'], { cwd: dir, timeout: 60_000 });
    } catch (err) {
      const log = await readFile(path.join(dir, 'table.log'), 'utf8').catch(() => '');
      throw new Error(`pdflatex failed: ${String(err)}\n${log.slice(-3000)}`, { cause: err });
    }
    const pdf = path.join(dir, 'table.pdf');
    expect(existsSync(pdf)).toBe(true);
    return { pdf, log: await readFile(path.join(dir, 'table.log'), 'utf8') };
  } finally {
    await cleanup();
  }
}

// CI installs pdflatex (.ci/run), so there a missing one fails the test instead of skipping it.
describe.skipIf(!hasPdflatex && !process.env.CI)('compareTableLatex compiles with pdflatex', () => {
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
