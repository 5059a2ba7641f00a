import type { DirNode, Detection, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ImportRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { cleanLine, stripLauncherPrefix } from './clean-line';
import { pointsOfLine } from './metric-lines';

const LOG_NAME = /\.(log|out|txt)$/i;
const NOT_LOGS = /^(readme|license|licence|requirements|notice|changelog|copying)\b/i;
/** Tokenizer and vocabulary files that checkpoints carry as .txt. */
const NOT_LOGS_EXACT = new Set(['vocab.txt', 'merges.txt', 'spiece.txt', 'added_tokens.txt', 'special_tokens_map.txt', 'dict.txt']);
/** W&B keeps its own debug logs and a console copy in its run folders; the W&B importer reads those runs. */
const WANDB_INTERNAL = /(^|\/)(offline-)?run-[^/]+\/(logs|files)$/;
const CHUNK_LINES = 5000;

/**
 * Plain-text training logs: stored as searchable lines (the diagnosis issue reads them) with metrics extracted from
 * common line shapes. One run per log file.
 */
export const rawLogImporter: Importer = {
  id: 'raw-log',
  version: 1,

  async detect(dir: DirNode, peek: Peek) {
    if (WANDB_INTERNAL.test(dir.relPath)) return null;
    const out: Detection[] = [];
    for (const f of dir.files) {
      if (!LOG_NAME.test(f.name) || NOT_LOGS.test(f.name) || NOT_LOGS_EXACT.has(f.name.toLowerCase()) || f.size === 0) continue;
      const rel = joinRel(dir.relPath, f.name);
      const head = await peek(rel, 4096).catch(() => null);
      if (!head || head.includes(0)) continue; // binary
      out.push({ confidence: 0.5, runPath: rel, files: [rel] });
    }
    return out.length > 0 ? out : null;
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      yield* parseLog(file, decodeUtf8(bytes), signal);
    }
  },
};

function* parseLog(file: string, text: string, signal: AbortSignal): Generator<ImportRecord> {
  const rawLines = text.split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  const series = new Map<string, { steps: GrowableF64; values: GrowableF64 }>();
  let hfStep = 0;
  let chunk: string[] = [];
  let chunkStart = 1;
  for (let i = 0; i < rawLines.length; i++) {
    if (i % 20_000 === 0 && signal.aborted) return;
    const line = cleanLine(rawLines[i] as string);
    chunk.push(line);
    if (chunk.length === CHUNK_LINES) {
      yield { kind: 'log-lines', file, firstLine: chunkStart, lines: chunk };
      chunk = [];
      chunkStart = i + 2;
    }
    const p = pointsOfLine(stripLauncherPrefix(line));
    if (!p) continue;
    let step = p.step;
    if (step === null) {
      // HF prints one dict per logging step; an eval dict belongs to the step of the train dict before it.
      const isEval = p.values.some(([k]) => k.startsWith('eval_')) && !p.values.some(([k]) => k === 'loss');
      if (!isEval) hfStep++;
      step = hfStep;
    }
    for (const [name, value] of p.values) {
      let s = series.get(name);
      if (!s) {
        s = { steps: new GrowableF64(), values: new GrowableF64() };
        series.set(name, s);
      }
      s.steps.push(step);
      s.values.push(value);
    }
  }
  if (chunk.length > 0) yield { kind: 'log-lines', file, firstLine: chunkStart, lines: chunk };
  for (const [metric, s] of series) yield { kind: 'scalars', metric, steps: s.steps.view(), values: s.values.view(), wallTimesSec: null };
}
