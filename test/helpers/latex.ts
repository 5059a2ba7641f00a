import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './paths';

const run = promisify(execFile);

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, cmd)));
}

/** CI installs pdflatex (.ci/run): there a missing one must fail the LaTeX checks, not skip them. */
export const hasPdflatex = onPath('pdflatex');
export const skipLatex = !hasPdflatex && !process.env.CI;
if (skipLatex) console.warn('pdflatex is not on PATH (install texlive-latex-base + texlive-latex-recommended); LaTeX compile checks skipped');

/** Compiles `body` in a minimal article with booktabs; rejects (with the log's tail) on any LaTeX error. */
export async function compileLatex(body: string, preamble = ''): Promise<{ pdfBytes: number; log: string }> {
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
    const pdf = await readFile(path.join(dir, 'table.pdf'));
    return { pdfBytes: pdf.length, log: await readFile(path.join(dir, 'table.log'), 'utf8') };
  } finally {
    await cleanup();
  }
}
