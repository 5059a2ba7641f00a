import type { CompareColumn, CompareDelta, CompareResult, CompareRow, DeltaMethod } from '../domain/compare';
import { csvDocument, type CsvValue } from './csv';
import { escapeLatex, latexNumber, latexSigned, sanitizeLabel } from './latex';

/**
 * Exports of the method-comparison table (issue 6 §5): long-format CSV for analysis, and a LaTeX `table` for papers.
 * Pure functions of a CompareResult; the host writes the string wherever the user chose.
 */

export { escapeLatex } from './latex';

export const COMPARE_CSV_HEADER = [
  'task',
  'metric',
  'filter',
  'category',
  'run',
  'method_label',
  'baseline',
  'value',
  'stderr',
  'baseline_value',
  'baseline_stderr',
  'delta',
  'low',
  'high',
  'improvement',
  'n',
  'method',
  'p',
  'verdict',
] as const;

/** The baseline column's index: the flagged one, else the result's baselineRunId; -1 when neither is present. */
function baselineIndex(result: CompareResult): number {
  const flagged = result.columns.findIndex((c) => c.isBaseline);
  return flagged >= 0 ? flagged : result.columns.findIndex((c) => c.runId === result.baselineRunId);
}

/**
 * Long format: one record per (row, non-baseline column), always — also where the candidate's or the baseline's
 * number is missing, so the record count is rows × non-baseline columns and a missing pair is visible rather than
 * silently absent. Missing numbers are empty fields; a missing delta leaves delta…verdict empty. `n` is the delta's
 * (documents paired, or the candidate's sample count for the stderr method).
 */
export function compareTableCsv(result: CompareResult): string {
  const bi = baselineIndex(result);
  const baseline = bi >= 0 ? result.columns[bi] : undefined;
  const records: CsvValue[][] = [[...COMPARE_CSV_HEADER]];
  for (const row of result.rows) {
    const baseCell = bi >= 0 ? (row.cells[bi] ?? null) : null;
    result.columns.forEach((col, ci) => {
      if (ci === bi) return;
      const cell = row.cells[ci] ?? null;
      const d = row.deltas[ci] ?? null;
      records.push([
        row.task,
        row.metric,
        row.filter,
        row.category,
        col.path,
        col.method ?? '',
        baseline?.path ?? '',
        cell?.value ?? null,
        cell?.stderr ?? null,
        baseCell?.value ?? null,
        baseCell?.stderr ?? null,
        d?.delta ?? null,
        d?.low ?? null,
        d?.high ?? null,
        d?.improvement ?? null,
        d?.n ?? null,
        d?.method ?? null,
        d?.p ?? null,
        d?.verdict ?? null,
      ]);
    });
  }
  return csvDocument(records);
}

export interface CompareLatexOptions {
  /** Digits after the decimal point (default 3, clamped to 0–10). */
  digits?: number;
  /** Plain text (escaped like the data); default "Eval deltas vs <baseline> (95 % intervals)". */
  caption?: string;
  /** `\label` key, reduced to [A-Za-z0-9:.-]; default `tab:eval-deltas`. */
  label?: string;
}

const CATEGORY_ORDER = ['safety', 'reasoning'];
const UNCATEGORISED = 'other';

/** Safety, reasoning, any other named category (alphabetical), then uncategorised; rows keep their order inside. */
function groupByCategory(rows: readonly CompareRow[]): [string, CompareRow[]][] {
  const groups = new Map<string, CompareRow[]>();
  for (const row of rows) {
    const key = row.category ?? UNCATEGORISED;
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  const rank = (k: string): number => {
    const i = CATEGORY_ORDER.indexOf(k);
    return i >= 0 ? i : k === UNCATEGORISED ? CATEGORY_ORDER.length + 1 : CATEGORY_ORDER.length;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function columnHeader(col: CompareColumn): string {
  return col.method === null ? escapeLatex(col.name) : `${escapeLatex(col.name)} (${escapeLatex(col.method)})`;
}

function metricLabel(row: CompareRow): string {
  const showFilter = row.filter !== '' && row.filter !== 'none';
  return showFilter ? `${escapeLatex(row.metric)} (${escapeLatex(row.filter)})` : escapeLatex(row.metric);
}

const MISSING = '--';

function deltaCell(d: CompareDelta | null, digits: number): string {
  if (d === null) return MISSING;
  const interval = d.low !== null && d.high !== null ? ` [${latexSigned(d.low, digits)}, ${latexSigned(d.high, digits)}]` : '';
  const text = `${latexSigned(d.delta, digits)}${interval}`;
  // better / worse exist only when the interval excludes 0 and the direction is known.
  if (d.verdict === 'better') return `\\textbf{${text}}~$\\uparrow$`;
  if (d.verdict === 'worse') return `\\textbf{${text}}~$\\downarrow$`;
  return text;
}

const DELTA_METHOD_ORDER: readonly DeltaMethod[] = ['stderr', 'paired-bootstrap', 'mcnemar'];

const METHOD_NOTES: Readonly<Record<DeltaMethod, (r: CompareResult) => string>> = {
  stderr: () => 'normal approximation from the reported standard errors, $\\sqrt{se_1^2+se_2^2}$ (independent samples)',
  'paired-bootstrap': (r) => `paired bootstrap over matched documents (${String(r.bootstrap.resamples)} resamples, seed ${String(r.bootstrap.seed)})`,
  mcnemar: () => 'exact McNemar test on matched documents (binary metrics)',
};

function methodsNote(result: CompareResult): string {
  const used = new Set<DeltaMethod>();
  for (const row of result.rows) for (const d of row.deltas) if (d !== null) used.add(d.method);
  const parts = DELTA_METHOD_ORDER.filter((m) => used.has(m)).map((m) => METHOD_NOTES[m](result));
  const intervals = parts.length > 0 ? `Intervals: ${parts.join('; ')}.` : 'No deltas could be computed.';
  return `$\\Delta$: difference to the baseline with its 95\\,\\% interval; bold: the interval excludes 0; $\\uparrow$/$\\downarrow$: better/worse than the baseline. ${intervals}`;
}

/**
 * A `table` float to `\input` into a paper: booktabs rules, one value column for the baseline (`value ± se`) and a
 * value + Δ column pair for every other run, rows grouped by category. Every data string goes through escapeLatex.
 */
export function compareTableLatex(result: CompareResult, options: CompareLatexOptions = {}): string {
  const digits = Math.min(10, Math.max(0, Math.trunc(options.digits ?? 3)));
  const bi = baselineIndex(result);
  const baselineName = bi >= 0 ? (result.columns[bi]?.name ?? result.baselineRunId) : result.baselineRunId;
  const caption = escapeLatex(options.caption ?? `Eval deltas vs ${baselineName} (95 % intervals)`);
  const label = sanitizeLabel(options.label ?? 'tab:eval-deltas');

  const spec = ['l', 'l', ...result.columns.flatMap((_, ci) => (ci === bi ? ['r'] : ['r', 'r']))];
  const width = spec.length;

  const head1 = ['Task', 'Metric', ...result.columns.map((c, ci) => (ci === bi ? columnHeader(c) : `\\multicolumn{2}{c}{${columnHeader(c)}}`))];
  const head2 = ['', '', ...result.columns.flatMap((_, ci) => (ci === bi ? ['baseline'] : ['value', '$\\Delta$ [95\\,\\%]']))];
  // Rules under the run names that span a value + Δ pair.
  const cmidrules: string[] = [];
  let at = 3;
  result.columns.forEach((_, ci) => {
    const span = ci === bi ? 1 : 2;
    if (span === 2) cmidrules.push(`\\cmidrule(lr){${String(at)}-${String(at + 1)}}`);
    at += span;
  });

  const body: string[] = [];
  for (const [category, rows] of groupByCategory(result.rows)) {
    body.push('\\midrule');
    const title = escapeLatex(category.charAt(0).toUpperCase() + category.slice(1));
    body.push(`\\multicolumn{${String(width)}}{l}{\\textit{${title}}} \\\\`);
    for (const row of rows) {
      const cells = [(row.isSubtask ? '\\quad ' : '') + escapeLatex(row.task), metricLabel(row)];
      result.columns.forEach((_, ci) => {
        const cell = row.cells[ci] ?? null;
        const value = cell === null ? MISSING : latexNumber(cell.value, digits);
        if (ci === bi) {
          cells.push(cell !== null && cell.stderr !== null ? `${value} $\\pm$ ${latexNumber(cell.stderr, digits)}` : value);
        } else {
          cells.push(value, deltaCell(row.deltas[ci] ?? null, digits));
        }
      });
      body.push(`${cells.join(' & ')} \\\\`);
    }
  }

  return [
    '\\begin{table}[htbp]',
    '\\centering',
    `\\caption{${caption}}`,
    `\\label{${label}}`,
    `\\begin{tabular}{${spec.join('')}}`,
    '\\toprule',
    `${head1.join(' & ')} \\\\`,
    ...(cmidrules.length > 0 ? [cmidrules.join(' ')] : []),
    `${head2.join(' & ')} \\\\`,
    ...body,
    '\\bottomrule',
    '\\end{tabular}',
    '',
    '\\smallskip',
    `{\\footnotesize ${methodsNote(result)}\\par}`,
    '\\end{table}',
    '',
  ].join('\n');
}
