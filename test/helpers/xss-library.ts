import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import { fixturesDir } from './paths';
import { parseCsv } from './csv';

/**
 * A small library of real-format runs with the XSS corpus (test/fixtures/xss/corpus.json) placed wherever a run's
 * own files reach the screen: run folder names and run-name fields, config keys and values, metric names, log lines
 * (one a diagnosis rule matches), eval sample fields and a data-mixture description. The e2e spec serves it and looks
 * for any sign that a payload was read as markup.
 */

export type XssPayloadKind = 'html' | 'attribute' | 'url' | 'template' | 'markdown' | 'entities' | 'separator' | 'latex' | 'csv';

export interface XssPayload {
  readonly id: string;
  readonly kind: XssPayloadKind;
  readonly text: string;
  readonly why: string;
}

export interface XssCorpus {
  /** The global every script payload calls (`window.__xss(id)`); the spec defines it before the app loads. */
  readonly marker: string;
  readonly payloads: readonly XssPayload[];
}

const KINDS: ReadonlySet<string> = new Set<XssPayloadKind>(['html', 'attribute', 'url', 'template', 'markdown', 'entities', 'separator', 'latex', 'csv']);

export function loadXssCorpus(file = path.join(fixturesDir, 'xss', 'corpus.json')): XssCorpus {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('payloads' in raw) || !('marker' in raw) || typeof raw.marker !== 'string' || !Array.isArray(raw.payloads)) {
    throw new Error(`${file}: expected {marker, payloads: [...]}`);
  }
  const seen = new Set<string>();
  const payloads = (raw.payloads as unknown[]).map((p, i): XssPayload => {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    const { id, kind, text, why } = o;
    if (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id) || seen.has(id)) throw new Error(`${file}: payload ${i} needs a unique [a-z0-9-] id`);
    if (typeof kind !== 'string' || !KINDS.has(kind)) throw new Error(`${file}: payload ${id} has an unknown kind`);
    if (typeof text !== 'string' || text === '' || typeof why !== 'string') throw new Error(`${file}: payload ${id} needs text and why`);
    seen.add(id);
    return { id, kind: kind as XssPayloadKind, text, why };
  });
  return { marker: raw.marker, payloads };
}

export function payloadText(corpus: XssCorpus, id: string): string {
  const p = corpus.payloads.find((x) => x.id === id);
  if (!p) throw new Error(`no payload ${id} in the XSS corpus`);
  return p.text;
}

/**
 * Whether a payload can be a file or folder name here: never `/` or NUL, at most 255 bytes; Windows also refuses
 * `<>:"|?*`, control characters and a trailing dot or space. Payloads that cannot are placed in name fields instead.
 */
export function fitsFileName(text: string, platform: NodeJS.Platform = process.platform): boolean {
  if (text.includes('/') || text.includes('\0') || Buffer.byteLength(text, 'utf8') > 200 || text === '.' || text === '..') return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what Windows refuses
  if (platform === 'win32' && (/[<>:"|?*\\\u0000-\u001f]/.test(text) || /[. ]$/.test(text))) return false;
  return true;
}

/**
 * The rows and cells a spreadsheet sees when it opens CSV text splitting on `sep` (RFC 4180 quoting, CRLF or LF
 * records). Excel and LibreOffice split on the locale's list separator, `;` wherever the decimal mark is a comma, so
 * an export must be safe read either way.
 */
export function spreadsheetRows(text: string, sep: ',' | ';'): string[][] {
  return parseCsv(text, { sep, spreadsheet: true });
}

/**
 * Whether a spreadsheet would evaluate a cell as a formula: it starts with = + - @ (or tab / CR, which some strip
 * first) and is not a plain number (exports write negative numbers as numbers on purpose; a spreadsheet reads them so).
 */
export function isFormulaCell(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(cell);
}

/** Where the generator put things: paths are relative to the library root, with `/` separators. */
export interface XssLibrary {
  readonly root: string;
  /** TensorBoard runs, one per payload that fits a folder name: folder (= run name) → payload id. */
  readonly tensorboardRuns: ReadonlyMap<string, string>;
  /** The TensorBoard run that also carries every payload as a metric tag and as hparams. */
  readonly richRun: string;
  /** The metric tags of `richRun` that are payloads: tag → payload id. */
  readonly payloadTags: ReadonlyMap<string, string>;
  /** MLflow runs named (mlflow.runName) with the payloads that cannot be folder names: run path → payload id. */
  readonly mlflowRuns: ReadonlyMap<string, string>;
  readonly hfRun: string;
  /** The raw log: every payload on a line of its own, and an OOM and a permission error the diagnosis rules match. */
  readonly logRun: string;
  /** lm-eval runs: a base model and one whose folder name is a payload. */
  readonly evalBase: string;
  readonly evalTuned: string;
  /** Eval tasks named by payloads (results only): an attribute breakout, a spreadsheet formula, a LaTeX command. */
  readonly payloadTask: string;
  readonly csvTask: string;
  readonly latexTask: string;
}

const BASE_SEC = 1_704_067_200; // 2024-01-01T00:00:00Z
const EVAL_DATE = '2024-01-02T10-00-00.000000';

async function put(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

function tensorboardEvents(hparams: Record<string, string | number>, tags: readonly string[], seed: number): Uint8Array {
  const events: EventSpec[] = [{ kind: 'file-version', wallTime: BASE_SEC }, { kind: 'hparams-start', wallTime: BASE_SEC, hparams }];
  for (let step = 10; step <= 100; step += 10) {
    const t = BASE_SEC + step;
    events.push({ kind: 'scalar', wallTime: t, step, tag: 'loss', value: 2.5 * Math.exp(-step / (40 + seed)) + 0.3 });
    tags.forEach((tag, k) => events.push({ kind: 'scalar', wallTime: t, step, tag, value: k + step / 100 }));
  }
  return encodeEventFile(events);
}

/**
 * Plotted `step:N - key:value` lines, two failures the diagnosis rules know (an OOM whose message carries a payload,
 * a permission error on a payload path), then every payload on a line of its own: inside the log view's context of
 * the root cause, so opening the log shows them.
 */
function rawLog(corpus: XssCorpus): string {
  const lines: string[] = ['[2024-01-01 00:00:00] starting training run'];
  for (let step = 1; step <= 8; step++) lines.push(`step:${step} - loss:${(2 - step * 0.1).toFixed(3)} - lr:0.0001`);
  lines.push(`PermissionError: [Errno 13] Permission denied: '${payloadText(corpus, 'img-onerror').replace(/'/g, '"')}'`);
  lines.push(`torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB ${payloadText(corpus, 'script')}`);
  for (const p of corpus.payloads) lines.push(`[2024-01-01 00:01:00] WARNING sample text: ${p.text.replace(/[\r\n]/g, ' ')}`);
  lines.push('Traceback (most recent call last):');
  lines.push(`  File "train.py", line 42, in <module> ${payloadText(corpus, 'svg-foreign')}`);
  return `${lines.join('\n')}\n`;
}

/** One lm-eval results file: gsm8k (with samples) plus tasks named by payloads (results only). */
function evalResults(model: string, gsm8k: number, payloadTasks: readonly string[], other: number, samples: number): string {
  const results: Record<string, Record<string, string | number>> = { gsm8k: { alias: 'gsm8k', 'exact_match,strict-match': gsm8k, 'exact_match_stderr,strict-match': 0.05 } };
  const perTask = <T>(g: T, t: (task: string) => T): Record<string, T> => Object.fromEntries([['gsm8k', g], ...payloadTasks.map((task) => [task, t(task)] as const)]);
  payloadTasks.forEach((task, k) => {
    results[task] = { alias: task, 'acc,none': other + k / 100, 'acc_stderr,none': 0.04 };
  });
  const doc = {
    results,
    group_subtasks: perTask<string[]>([], () => []),
    configs: perTask<Record<string, string>>({ task: 'gsm8k', output_type: 'generate_until' }, (task) => ({ task, output_type: 'multiple_choice' })),
    versions: perTask(3, () => 1),
    'n-shot': perTask(0, () => 0),
    higher_is_better: perTask<Record<string, boolean>>({ exact_match: true }, () => ({ acc: true })),
    'n-samples': perTask({ original: samples, effective: samples }, () => ({ original: 100, effective: 100 })),
    config: { model: 'hf', model_args: `pretrained=${model},dtype=bfloat16`, batch_size: 'auto', device: 'cuda:0', limit: null, bootstrap_iters: 1000, random_seed: 0 },
    git_hash: 'abc1234',
    date: BASE_SEC + 86_400,
    model_name: model,
    lm_eval_version: '0.4.8',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * gsm8k samples, one document per payload: the payload is the question, the prompt, the target and (for the tuned
 * model, or the base model on odd documents) the response, so both the list and the word diff show it. The base model
 * is right on even documents, the tuned one on odd ones: every document flips.
 */
function evalSamples(corpus: XssCorpus, tuned: boolean): string {
  return corpus.payloads
    .map((p, i) => {
      const right = tuned ? i % 2 === 1 : i % 2 === 0;
      const answer = right ? p.text : `${p.text} (wrong ${tuned ? 'tuned' : 'base'})`;
      const rec = {
        doc_id: i,
        doc: { question: `Q${i}: ${p.text}`, answer: p.text },
        target: p.text,
        arguments: { gen_args_0: { arg_0: `Question: ${p.text}\nAnswer:`, arg_1: { until: ['Question:'], do_sample: false } } },
        resps: [[answer]],
        filtered_resps: [answer],
        filter: 'strict-match',
        metrics: ['exact_match'],
        doc_hash: `doc${String(i).padStart(4, '0')}`,
        exact_match: right ? 1 : 0,
      };
      return JSON.stringify(rec);
    })
    .join('\n')
    .concat('\n');
}

/**
 * Writes the library into `root` (created if missing) and says where everything is. Deterministic: the same corpus
 * always gives the same bytes, so a failure names the same run every time.
 */
export async function writeXssLibrary(root: string, corpus: XssCorpus = loadXssCorpus()): Promise<XssLibrary> {
  const payloads = corpus.payloads;
  const asName = payloads.filter((p) => fitsFileName(p.text));
  const notAsName = payloads.filter((p) => !fitsFileName(p.text));
  if (asName.length === 0) throw new Error('no payload fits a folder name');

  // Every payload as an hparam value, and the folder-safe ones as keys too.
  const hparams: Record<string, string | number> = { lr: 0.0003, optimizer: 'adamw' };
  for (const p of payloads) hparams[`xss.${p.id}`] = p.text;
  for (const p of asName) hparams[p.text] = p.id;

  const tensorboardRuns = new Map<string, string>();
  const payloadTags = new Map<string, string>();
  for (const p of payloads) payloadTags.set(p.kind === 'html' ? `train/${p.text}` : p.text, p.id);
  let richRun = '';
  for (const [k, p] of asName.entries()) {
    const rel = `tb/${p.text}`;
    const rich = k === 0;
    if (rich) richRun = rel;
    const own: Record<string, string | number> = rich ? hparams : { lr: 0.0001 * (k + 1), optimizer: 'adamw', note: p.text, [p.text]: p.id };
    await put(path.join(root, 'tb', p.text, `events.out.tfevents.${BASE_SEC}.xss-host.${100 + k}.0`), tensorboardEvents(own, rich ? [...payloadTags.keys()] : [], k));
  }
  for (const p of asName) tensorboardRuns.set(`tb/${p.text}`, p.id);

  const mlflowRuns = new Map<string, string>();
  await put(path.join(root, 'mlruns', '0', 'meta.yaml'), ['artifact_location: file:///mlruns/0', `creation_time: ${BASE_SEC * 1000}`, "experiment_id: '0'", 'lifecycle_stage: active', 'name: xss', ''].join('\n'));
  for (const [k, p] of notAsName.entries()) {
    const id = `${(k + 1).toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
    const dir = path.join(root, 'mlruns', '0', id);
    const startMs = (BASE_SEC + k * 600) * 1000;
    const meta = [`artifact_uri: file:///mlruns/0/${id}/artifacts`, `end_time: ${startMs + 100_000}`, "experiment_id: '0'", 'lifecycle_stage: active', `run_id: ${id}`, `run_name: xss-mlflow-${k}`, `run_uuid: ${id}`, 'source_type: 4', `start_time: ${startMs}`, 'status: 3', 'user_id: xss', ''].join('\n');
    await put(path.join(dir, 'meta.yaml'), meta);
    await put(path.join(dir, 'metrics', 'loss'), Array.from({ length: 10 }, (_, i) => `${startMs + i * 1000} ${(2 - i * 0.1 - k * 0.01).toFixed(4)} ${(i + 1) * 10}`).join('\n').concat('\n'));
    await put(path.join(dir, 'params', 'learning_rate'), String(0.0001 * (k + 1)));
    await put(path.join(dir, 'params', `payload_${p.id}`), p.text);
    await put(path.join(dir, 'tags', 'mlflow.runName'), p.text);
    await put(path.join(dir, 'tags', 'mlflow.note.content'), p.text);
    mlflowRuns.set(`mlruns/0/${id}`, p.id);
  }

  // HF Trainer: the folder is a payload, trial name and trial params are payloads, a log_history key is one.
  const hfName = payloadText(corpus, 'template');
  const hfRun = `hf/${fitsFileName(hfName) ? hfName : 'template'}`;
  const trialParams: Record<string, string> = {};
  for (const p of payloads) trialParams[p.id] = p.text;
  const history = Array.from({ length: 10 }, (_, i) => ({ epoch: (i + 1) / 10, grad_norm: 1 + i / 10, learning_rate: 5e-5, loss: 2 - i * 0.12, step: (i + 1) * 5, [payloadText(corpus, 'attr-sq')]: i / 10 }));
  const state = (upTo: number) => ({
    best_metric: null,
    best_model_checkpoint: null,
    epoch: upTo / 10,
    eval_steps: 500,
    global_step: upTo * 5,
    is_hyper_param_search: true,
    is_local_process_zero: true,
    is_world_process_zero: true,
    log_history: history.slice(0, upTo),
    logging_steps: 5,
    max_steps: 50,
    num_train_epochs: 1,
    save_steps: 25,
    total_flos: 1e12,
    train_batch_size: 8,
    trial_name: payloadText(corpus, 'iframe-srcdoc'),
    trial_params: trialParams,
  });
  await put(path.join(root, hfRun, 'checkpoint-25', 'trainer_state.json'), `${JSON.stringify(state(5), null, 2)}\n`);
  await put(path.join(root, hfRun, 'trainer_state.json'), `${JSON.stringify(state(10), null, 2)}\n`);
  const modelConfig: Record<string, string | number> = { model_type: 'llama', hidden_size: 64, _name_or_path: payloadText(corpus, 'script') };
  for (const p of asName) modelConfig[p.text] = p.id;
  await put(path.join(root, hfRun, 'config.json'), `${JSON.stringify(modelConfig, null, 2)}\n`);

  const logName = payloadText(corpus, 'svg-onload');
  const logRun = `logs/${fitsFileName(`${logName}.log`) ? logName : 'train'}.log`;
  await put(path.join(root, logRun), rawLog(corpus));

  const payloadTask = payloadText(corpus, 'attr-dq');
  const csvTask = payloadText(corpus, 'csv-hyperlink');
  const latexTask = payloadText(corpus, 'latex-input');
  const tasks = [payloadTask, csvTask, latexTask];
  const tunedName = payloadText(corpus, 'attr-sq');
  const evalBase = 'evals/base-model';
  const evalTuned = `evals/${fitsFileName(tunedName) ? tunedName : 'tuned-model'}`;
  await put(path.join(root, evalBase, `results_${EVAL_DATE}.json`), evalResults('xss-org/base-model', 0.5, tasks, 0.6, payloads.length));
  await put(path.join(root, evalBase, `samples_gsm8k_${EVAL_DATE}.jsonl`), evalSamples(corpus, false));
  await put(path.join(root, evalTuned, `results_${EVAL_DATE}.json`), evalResults(`xss-org/${payloadText(corpus, 'js-url')}`, 0.45, tasks, 0.7, payloads.length));
  await put(path.join(root, evalTuned, `samples_gsm8k_${EVAL_DATE}.jsonl`), evalSamples(corpus, true));
  // A mixture whose source, domain and generator names are payloads (the audit shows each).
  const sources = payloads.slice(0, 6).map((p, i) => ({ name: p.text, domain: i < 3 ? payloadText(corpus, 'script') : 'math', generator: i % 2 === 0 ? payloadText(corpus, 'img-onerror') : undefined, synthetic: i % 2 === 0, tokens: 1000 * (i + 1) }));
  await put(path.join(root, 'evals', 'data_mixture.json'), `${JSON.stringify({ unit: 'tokens', cap: 0.3, sources }, null, 2)}\n`);

  return { root, tensorboardRuns, richRun, payloadTags, mlflowRuns, hfRun, logRun, evalBase, evalTuned, payloadTask, csvTask, latexTask };
}
