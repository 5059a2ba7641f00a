import type { ConfigValue, EvalResultRecord, WarningRecord } from '../../../shared/importers/records';
import { flattenConfig } from '../../../shared/util/flatten';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { salvageTolerantJson } from '../../../shared/util/tolerant-json';
import { byteOffsetOfUnit } from '../common/utf8-offset';
import type { ModelInfo } from './model';
import { modelInfo, parseModelArgs } from './model';
import { baseName, nameDateSec } from './names';

type Obj = Record<string, unknown>;
export type EvalValue = Omit<EvalResultRecord, 'kind'>;

/** One results JSON, read. */
export interface ResultsFile {
  readonly file: string;
  /** `date` (float Unix seconds, v0.4+), else the date in the file name; orders files for "newest wins". */
  readonly sortSec: number | null;
  readonly wallStartSec: number | null;
  readonly wallEndSec: number | null;
  /** False when the JSON was cut short and only a prefix of `results` could be kept. */
  readonly isComplete: boolean;
  readonly evals: EvalValue[];
  readonly config: Record<string, ConfigValue>;
  readonly model: ModelInfo;
  readonly warnings: WarningRecord[];
}

/** Top-level objects keyed by task: the entry a cut runs through is dropped, not half-read. */
const PER_TASK = new Set(['results', 'groups', 'table_results']);

/** Top-level keys that are not run configuration: the numbers themselves, per-task YAML, timing. */
const NOT_CONFIG = new Set(['results', 'groups', 'configs', 'group_subtasks', 'table_results', 'higher_is_better', 'samples', 'date', 'start_time', 'end_time', 'total_evaluation_time_seconds']);

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';

export function readResultsFile(file: string, bytes: Uint8Array): ResultsFile {
  const text = decodeUtf8(bytes);
  const warnings: WarningRecord[] = [];
  const warn = (offset: number | null, message: string) => warnings.push({ kind: 'warning', file, offset, message });
  const parsed = salvageTolerantJson(text);
  if (parsed.value === undefined || !isObj(parsed.value)) {
    warn(0, text.trim() === '' ? 'The file is empty.' : 'Not an lm-eval results file: the JSON is not an object.');
    return empty(file, warnings);
  }
  const doc: Obj = parsed.value;
  const isComplete = parsed.error === null;
  if (parsed.error !== null) {
    // Cut short (a crash mid-write) or damaged: keep every task entry that was written completely.
    const open = parsed.cut;
    if (open !== null && open.length >= 2 && PER_TASK.has(String(open[0]))) {
      const holder = doc[String(open[0])];
      if (isObj(holder)) delete holder[String(open[1])];
    }
    const kept = isObj(doc.results) ? Object.keys(doc.results).length : 0;
    const what = parsed.error.isTruncated ? 'The JSON ends early (the file was cut mid-write?)' : `The JSON is damaged (${parsed.error.message})`;
    const at = byteOffsetOfUnit(bytes, parsed.error.offset);
    warn(at, `${what} at line ${lineAt(text, parsed.error.offset)} (byte ${at}): kept the ${kept} task entries of "results" written in full.`);
  }

  const evals: EvalValue[] = [];
  const results = doc.results;
  if (isObj(results)) {
    for (const [task, entry] of Object.entries(results)) {
      if (isObj(entry)) evals.push(...evalsOf(doc, task, entry, file));
      else warn(null, `results["${task}"] is not an object of metrics; skipped.`);
    }
    // Groups normally repeat in `results`; some versions list an aggregate only under `groups`.
    if (isObj(doc.groups)) {
      for (const [task, entry] of Object.entries(doc.groups)) if (!(task in results) && isObj(entry)) evals.push(...evalsOf(doc, task, entry, file));
    }
  } else if (Array.isArray(results)) {
    const table = doc.table_results;
    if (isObj(table)) {
      warn(null, '"results" is a list of per-prompt entries (the BigScience promptsource fork of the harness), not {task: metrics}: the numbers were read from "table_results" instead, one task per "<task>+<prompt>".');
      for (const [task, entry] of Object.entries(table)) if (isObj(entry)) evals.push(...evalsOf(doc, task, entry, file));
    } else {
      warn(null, '"results" is a list, not the usual {task: metrics} object, and there is no "table_results": no eval numbers could be read from this file.');
    }
  } else if (isComplete) {
    warn(null, 'No "results" object in this file: no eval numbers read.');
  }

  const date = isNum(doc.date) && Number.isFinite(doc.date) ? doc.date : null;
  const duration = Number(doc.total_evaluation_time_seconds);
  return {
    file,
    sortSec: date ?? nameDateSec(baseName(file)),
    wallStartSec: date,
    wallEndSec: date !== null && doc.total_evaluation_time_seconds !== undefined && Number.isFinite(duration) ? date + duration : null,
    isComplete,
    evals,
    config: configOf(doc),
    model: modelInfo(doc),
    warnings,
  };
}

function empty(file: string, warnings: WarningRecord[]): ResultsFile {
  return { file, sortSec: null, wallStartSec: null, wallEndSec: null, isComplete: false, evals: [], config: {}, model: { name: null, key: null, checkpoint: null }, warnings };
}

/**
 * One task's numbers. Keys are `<metric>,<filter>` (v0.4+; split on the last comma) or a bare `<metric>` (v0.3, filter
 * `none`). `<metric>_stderr[,<filter>]` is the stderr of `<metric>` when that metric is present; its value may be
 * "N/A". `alias` is display only; `sample_len` is a sample count, not a metric.
 */
function evalsOf(doc: Obj, task: string, entry: Obj, file: string): EvalValue[] {
  const out: EvalValue[] = [];
  const nSamples = effectiveSamples(doc, task) ?? (isNum(entry.sample_len) ? entry.sample_len : null);
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'alias' || key === 'sample_len' || !isNum(value)) continue;
    const comma = key.lastIndexOf(',');
    const metric = comma < 0 ? key : key.slice(0, comma);
    const filter = comma < 0 ? 'none' : key.slice(comma + 1);
    const suffix = comma < 0 ? '' : key.slice(comma);
    if (metric.endsWith('_stderr') && isNum(entry[metric.slice(0, -'_stderr'.length) + suffix])) continue;
    const stderr = entry[`${metric}_stderr${suffix}`];
    out.push({ task, metric, filter, value, stderr: isNum(stderr) ? stderr : null, higherIsBetter: higherIsBetter(doc, task, metric), nSamples, file });
  }
  return out;
}

function effectiveSamples(doc: Obj, task: string): number | null {
  const n = doc['n-samples'];
  if (!isObj(n)) return null;
  const t = n[task];
  return isObj(t) && isNum(t.effective) ? t.effective : null;
}

/** `higher_is_better` (v0.4.3+), else the task config's metric_list (v0.4.0–0.4.2 files carry it there). */
function higherIsBetter(doc: Obj, task: string, metric: string): boolean | null {
  const hib = doc.higher_is_better;
  if (isObj(hib) && isObj(hib[task])) {
    const v = hib[task][metric];
    if (typeof v === 'boolean') return v;
  }
  const configs = doc.configs;
  if (isObj(configs) && isObj(configs[task]) && Array.isArray(configs[task].metric_list)) {
    for (const m of configs[task].metric_list) if (isObj(m) && m.metric === metric && typeof m.higher_is_better === 'boolean') return m.higher_is_better;
  }
  return null;
}

/** Everything but the numbers, flattened; a string `model_args` is also split into `config.model_args.<key>`. */
function configOf(doc: Obj): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(doc)) if (!NOT_CONFIG.has(k)) flattenConfig(v, k, out);
  const config = doc.config;
  if (isObj(config) && typeof config.model_args === 'string') {
    for (const [k, v] of Object.entries(parseModelArgs(config.model_args))) out[`config.model_args.${k}`] = v;
  }
  return out;
}

/** 1-based line of a character offset, for warnings on text files. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
