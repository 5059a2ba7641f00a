import type { Detection, DirNode, Peek } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { salvageTolerantJson } from '../../../shared/util/tolerant-json';
import { parseNumberCell, splitLines, splitRecord } from '../shared-text';
import { numericLeaves, stepColumnOf } from './columns';

/** Lowest of all formats: any importer that knows a file's tool wins it. */
export const CONFIDENCE = 0.3;
/** Enough for a wide header and the first row. */
const PEEK_BYTES = 16 * 1024;

export type TableKind = 'csv' | 'tsv' | 'jsonl';

export function tableKindOf(name: string): TableKind | null {
  const m = /\.(csv|tsv|jsonl)$/i.exec(name);
  return m ? ((m[1] as string).toLowerCase() as TableKind) : null;
}

/**
 * Generic metrics tables: every `.csv`/`.tsv`/`.jsonl` whose first line has a step-like column and whose first row
 * has at least one other number. One run per file, at the file's path without its extension, so two tables in one
 * folder are two runs.
 */
export async function detectTables(dir: DirNode, peek: Peek): Promise<Detection[]> {
  const out: Detection[] = [];
  for (const f of dir.files) {
    const kind = tableKindOf(f.name);
    if (kind === null) continue;
    const rel = joinRel(dir.relPath, f.name);
    let head: Uint8Array;
    try {
      head = await peek(rel, PEEK_BYTES);
    } catch {
      continue; // unreadable now: not a claim; the file is offered again on the next scan
    }
    const ok = kind === 'jsonl' ? looksLikeJsonlTable(head) : looksLikeDelimitedTable(head, kind === 'tsv' ? '\t' : ',');
    if (ok) out.push({ confidence: CONFIDENCE, runPath: rel.replace(/\.[^./]+$/, ''), files: [rel] });
  }
  return out;
}

/** Header with a step column, and a first row (complete, or cut by the peek) with a number outside it. */
export function looksLikeDelimitedTable(head: Uint8Array, delimiter: string): boolean {
  const { lines, tail } = splitLines(head);
  const rows = [...lines.map((l) => ({ text: l.text, isCut: false })), ...(tail ? [{ text: tail.text, isCut: true }] : [])].filter((r) => r.text.trim() !== '');
  const [first, second] = rows;
  if (!first || first.isCut || !second) return false;
  const header = splitRecord(first.text, delimiter);
  const step = header ? stepColumnOf(header) : null;
  if (!header || step === null) return false;
  const cells = splitRecord(second.text, delimiter) ?? second.text.split(delimiter);
  // The peek may end inside the row: its last cell could be a cut number, the others are whole.
  const usable = second.isCut ? cells.slice(0, -1) : cells;
  const stepIdx = header.indexOf(step);
  return usable.some((c, i) => i !== stepIdx && (header[i] ?? '') !== '' && parseNumberCell(c) !== null);
}

/** First object has a numeric step-like key and another number (its complete members, if the peek cut it). */
export function looksLikeJsonlTable(head: Uint8Array): boolean {
  const { lines, tail } = splitLines(head);
  const first = [...lines, ...(tail ? [tail] : [])].find((l) => l.text.trim() !== '');
  if (!first) return false;
  const { value } = salvageTolerantJson(first.text);
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return false;
  const step = stepColumnOf(Object.keys(value));
  if (step === null || typeof value[step] !== 'number') return false;
  return numericLeaves(value).some(([name]) => name !== step);
}

/**
 * The columns a user can pick from for a table's axes, from its first bytes: the header's named columns (CSV/TSV) or
 * the first object's numeric leaves (JSONL), with the one detection takes as the step. Null: no header to read.
 */
export function tableColumnsIn(head: Uint8Array, kind: TableKind): { columns: string[]; detectedStep: string | null } | null {
  const { lines, tail } = splitLines(head);
  const first = [...lines, ...(tail ? [tail] : [])].find((l) => l.text.trim() !== '');
  if (!first) return null;
  if (kind === 'jsonl') {
    const { value } = salvageTolerantJson(first.text);
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
    const step = stepColumnOf(Object.keys(value));
    return { columns: numericLeaves(value).map(([name]) => name), detectedStep: step !== null && typeof value[step] === 'number' ? step : null };
  }
  // A header cut by the peek (not a whole line) is not trusted: its last name may be cut.
  if (!lines.includes(first)) return null;
  const header = splitRecord(first.text, kind === 'tsv' ? '\t' : ',');
  if (!header) return null;
  return { columns: header.filter((n) => n !== ''), detectedStep: stepColumnOf(header) };
}
