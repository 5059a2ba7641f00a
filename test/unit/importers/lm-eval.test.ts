import { describe, expect, it } from 'vitest';
import { lmEvalImporter } from '../../../main/importers/lm-eval';
import { looksLikeResults } from '../../../main/importers/lm-eval/detect';
import { checkpointStepIn, parseModelArgs } from '../../../main/importers/lm-eval/model';
import { dateIdOf, undatedStem } from '../../../main/importers/lm-eval/names';
import type { Detection, DirNode, Peek } from '../../../shared/importers/importer';
import type { CheckpointRecord, ConfigRecord, EvalResultRecord, EvalSampleRecord, ImportRecord, RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource } from '../../helpers/importers';

const enc = new TextEncoder();

/** A DirNode plus a Peek over in-memory files keyed by their path relative to the source root. */
function memoryDir(relPath: string, files: Record<string, string>): { dir: DirNode; peek: Peek } {
  const dir: DirNode = {
    relPath,
    name: relPath.split('/').pop() ?? '',
    files: Object.entries(files).map(([name, text]) => ({ name, size: enc.encode(text).length, mtimeMs: 0 })),
    dirs: [],
  };
  const peek: Peek = async (rel, bytes) => {
    const name = rel.slice(relPath === '' ? 0 : relPath.length + 1);
    const text = files[name];
    if (text === undefined) throw new Error(`ENOENT ${rel}`);
    return enc.encode(text).subarray(0, bytes);
  };
  return { dir, peek };
}

const detections = async (relPath: string, files: Record<string, string>): Promise<Detection[]> => {
  const { dir, peek } = memoryDir(relPath, files);
  const d = await lmEvalImporter.detect(dir, peek);
  return d === null ? [] : Array.isArray(d) ? (d as Detection[]) : [d as Detection];
};

const evals = (recs: ImportRecord[]) => recs.filter((r): r is EvalResultRecord => r.kind === 'eval');
const warnings = (recs: ImportRecord[]) => recs.filter((r): r is WarningRecord => r.kind === 'warning');
const meta = (recs: ImportRecord[]) => recs.find((r): r is RunMetaRecord => r.kind === 'run-meta');
const config = (recs: ImportRecord[]) => recs.find((r): r is ConfigRecord => r.kind === 'config')?.entries;

/** A v0.4.3+ results file. */
const v04 = (o: { date?: number; model?: string; args?: string; results?: object; extra?: object } = {}) =>
  JSON.stringify({
    results: o.results ?? {
      gsm8k: { alias: 'gsm8k', 'exact_match,strict-match': 0.5, 'exact_match_stderr,strict-match': 0.01, 'exact_match,flexible-extract': 0.52, 'exact_match_stderr,flexible-extract': 'N/A' },
    },
    'n-shot': { gsm8k: 5 },
    'higher_is_better': { gsm8k: { exact_match: true } },
    'n-samples': { gsm8k: { original: 1319, effective: 100 } },
    config: { model: 'hf', model_args: o.args ?? `pretrained=${o.model ?? 'org/m'},dtype=bfloat16`, batch_size: 8, limit: 100 },
    versions: { gsm8k: 3 },
    git_hash: 'abc1234',
    date: o.date ?? 1724211836.5,
    model_name: o.model ?? 'org/m',
    total_evaluation_time_seconds: '120.5',
    ...o.extra,
  });

/** A v0.3 file: bare metric names, config after results (and past the first 4 KB when padded). */
const v03 = (revision: string, padTasks = 0) => {
  const results: Record<string, object> = { arc_easy: { acc: 0.25, acc_stderr: 0.01, acc_norm: 0.26, acc_norm_stderr: 0.011 } };
  for (let i = 0; i < padTasks; i++) results[`hendrycksTest-subject_${i}`] = { acc: i / 100, acc_stderr: 0.02, acc_norm: 0.3, acc_norm_stderr: 0.02 };
  return JSON.stringify(
    { results, versions: { arc_easy: 0 }, config: { model: 'hf-causal', model_args: `pretrained=EleutherAI/pythia-410m,revision=${revision}`, num_fewshot: 0, batch_size: 16 } },
    null,
    2,
  );
};

describe('lm-eval names and model args', () => {
  it.each([
    ['results_2024-12-23T14-45-44.695233.json', '2024-12-23T14-45-44.695233', 'results'],
    ['truthfulqa_gen_neo125_2025-05-31T14-30-51.983293.json', '2025-05-31T14-30-51.983293', 'truthfulqa_gen_neo125'],
    ['pythia-1.3b-deduped-step71500_eval_results_01-20-2023-15-13-07.json', '01-20-2023-15-13-07', 'pythia-1.3b-deduped-step71500_eval_results'],
    ['410m-deduped_step0.json', null, '410m-deduped_step0'],
    ['samples_asdiv_2024-08-21T03-44-09.494230.jsonl', '2024-08-21T03-44-09.494230', 'samples_asdiv'],
  ])('%s: date id %s, stem %s', (name, id, stem) => {
    expect(dateIdOf(name)).toBe(id);
    expect(undatedStem(name)).toBe(stem);
  });

  it.each([
    ['step143000', 143000],
    ['out/checkpoint-500', 500],
    ['../prompt-pursuit/results/aug17/gsm8k_8shot_pursue_numq_1000_r16_lr1e-6/epoch_62', 62],
    ['/ckpts/run_epoch_3/checkpoint-500', 500],
    ['/ckpts/global_step100', 100],
    ['meta-llama/Meta-Llama-3-8B-Instruct', null],
    ['gsm8k_8shot', null],
    ['steps_of_llama', null],
  ])('checkpoint step in %s is %s', (p, step) => {
    expect(checkpointStepIn(p)).toBe(step);
  });

  it('splits model_args like the harness, keeping a comma that belongs to a value', () => {
    expect(parseModelArgs('pretrained=/data/a,b/model,revision=step10,dtype=bf16')).toEqual({ pretrained: '/data/a,b/model', revision: 'step10', dtype: 'bf16' });
    expect(parseModelArgs('')).toEqual({});
  });
});

describe('lm-eval detect', () => {
  it('claims a v0.4.3 model folder: results then its samples, one run at the folder', async () => {
    const d = await detections('out/org__m', {
      'results_2024-08-21T04-27-29.701325.json': v04({ date: 2 }),
      'results_2024-08-21T03-44-09.494230.json': v04({ date: 1 }),
      'samples_gsm8k_2024-08-21T03-44-09.494230.jsonl': '{}\n',
      'summary.json': '{"elapsed_time": 3, "gpu": "A100"}',
      'trainer_state.json': '{"global_step": 3, "log_history": []}',
    });
    expect(d).toEqual([
      {
        confidence: 0.9,
        files: ['out/org__m/results_2024-08-21T03-44-09.494230.json', 'out/org__m/results_2024-08-21T04-27-29.701325.json', 'out/org__m/samples_gsm8k_2024-08-21T03-44-09.494230.jsonl'],
      },
    ]);
  });

  it('splits a folder of several models (a checkpoint series) into runs named by file, even when config is past the peek', async () => {
    const step0 = v03('step0', 60);
    expect(step0.indexOf('"config"')).toBeGreaterThan(4096);
    const d = await detections('zero-shot', { '410m_step0.json': step0, '410m_step1000.json': v03('step1000', 60) });
    expect(d.map((x) => [x.runPath, x.files])).toEqual([
      ['zero-shot/410m_step0', ['zero-shot/410m_step0.json']],
      ['zero-shot/410m_step1000', ['zero-shot/410m_step1000.json']],
    ]);
  });

  it('merges one JSON per task of one model, and names clashing runs after their model', async () => {
    const merged = await detections('openllm', { 'arc.json': v04({ date: 1 }), 'gsm8k.json': v04({ date: 2 }) });
    expect(merged).toEqual([{ confidence: 0.9, files: ['openllm/arc.json', 'openllm/gsm8k.json'] }]);
    const clash = await detections('', {
      'results_2024-01-01T00-00-00.json': v04({ model: 'org/a' }),
      'results_2024-01-02T00-00-00.json': v04({ model: 'org/b' }),
      'samples_gsm8k_2024-01-02T00-00-00.jsonl': '{}\n',
      'samples_gsm8k_2023-01-01T00-00-00.jsonl': '{}\n',
    });
    // The unpaired samples file is left alone: with two models in the folder it could be either's.
    expect(clash.map((x) => [x.runPath, x.files])).toEqual([
      ['results__org__a', ['results_2024-01-01T00-00-00.json']],
      ['results__org__b', ['results_2024-01-02T00-00-00.json', 'samples_gsm8k_2024-01-02T00-00-00.jsonl']],
    ]);
  });

  it('keeps a `..__` folder name (a sanitized local path) as it is', async () => {
    const d = await detections('asdiv/..__ckpt__epoch_5', { 'results_2024-08-21T04-41-31.747564.json': v04({ model: '../ckpt/epoch_5' }) });
    expect(d).toEqual([{ confidence: 0.9, files: ['asdiv/..__ckpt__epoch_5/results_2024-08-21T04-41-31.747564.json'] }]);
  });

  it('ignores JSON that is not harness output', async () => {
    expect(await detections('x', {
      'all_results.json': '{"eval_loss": 0.5, "epoch": 3.0}',
      'eval_results.json': '{"results": {"accuracy": 0.5}}',
      'evaluation_results.json': '{"perplexity": 6176.2, "mmlu": {"accuracy": 0.25}}',
      'list.json': '[{"results": {}}]',
      'notes.txt': '"results": {"acc_stderr": 1}',
    })).toEqual([]);
    expect(looksLikeResults('\uFEFF  {"results": {"arc": {"acc": 0.2, "acc_stderr": 0.01')).toBe(true);
    expect(looksLikeResults('{"results": [{"task_name": "wino_bias", "prompt_name": "p", "em": 0.4')).toBe(true);
  });
});

describe('lm-eval parse', () => {
  it('reads v0.4 metric keys: filter after the last comma, "N/A" stderr as null, alias skipped, groups kept', async () => {
    const results = {
      mmlu: { 'acc,none': 0.65, 'acc_stderr,none': 0.003, alias: 'mmlu' },
      mmlu_law: { 'acc,none': 0.5, 'acc_stderr,none': 0.01, alias: ' - law', sample_len: 7 },
      f1: { 'f1,macro,none': 0.4, 'bleu,none': Number.NaN, name: 'x', skip: null, flag: true },
    };
    // Python's json.dumps writes NaN as a bare token.
    const text = v04({ results, extra: { groups: { mmlu: results.mmlu, stem_only: { 'acc,none': 0.7 } } } }).replace('"bleu,none":null', '"bleu,none":NaN');
    expect(text).toContain('"bleu,none":NaN');
    const recs = await collect(lmEvalImporter, memorySource({ 'out/results_2024-01-01T00-00-00.json': text }, 'out'));
    const got = evals(recs).map((e) => [e.task, e.metric, e.filter, e.value, e.stderr, e.nSamples]);
    expect(got).toEqual([
      ['mmlu', 'acc', 'none', 0.65, 0.003, null],
      ['mmlu_law', 'acc', 'none', 0.5, 0.01, 7],
      ['f1', 'f1,macro', 'none', 0.4, null, null],
      ['f1', 'bleu', 'none', Number.NaN, null, null],
      ['stem_only', 'acc', 'none', 0.7, null, null],
    ]);
    expect(warnings(recs)).toEqual([]);
  });

  it('gives stderr, direction and effective sample count; config flattened with model_args split; run meta', async () => {
    const recs = await collect(lmEvalImporter, memorySource({ 'out/results_2024-01-01T00-00-00.json': v04() }, 'out'));
    expect(evals(recs)).toEqual([
      { kind: 'eval', task: 'gsm8k', metric: 'exact_match', filter: 'strict-match', value: 0.5, stderr: 0.01, higherIsBetter: true, nSamples: 100, file: 'out/results_2024-01-01T00-00-00.json' },
      { kind: 'eval', task: 'gsm8k', metric: 'exact_match', filter: 'flexible-extract', value: 0.52, stderr: null, higherIsBetter: true, nSamples: 100, file: 'out/results_2024-01-01T00-00-00.json' },
    ]);
    expect(config(recs)).toMatchObject({
      'config.model': 'hf',
      'config.model_args': 'pretrained=org/m,dtype=bfloat16',
      'config.model_args.pretrained': 'org/m',
      'config.model_args.dtype': 'bfloat16',
      'config.limit': 100,
      'n-shot.gsm8k': 5,
      'versions.gsm8k': 3,
      'n-samples.gsm8k.effective': 100,
      git_hash: 'abc1234',
    });
    expect(config(recs)).not.toHaveProperty('results.gsm8k.alias');
    expect(meta(recs)).toEqual({ kind: 'run-meta', name: 'org/m', status: 'finished', wallStartSec: 1724211836.5, wallEndSec: 1724211957 });
    expect(recs.filter((r) => r.kind === 'checkpoint')).toEqual([]);
  });

  it('reads v0.3 bare keys with the filter "none", and the checkpoint from the revision', async () => {
    const recs = await collect(lmEvalImporter, memorySource({ 'z/410m_step1000.json': v03('step1000') }, 'z/410m_step1000'));
    expect(evals(recs).map((e) => [e.task, e.metric, e.filter, e.value, e.stderr, e.higherIsBetter])).toEqual([
      ['arc_easy', 'acc', 'none', 0.25, 0.01, null],
      ['arc_easy', 'acc_norm', 'none', 0.26, 0.011, null],
    ]);
    expect(meta(recs)).toEqual({ kind: 'run-meta', name: 'EleutherAI/pythia-410m@step1000', status: 'finished' });
    expect(recs.filter((r): r is CheckpointRecord => r.kind === 'checkpoint')).toEqual([{ kind: 'checkpoint', path: 'EleutherAI/pythia-410m@step1000', step: 1000 }]);
  });

  it('takes direction from the task config when higher_is_better is absent (v0.4.0–0.4.2)', async () => {
    const text = JSON.stringify({
      results: { ppl_task: { 'word_perplexity,none': 12.5 } },
      configs: { ppl_task: { metric_list: [{ metric: 'word_perplexity', aggregation: 'weighted_perplexity', higher_is_better: false }] } },
      versions: { ppl_task: 1 },
    });
    const recs = await collect(lmEvalImporter, memorySource({ 'a/ppl.json': text }, 'a'));
    expect(evals(recs)[0]).toMatchObject({ metric: 'word_perplexity', higherIsBetter: false, value: 12.5 });
    expect(meta(recs)?.name).toBe('ppl');
  });

  it('lets the newest file win a metric two files of the run hold, whatever the listing order', async () => {
    const older = v04({ date: 100, results: { gsm8k: { 'exact_match,strict-match': 0.1 }, arc: { 'acc,none': 0.3 } } });
    const newer = v04({ date: 200, results: { gsm8k: { 'exact_match,strict-match': 0.9 } } });
    const recs = await collect(lmEvalImporter, memorySource({ 'm/b.json': newer, 'm/a.json': older }, 'm'));
    expect(evals(recs).map((e) => [e.task, e.value, e.file])).toEqual([
      ['gsm8k', 0.9, 'm/b.json'],
      ['arc', 0.3, 'm/a.json'],
    ]);
    expect(meta(recs)).toMatchObject({ wallStartSec: 100, wallEndSec: 320.5 });
  });

  it('reads the GPT-NeoX wrapper: nested model_args, checkpoint from load + iteration', async () => {
    const text = JSON.stringify({
      results: { piqa: { acc: 0.7, acc_stderr: 0.01 } },
      versions: { piqa: 0 },
      config: { model: 'neox', model_args: { load: '/ckpts/1.3B', iteration: 71500, wandb_group: 'g', pretrained: null, config_files: { 'a.yml': { 'num-layers': 24 } } }, num_fewshot: 0 },
    });
    const recs = await collect(lmEvalImporter, memorySource({ 'b/x_eval_results_01-20-2023-15-13-07.json': text }, 'b/x'));
    expect(meta(recs)?.name).toBe('/ckpts/1.3B/global_step71500');
    expect(recs.filter((r) => r.kind === 'checkpoint')).toEqual([{ kind: 'checkpoint', path: '/ckpts/1.3B/global_step71500', step: 71500 }]);
    expect(config(recs)).toMatchObject({ 'config.model_args.load': '/ckpts/1.3B', 'config.model_args.config_files.a.yml.num-layers': 24, 'config.model_args.pretrained': null });
  });

  it('warns clearly, without crashing, when "results" is a list (promptsource fork)', async () => {
    const list = { results: [{ task_name: 'wino_bias_type1_pro', prompt_name: 'p', em: 0.45 }], versions: {}, config: { model: 'neox' } };
    const without = await collect(lmEvalImporter, memorySource({ 'w/eval_results.json': JSON.stringify(list) }, 'w'));
    expect(evals(without)).toEqual([]);
    expect(warnings(without)).toEqual([{ kind: 'warning', file: 'w/eval_results.json', offset: null, message: expect.stringMatching(/"results" is a list.*no eval numbers/) }]);
    const table = { ...list, table_results: { 'wino_bias_type1_pro+p': { task_name: 'wino_bias_type1_pro', prompt_name: 'p', em: 0.45, em_stderr: 0.02 } } };
    const withTable = await collect(lmEvalImporter, memorySource({ 'w/eval_results.json': JSON.stringify(table) }, 'w'));
    expect(evals(withTable).map((e) => [e.task, e.metric, e.value, e.stderr])).toEqual([['wino_bias_type1_pro+p', 'em', 0.45, 0.02]]);
    expect(warnings(withTable)[0]?.message).toMatch(/table_results/);
  });

  it('keeps the complete task entries of a results file cut mid-write, with a warning at the byte it stops', async () => {
    const full = JSON.stringify({ results: { a: { 'acc,none': 0.1 }, b: { 'acc,none': 0.2 }, c: { 'acc,none': 0.3 } }, versions: {} }, null, 1);
    const cut = full.slice(0, full.indexOf('"c"') + 12);
    const recs = await collect(lmEvalImporter, memorySource({ 'r/results_2024-01-01T00-00-00.json': cut }, 'r'));
    expect(evals(recs).map((e) => e.task)).toEqual(['a', 'b']);
    expect(warnings(recs)).toEqual([{ kind: 'warning', file: 'r/results_2024-01-01T00-00-00.json', offset: cut.length, message: expect.stringContaining(`line 10 (byte ${cut.length}): kept the 2 task entries`) }]);
    expect(meta(recs)?.status).toBe('unknown');
  });

  it('gives warnings byte offsets (the shared convention), not characters or lines', async () => {
    const file = 'r/results_2024-01-01T00-00-00.json';
    const full = new TextEncoder().encode(JSON.stringify({ config: { model: 'modèle-模型' }, results: { a: { 'acc,none': 0.1 }, b: { 'acc,none': 0.2 } } }, null, 1));
    const cut = full.subarray(0, full.length - 10);
    expect(warnings(await collect(lmEvalImporter, memorySource({ [file]: cut }, 'r'))).map((w) => w.offset)).toEqual([cut.length]);
    expect(warnings(await collect(lmEvalImporter, memorySource({ [file]: '' }, 'r'))).map((w) => [w.offset, w.message])).toEqual([[0, 'The file is empty.']]);
    const samples = 'm/samples_x_2024-01-01T00-00-00.jsonl';
    const text = `{"doc_id": 0, "target": "模型"}\n{"doc_id": 1, "tar`;
    const recs = await collect(lmEvalImporter, memorySource({ [samples]: text }, 'm'));
    expect(warnings(recs).map((w) => w.offset)).toEqual([new TextEncoder().encode(text.slice(0, text.indexOf('\n') + 1)).length]);
  });

  it('turns an unreadable file into a warning', async () => {
    const src = memorySource({ 'm/a.json': v04() }, 'm');
    const recs = await collect(lmEvalImporter, { ...src, files: ['m/missing.json', 'm/a.json'] });
    expect(warnings(recs)).toEqual([{ kind: 'warning', file: 'm/missing.json', offset: null, message: expect.stringContaining('Could not read') }]);
    expect(evals(recs)).toHaveLength(2);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const out: ImportRecord[] = [];
    for await (const r of lmEvalImporter.parse(memorySource({ 'm/a.json': v04() }, 'm'), ac.signal)) out.push(r);
    expect(out).toEqual([]);
  });
});

describe('lm-eval samples', () => {
  const line = (o: object) => JSON.stringify(o);
  const gen = {
    doc_id: 0,
    doc: { question: 'q' },
    target: 'Paris',
    arguments: { gen_args_0: { arg_0: 'Q: capital of France?\nA:', arg_1: { until: ['\n'] } } },
    resps: [['Paris']],
    filtered_resps: ['Paris'],
    filter: 'strict-match',
    metrics: ['exact_match'],
    doc_hash: 'h0',
    prompt_hash: 'p0',
    exact_match: 1.0,
    bleu_unlisted: 3,
  };
  const mc = { doc_id: 1, target: 2, arguments: { gen_args_0: { arg_0: 'ctx', arg_1: ' a' }, gen_args_1: { arg_0: 'ctx', arg_1: ' b' } }, resps: [[['-1.5', 'False']]], filtered_resps: [['-1.5', 'False']], doc_hash: 'h1', acc: 0, acc_norm: 1 };
  const chat = { doc_id: 2, target: 'x', arguments: { gen_args_0: { arg_0: ['[{"role": "user", "content": "hi"}]'], arg_1: {} } }, filtered_resps: ['[invalid]'], exact_match: 0 };

  it('reads one record per line: prompt, response, target, per-sample metrics, filter', async () => {
    const text = [line(gen), line(mc), line(chat)].join('\n') + '\n';
    const recs = await collect(lmEvalImporter, memorySource({ 'm/samples_truthfulqa_gen_2025-05-31T14-30-51.983293.jsonl': text }, 'm'));
    const samples = recs.filter((r): r is EvalSampleRecord => r.kind === 'eval-sample');
    expect(samples).toEqual([
      { kind: 'eval-sample', task: 'truthfulqa_gen', filter: 'strict-match', docId: 0, docHash: 'h0', target: 'Paris', prompt: 'Q: capital of France?\nA:', response: 'Paris', metrics: { exact_match: 1 }, file: 'm/samples_truthfulqa_gen_2025-05-31T14-30-51.983293.jsonl', category: null, extras: null },
      { kind: 'eval-sample', task: 'truthfulqa_gen', filter: 'none', docId: 1, docHash: 'h1', target: '2', prompt: 'ctx', response: '["-1.5","False"]', metrics: { acc: 0, acc_norm: 1 }, file: 'm/samples_truthfulqa_gen_2025-05-31T14-30-51.983293.jsonl', category: null, extras: null },
      { kind: 'eval-sample', task: 'truthfulqa_gen', filter: 'none', docId: 2, docHash: null, target: 'x', prompt: '[{"role": "user", "content": "hi"}]', response: '[invalid]', metrics: { exact_match: 0 }, file: 'm/samples_truthfulqa_gen_2025-05-31T14-30-51.983293.jsonl', category: null, extras: null },
    ]);
    expect(warnings(recs)).toEqual([]);
  });

  it("takes a sample's category from its doc: the first of the known fields that holds a short string or number", async () => {
    const docs = [{ subject: 'anatomy', category: 'Misconceptions' }, { subject: 'anatomy' }, { bias_type: 'race-color' }, { target_group: 7 }, { category: '  ' }, { category: { x: 1 } }, { subject: 'x'.repeat(300) }];
    const text = docs.map((doc, i) => line({ ...mc, doc_id: i, doc })).join('\n');
    const recs = await collect(lmEvalImporter, memorySource({ 'm/samples_mmlu_2024-01-01T00-00-00.jsonl': text }, 'm'));
    expect(recs.filter((r): r is EvalSampleRecord => r.kind === 'eval-sample').map((r) => r.category)).toEqual(['Misconceptions', 'anatomy', 'race-color', '7', null, null, null]);
  });

  it("keeps the doc fields and list scores the audit reads (paraphrase groups, IFEval instructions), nothing else", async () => {
    const samples = [
      { ...mc, doc_id: 0, doc: { question: 'q', paraphrase_group: 'g1', variant: 'paraphrase', domain: 'medicine', answer: 'a' } },
      { ...mc, doc_id: 1, doc: { prompt: 'p', instruction_id_list: ['punctuation:no_comma', 'keywords:forbidden_words'] }, inst_level_strict_acc: [true, false], prompt_level_strict_acc: false },
      { ...mc, doc_id: 2, doc: { question: 'plain', language: 'x'.repeat(600) } },
    ];
    const text = samples.map((s) => line(s)).join('\n');
    const recs = await collect(lmEvalImporter, memorySource({ 'm/samples_x_2024-01-01T00-00-00.jsonl': text }, 'm'));
    expect(recs.filter((r): r is EvalSampleRecord => r.kind === 'eval-sample').map((r) => r.extras)).toEqual([
      { paraphrase_group: 'g1', variant: 'paraphrase', domain: 'medicine' },
      { instruction_id_list: ['punctuation:no_comma', 'keywords:forbidden_words'], inst_level_strict_acc: [true, false] },
      null,
    ]);
  });

  it('keeps 0/1 metrics logged as booleans, as numbers', async () => {
    const text = line({ ...mc, doc_id: 0, acc: true, acc_norm: false });
    const recs = await collect(lmEvalImporter, memorySource({ 'm/samples_mmlu_2024-01-01T00-00-00.jsonl': text }, 'm'));
    expect(recs.filter((r): r is EvalSampleRecord => r.kind === 'eval-sample').map((r) => r.metrics)).toEqual([{ acc: 1, acc_norm: 0 }]);
  });

  it('skips a damaged middle line and flags an unterminated last line, at their byte offsets', async () => {
    const text = `${line(gen)}\r\n{"doc_id": 1, oops}\n\n${line(mc)}\n${line(chat).slice(0, 30)}`;
    const recs = await collect(lmEvalImporter, memorySource({ 'm/samples_x_2024-01-01T00-00-00.jsonl': text }, 'm'));
    expect(recs.filter((r) => r.kind === 'eval-sample').map((r) => (r as EvalSampleRecord).docId)).toEqual([0, 1]);
    expect(warnings(recs).map((w) => [w.file, w.offset, w.message])).toEqual([
      ['m/samples_x_2024-01-01T00-00-00.jsonl', text.indexOf('{"doc_id": 1, oops}'), 'Line 2 is not valid JSON; skipped.'],
      ['m/samples_x_2024-01-01T00-00-00.jsonl', text.lastIndexOf('\n') + 1, expect.stringContaining('last line (5) is incomplete')],
    ]);
  });
});
