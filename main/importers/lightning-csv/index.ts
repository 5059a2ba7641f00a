import type { DirNode, Importer, RunSource } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { hparamsYamlRecords } from '../common/hparams-yaml';
import { splitCsv } from './csv';

const STEP_COLUMN = 'step';
const isVersionDir = (name: string) => /^version_\d+$/.test(name);

/** Lightning writes `nan`/`inf` for non-finite floats (Python's str()). */
function cellValue(cell: string): number | null {
  const t = cell.trim();
  if (t === '') return null;
  const low = t.toLowerCase();
  if (low === 'nan') return Number.NaN;
  if (low === 'inf' || low === '+inf' || low === 'infinity') return Number.POSITIVE_INFINITY;
  if (low === '-inf' || low === '-infinity') return Number.NEGATIVE_INFINITY;
  const v = Number(t);
  return Number.isNaN(v) ? null : v;
}

/**
 * PyTorch Lightning's CSVLogger: `metrics.csv` (sparse: each row logs only some columns) and `hparams.yaml`.
 * Every non-empty cell is a point at its row's `step` (the row index when there is no step column).
 */
export const lightningCsvImporter: Importer = {
  id: 'lightning-csv',
  version: 1,

  async detect(dir: DirNode) {
    const has = (n: string) => dir.files.some((f) => f.name === n);
    const hasEvents = dir.files.some((f) => f.name.includes('tfevents'));
    const files: string[] = [];
    if (has('metrics.csv')) files.push(joinRel(dir.relPath, 'metrics.csv'));
    // Beside event files, TensorBoard reads the YAML (a TensorBoardLogger run); here it belongs to the CSV run.
    if (has('hparams.yaml') && !hasEvents && (files.length > 0 || isVersionDir(dir.name))) files.push(joinRel(dir.relPath, 'hparams.yaml'));
    if (files.length === 0) return null;
    // A version folder with hparams.yaml only is a run that died before logging: shown, with no series.
    return { confidence: has('metrics.csv') ? 0.9 : 0.6, files };
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      if (file.endsWith('hparams.yaml')) {
        yield* hparamsYamlRecords(file, bytes);
        continue;
      }
      yield* parseMetricsCsv(file, decodeUtf8(bytes));
    }
  },
};

function* parseMetricsCsv(file: string, text: string): Generator<ImportRecord> {
  const { rows, lines, partialAt } = splitCsv(text);
  const header = rows[0];
  if (!header) {
    if (text.length > 0) yield { kind: 'warning', file, offset: 0, message: 'metrics.csv has no complete header line.' };
    return;
  }
  const stepIdx = header.indexOf(STEP_COLUMN);
  const series = header.map(() => ({ steps: new GrowableF64(), values: new GrowableF64() }));
  let bad = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.length === 1 && row[0] === '') continue; // blank line
    if (row.length !== header.length) bad++;
    const stepCell = stepIdx >= 0 ? cellValue(row[stepIdx] ?? '') : r - 1;
    const step = stepCell ?? r - 1;
    for (let c = 0; c < header.length; c++) {
      if (c === stepIdx) continue;
      const v = cellValue(row[c] ?? '');
      if (v === null) continue;
      (series[c] as { steps: GrowableF64 }).steps.push(step);
      (series[c] as { values: GrowableF64 }).values.push(v);
    }
  }
  for (let c = 0; c < header.length; c++) {
    const s = series[c];
    if (c === stepIdx || !s || s.steps.length === 0) continue;
    yield { kind: 'scalars', metric: header[c] as string, steps: s.steps.view(), values: s.values.view(), wallTimesSec: null };
  }
  if (bad > 0) yield { kind: 'warning', file, offset: null, message: `${bad} rows have a different number of cells than the header (line ${lines[1] ?? 2} onwards); read by position.` };
  if (partialAt !== null) {
    const offset = new TextEncoder().encode(text.slice(0, partialAt)).length;
    yield { kind: 'warning', file, offset, message: `The last line (from byte ${offset}) has no newline: still being written, or cut by a crash. It was not read.` };
  }
}
