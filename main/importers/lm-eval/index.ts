import type { DirNode, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { byDate, detectLmEval } from './detect';
import { baseName, isSamplesFile, undatedStem } from './names';
import type { EvalValue, ResultsFile } from './results-file';
import { readResultsFile } from './results-file';
import { readSamplesFile } from './samples-file';

/**
 * lm-evaluation-harness results (`results_<date_id>.json`, v0.3 single JSONs, GPT-NeoX `eval_results_*.json`) and
 * per-sample logs (`samples_<task>_<date_id>.jsonl`). A run is one evaluated model or checkpoint; see README.md.
 */
export const lmEvalImporter: Importer = {
  id: 'lm-eval',
  // 2: samples carry the doc's category; 3: and the audit's doc fields (extras). A new version re-imports older runs.
  version: 3,

  async detect(dir: DirNode, peek: Peek) {
    return detectLmEval(dir, peek);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const results: ResultsFile[] = [];
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      if (isSamplesFile(baseName(file))) {
        yield* readSamplesFile(file, bytes, signal);
      } else {
        const r = readResultsFile(file, bytes);
        yield* r.warnings;
        results.push(r);
      }
    }
    if (signal.aborted || results.length === 0) return;
    yield* summarize(results);
  },
};

/** Merges a run's results files: the newest file wins a (task, metric, filter) or config key that several files hold. */
function* summarize(files: ResultsFile[]): Generator<ImportRecord> {
  const ordered = files.map((f) => ({ f, rel: f.file, sortSec: f.sortSec })).sort(byDate).map((x) => x.f);
  const evals = new Map<string, EvalValue>();
  const config: Record<string, ConfigValue> = {};
  for (const f of ordered) {
    for (const e of f.evals) evals.set(`${e.task}\u0000${e.metric}\u0000${e.filter}`, e);
    Object.assign(config, f.config);
  }
  for (const e of evals.values()) yield { kind: 'eval', ...e };
  if (Object.keys(config).length > 0) yield { kind: 'config', origin: 'lm-eval', entries: config };

  const newest = ordered[ordered.length - 1] as ResultsFile;
  const named = [...ordered].reverse().find((f) => f.model.name !== null);
  const starts = ordered.map((f) => f.wallStartSec).filter((s): s is number => s !== null);
  const ends = ordered.map((f) => f.wallEndSec).filter((s): s is number => s !== null);
  yield {
    kind: 'run-meta',
    name: named?.model.name ?? undatedStem(baseName(newest.file)),
    // The harness writes results when evaluation is over; a file cut short means it stopped mid-write.
    status: ordered.some((f) => f.isComplete) ? 'finished' : 'unknown',
    ...(starts.length > 0 ? { wallStartSec: Math.min(...starts) } : {}),
    ...(ends.length > 0 ? { wallEndSec: Math.max(...ends) } : {}),
  };
  const seen = new Set<string>();
  for (const f of ordered) {
    const c = f.model.checkpoint;
    if (c && !seen.has(c.path)) {
      seen.add(c.path);
      yield { kind: 'checkpoint', path: c.path, step: c.step };
    }
  }
}
