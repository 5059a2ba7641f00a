import path from 'node:path';
import type { Counter, Json, RunPlan, Written } from './common';
import { dateStamp, put, pyJsonOrdered } from './common';

// ---------------------------------------------------------------------------------------------------------------
// lm-evaluation-harness v0.4: <model_name_sanitized>/results_<date_id>.json with 60 tasks

const MMLU = [
  'abstract_algebra', 'anatomy', 'astronomy', 'business_ethics', 'clinical_knowledge', 'college_biology', 'college_chemistry', 'college_computer_science',
  'college_mathematics', 'college_medicine', 'college_physics', 'computer_security', 'conceptual_physics', 'econometrics', 'electrical_engineering',
  'elementary_mathematics', 'formal_logic', 'global_facts', 'high_school_biology', 'high_school_chemistry', 'high_school_computer_science',
  'high_school_european_history', 'high_school_geography', 'high_school_government_and_politics', 'high_school_macroeconomics', 'high_school_mathematics',
  'high_school_microeconomics', 'high_school_physics', 'high_school_psychology', 'high_school_statistics', 'high_school_us_history',
  'high_school_world_history', 'human_aging', 'human_sexuality', 'international_law', 'jurisprudence', 'logical_fallacies', 'machine_learning',
  'management', 'marketing', 'medical_genetics', 'miscellaneous', 'moral_disputes', 'moral_scenarios', 'nutrition', 'philosophy', 'prehistory',
  'professional_accounting', 'professional_law', 'professional_medicine',
];
/** 60 tasks: ten common benchmarks and fifty MMLU subjects. */
const TASKS: readonly { name: string; metrics: readonly string[]; hib: Readonly<Record<string, boolean>> }[] = [
  { name: 'arc_challenge', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'arc_easy', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'hellaswag', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'winogrande', metrics: ['acc,none'], hib: { acc: true } },
  { name: 'piqa', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'boolq', metrics: ['acc,none'], hib: { acc: true } },
  { name: 'openbookqa', metrics: ['acc,none', 'acc_norm,none'], hib: { acc: true, acc_norm: true } },
  { name: 'lambada_openai', metrics: ['perplexity,none', 'acc,none'], hib: { perplexity: false, acc: true } },
  { name: 'truthfulqa_mc2', metrics: ['acc,none'], hib: { acc: true } },
  { name: 'gsm8k', metrics: ['exact_match,strict-match', 'exact_match,flexible-extract'], hib: { exact_match: true } },
  ...MMLU.map((s) => ({ name: `mmlu_${s}`, metrics: ['acc,none'], hib: { acc: true } })),
];

export async function writeLmEval(p: RunPlan, count: Counter): Promise<Written> {
  const model = `bench-org/model-${p.index}-${p.rng.pick(['1b', '3b', '8b'])}${p.rng.next() < 0.5 ? '-instruct' : ''}`;
  const dateId = `${dateStamp(p.startSec, 'iso')}.${String(p.rng.int(0, 1_000_000)).padStart(6, '0')}`;
  const skill = p.rng.range(-1, 1);
  const results: { [k: string]: Json } = {};
  const nSamples: { [k: string]: Json } = {};
  let evals = 0;
  for (const task of TASKS) {
    const entry: { [k: string]: Json } = { alias: task.name };
    for (const key of task.metrics) {
      const comma = key.lastIndexOf(',');
      const metric = key.slice(0, comma);
      const value = metric === 'perplexity' ? Math.exp(p.rng.range(1, 3) - skill) : Math.min(1, Math.max(0, 0.5 + 0.15 * skill + 0.08 * p.rng.normal()));
      entry[key] = value;
      entry[`${metric}_stderr${key.slice(comma)}`] = metric === 'perplexity' ? value * 0.03 : Math.sqrt((value * (1 - value)) / 1000);
      evals++;
    }
    results[task.name] = entry;
    const n = p.rng.int(100, 2000);
    nSamples[task.name] = { effective: n, original: n };
  }
  const byTask = <T extends Json>(fn: (t: (typeof TASKS)[number]) => T) => Object.fromEntries(TASKS.map((t) => [t.name, fn(t)])) as { [k: string]: Json };
  // `results` first: detection peeks the first 4 KB for it. The rest in the harness's order.
  const body: [string, Json][] = [
    ['results', results],
    ['group_subtasks', byTask(() => [])],
    ['versions', byTask(() => 1)],
    ['n-shot', byTask(() => 0)],
    ['higher_is_better', byTask((t) => t.hib)],
    ['n-samples', nSamples],
    ['config', { model: 'hf', model_args: `pretrained=${model},dtype=bfloat16`, batch_size: 'auto', device: 'cuda:0', limit: null, bootstrap_iters: 100000, random_seed: 0 }],
    ['git_hash', '8f5a2c1'],
    ['date', p.startSec + 0.318274],
    ['lm_eval_version', '0.4.8'],
    ['model_name', model],
    ['model_name_sanitized', model.replace(/["<>:/|\\?*[\]]+/g, '__')],
    ['total_evaluation_time_seconds', String(Number(p.rng.range(300, 9000).toFixed(4)))],
  ];
  // The harness dumps with indent=2 but keeps insertion order (no sort_keys).
  const text = `{\n${body.map(([k, v]) => `  ${JSON.stringify(k)}: ${pyJsonOrdered(v, '  ')}`).join(',\n')}\n}\n`;
  await put(path.join(p.projectDir, 'evals', model.replace(/["<>:/|\\?*[\]]+/g, '__'), `results_${dateId}.json`), text, count);
  return { points: 0, evals };
}
