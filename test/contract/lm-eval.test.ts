import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { lmEvalImporter } from '../../main/importers/lm-eval';
import { parseTolerantJson } from '../../shared/util/tolerant-json';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

// Expected files come from scripts/verify/lm_eval_counts.py (stdlib Python, written apart from the importer):
// `*-counts.json` = {run: {"eval:<task>|<metric>|<filter>": 1, "samples:<file>": lines}},
// `*-values.json` = {run: {"<task>|<metric>|<filter>": [value, stderr]}}.
type Counts = Record<string, Record<string, number>>;
type Values = Record<string, Record<string, [number, number | null]>>;
type Report = Awaited<ReturnType<typeof inspectFolder>>;

const expected = <T>(name: string): T => parseTolerantJson(readFileSync(path.join(fixturesDir, 'expected', name), 'utf8')) as T;

function countsOf(report: Report): Counts {
  const out: Counts = {};
  for (const r of report.runs) {
    const c: Record<string, number> = {};
    for (const e of r.evals) c[`eval:${e.task}|${e.metric}|${e.filter}`] = (c[`eval:${e.task}|${e.metric}|${e.filter}`] ?? 0) + 1;
    c.samples = r.samples;
    out[r.path] = c;
  }
  return out;
}

/** The Python counts per sample file, summed per run (inspect reports one total per run). */
function withSampleTotals(counts: Counts): Counts {
  const out: Counts = {};
  for (const [run, c] of Object.entries(counts)) {
    const evals = Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith('eval:')));
    const samples = Object.entries(c).filter(([k]) => k.startsWith('samples:')).reduce((a, [, n]) => a + n, 0);
    out[run] = { ...evals, samples };
  }
  return out;
}

function valuesOf(report: Report): Values {
  const out: Values = {};
  for (const r of report.runs) out[r.path] = Object.fromEntries(r.evals.map((e) => [`${e.task}|${e.metric}|${e.filter}`, [e.value, e.stderr]]));
  return out;
}

function checkAgainst(report: Report, countsFile: string, valuesFile: string) {
  expect(report.runs.every((r) => r.format === 'lm-eval')).toBe(true);
  expect(countsOf(report)).toEqual(withSampleTotals(expected<Counts>(countsFile)));
  expect(valuesOf(report)).toEqual(expected<Values>(valuesFile));
}

describe.skipIf(!hasRealdata)('lm-eval on ../shared/realdata/lm-eval matches an independent reader', () => {
  it('every run, every (task, metric, filter) with its exact value and stderr, every sample line', async () => {
    const report = await inspectFolder(path.join(realdataDir, 'lm-eval'), [lmEvalImporter]);
    expect(report.runs).toHaveLength(22);
    checkAgainst(report, 'lm-eval-counts.json', 'lm-eval-values.json');
  });

  it('keeps the oddities the provenance notes list', async () => {
    const report = await inspectFolder(path.join(realdataDir, 'lm-eval'), [lmEvalImporter]);
    const run = (p: string) => {
      const r = report.runs.find((x) => x.path === p);
      if (!r) throw new Error(`no run ${p}`);
      return r;
    };
    // A checkpoint series in one folder: one run per step, each with its checkpoint.
    const zs = 'EleutherAI__pythia/evals/pythia-v1/pythia-410m-deduped/zero-shot';
    for (const step of [0, 1000, 13000, 143000]) {
      const r = run(`${zs}/410m-deduped_step${step}`);
      expect(r.name).toBe(`EleutherAI/pythia-v1.1-410m-deduped@step${step}`);
      expect(r.checkpoints).toEqual([{ path: `EleutherAI/pythia-v1.1-410m-deduped@step${step}`, step, ok: null, problems: [] }]);
    }
    // Random-init perplexity is huge and kept as is.
    expect(run(`${zs}/410m-deduped_step0`).evals.find((e) => e.task === 'lambada_openai' && e.metric === 'ppl')).toEqual({
      task: 'lambada_openai', metric: 'ppl', filter: 'none', value: 3617040.8184620007, stderr: 351257.7472795413,
    });
    // One JSON per task of one model merges into one run.
    const llama = run('saucam__model_evals/meta-llama/Meta-Llama-3-8B/openllm');
    expect(new Set(llama.evals.filter((e) => !e.task.startsWith('mmlu_')).map((e) => e.task))).toEqual(
      new Set(['arc_challenge', 'gsm8k', 'hellaswag', 'mmlu', 'truthfulqa', 'truthfulqa_gen', 'truthfulqa_mc1', 'truthfulqa_mc2', 'winogrande']),
    );
    expect(llama.evals.find((e) => e.task === 'gsm8k' && e.filter === 'strict-match')?.value).toBe(0.5087187263078089);
    // A `..__` folder name is a sanitized local path, not a traversal.
    const ft = run('EleutherAI__lm-evaluation-harness/results/asdiv/..__prompt-pursuit__results__aug17__gsm8k_8shot_pursue_numq_1000_r16_lr1e-6__epoch_62');
    expect(ft.checkpoints).toEqual([{ path: '../prompt-pursuit/results/aug17/gsm8k_8shot_pursue_numq_1000_r16_lr1e-6/epoch_62', step: 62, ok: null, problems: [] }]);
    expect(ft.evals.map((e) => `${e.metric},${e.filter}`).sort()).toEqual(['exact_match,flexible-extract', 'exact_match,strict-match']);
    // GPT-NeoX wrapper with a nested model_args: the base/intervention pair stays two runs.
    expect(run('EleutherAI__pythia/evals/bias-evals/pythia-1.3b-deduped-step71500_eval_results').checkpoints).toEqual([{ path: '/fsx/hailey/pythia/ckpts/1.3B_dedup/global_step71500', step: 71500, ok: null, problems: [] }]);
    expect(run('EleutherAI__pythia/evals/bias-evals/intervention-1.3b-deduped-step71500_eval_results').name).toBe('/fsx/hailey/pythia/ckpts/1.3B_dedup_genderintervention_redux/global_step71500');
    // `results` as a list: a clear warning, and the per-prompt table instead.
    const wino = run('EleutherAI__pythia/evals/bias-evals/winobias/410M');
    expect(wino.warnings).toHaveLength(1);
    expect(wino.warnings[0]?.message).toMatch(/"results" is a list/);
    expect(wino.evals.find((e) => e.task === 'wino_bias_type1_pro+refers_to')).toEqual({ task: 'wino_bias_type1_pro+refers_to', metric: 'em', filter: 'none', value: 0.025252525252525252, stderr: 0.007894050831728498 });
    // Samples join the run whose results file has the same date id.
    expect(run('EleutherAI__lm-evaluation-harness/results').samples).toBe(20);
    expect(run('EleutherAI__lm-evaluation-harness/results/asdiv/meta-llama__Meta-Llama-3-8B-Instruct').samples).toBe(50);
    expect(report.runs.filter((r) => r.path !== 'EleutherAI__pythia/evals/bias-evals/winobias/410M').flatMap((r) => r.warnings)).toEqual([]);
  });
});

describe('lm-eval on the committed fixtures (a trimmed copy of the real files)', () => {
  it('matches the independent reader run over the same copy', async () => {
    const report = await inspectFolder(path.join(fixturesDir, 'lm-eval'), [lmEvalImporter]);
    expect(report.runs).toHaveLength(13);
    checkAgainst(report, 'lm-eval-fixture-counts.json', 'lm-eval-fixture-values.json');
    expect(report.runs.every((r) => r.status === 'finished')).toBe(true);
  });
});
