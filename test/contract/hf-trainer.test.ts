import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hfTrainerImporter } from '../../main/importers/hf-trainer';
import { makePeek, makeRunSource, walkDir } from '../../main/platform/walk';
import type { Detection, DirNode } from '../../shared/importers/importer';
import type { CheckpointRecord, ConfigRecord, ImportRecord, RunMetaRecord, WarningRecord } from '../../shared/importers/records';
import { collect, seriesOf } from '../helpers/importers';
import { fixturesDir, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;

const FIXTURES = path.join(fixturesDir, 'hf-trainer');
const REALDATA = path.join(realdataDir, 'hf-trainer');
const hasRealdata = existsSync(REALDATA);
if (!hasRealdata) console.warn(`hf-trainer contract: ${REALDATA} is absent, so the real-data checks are skipped (the committed fixtures still run).`);

// Both produced by scripts/verify/hf_counts.py, an independent stdlib-Python reader, over the same folders.
const expected = (name: string): Counts => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', name), 'utf8')) as Counts;
const REAL_COUNTS = expected('hf-trainer-counts.json');
const FIXTURE_COUNTS = expected('hf-trainer-fixture-counts.json');

const DPO = 'SonYujeong0327__2025_AI502_ICCL/output_FT/my_dpo';
const SFT = 'SonYujeong0327__2025_AI502_ICCL/output_FT/my_sft';
const DT_SFT = 'SonYujeong0327__2025_AI502_ICCL/output_FT/DT_sft';
const GRPO = 'alexchilton__CAS_NLP_MODULE4_GRPO/lara/output_4090/wordle-grpo';
const STAGE1 = 'alexchilton__CAS_NLP_MODULE4_GRPO/expert_guy/post_training_project/threestage/stage1_output';
const STAGE2 = 'alexchilton__CAS_NLP_MODULE4_GRPO/expert_guy/post_training_project/threestage/stage2_output';
const ORPO = 'chandlerzuo__rlhf_recsys/outputs';
const OLORA = 'Hoilap__O-LoRA/logs_and_outputs_llama/order_1/outputs/1-dbpedia';
const MULTI_EVAL = 'aigoncharov__trainer_state_viz';

/**
 * What the host does, in miniature: walk, offer every folder to detect (a folder before its subfolders), drop a claim
 * whose files an ancestor's claim already holds, parse each remaining claim. Keyed by run path ('.' for the root).
 */
async function importTree(rootAbs: string): Promise<Map<string, ImportRecord[]>> {
  const tree = await walkDir(rootAbs);
  const peek = makePeek(rootAbs);
  const owned = new Set<string>();
  const runs = new Map<string, ImportRecord[]>();
  const visit = async (node: DirNode): Promise<void> => {
    for (const d of asList(await hfTrainerImporter.detect(node, peek))) {
      if (d.files.some((f) => owned.has(f))) continue;
      for (const f of d.files) owned.add(f);
      const runPath = d.runPath ?? node.relPath;
      runs.set(runPath === '' ? '.' : runPath, await collect(hfTrainerImporter, makeRunSource(rootAbs, runPath, d.files)));
    }
    for (const child of node.dirs) await visit(child);
  };
  await visit(tree);
  return runs;
}

function asList(d: Detection | readonly Detection[] | null): readonly Detection[] {
  if (d === null) return [];
  return 'files' in d ? [d as Detection] : (d as readonly Detection[]);
}

function countsOf(runs: Map<string, ImportRecord[]>): Counts {
  const out: Counts = {};
  for (const [run, recs] of runs) out[run] = Object.fromEntries([...seriesOf(recs)].map(([name, s]) => [name, s.steps.length]));
  return out;
}

const ofKind = <K extends ImportRecord['kind']>(recs: readonly ImportRecord[] | undefined, kind: K) =>
  (recs ?? []).filter((r): r is Extract<ImportRecord, { kind: K }> => r.kind === kind);
const meta = (recs: readonly ImportRecord[] | undefined) => ofKind(recs, 'run-meta')[0] as RunMetaRecord | undefined;
const config = (recs: readonly ImportRecord[] | undefined, origin: string) => ofKind(recs, 'config').find((c: ConfigRecord) => c.origin === origin)?.entries;
const warnings = (recs: readonly ImportRecord[] | undefined): WarningRecord[] => ofKind(recs, 'warning');
const checkpoints = (recs: readonly ImportRecord[] | undefined): CheckpointRecord[] => ofKind(recs, 'checkpoint');

/** The same real runs exist as fixtures and, when present, in ../shared/realdata: the value checks hold for both. */
function realRunChecks(label: string, load: () => Map<string, ImportRecord[]>): void {
  describe(`${label}: values from the real runs`, () => {
    it('DPO: the first row is ln 2 with zero margins (policy = reference); 625 rows; checkpoint-100 is a clean prefix', () => {
      const recs = load().get(DPO);
      const s = seriesOf(recs ?? []);
      expect(s.get('loss')?.steps).toHaveLength(625);
      expect([s.get('loss')?.steps[0], s.get('loss')?.values[0]]).toEqual([1, 0.6931]);
      expect([s.get('rewards/margins')?.steps[0], s.get('rewards/margins')?.values[0]]).toEqual([1, 0]);
      expect(s.get('loss')?.values.at(-1)).toBe(0.0974);
      expect(s.get('rewards/accuracies')?.values.at(-1)).toBe(0.9375);
      expect(checkpoints(recs)).toEqual([
        { kind: 'checkpoint', path: `${DPO}/checkpoint-100`, step: 100 },
        { kind: 'checkpoint', path: `${DPO}/checkpoint-625`, step: 625 },
      ]);
      expect(warnings(recs)).toEqual([]);
      expect(meta(recs)).toEqual({ kind: 'run-meta', status: 'finished', bestModelCheckpoint: null });
      expect(config(recs, 'trainer_state')).toMatchObject({ global_step: 625, max_steps: 625, logging_steps: 1, total_flos: 0, best_metric: null, trial_name: null });
      expect(config(recs, 'adapter_config')).toMatchObject({ r: 64, lora_alpha: 128, peft_type: 'LORA', base_model_name_or_path: './output/onlyDT/checkpoint-1000' });
      expect(JSON.parse(String(config(recs, 'adapter_config')?.target_modules))).toContain('q_proj');
    });

    it('SFT: summed losses of 55-75 are kept as written, not rescaled', () => {
      const sft = seriesOf(load().get(SFT) ?? []).get('loss');
      expect(sft?.steps.slice(0, 2)).toEqual([10, 20]);
      expect([sft?.values[0], sft?.values.at(-1), Math.min(...(sft?.values ?? [])), Math.max(...(sft?.values ?? []))]).toEqual([64.9938, 57.8406, 55.8406, 64.9938]);
      expect(seriesOf(load().get(DT_SFT) ?? []).get('loss')?.values[0]).toBe(74.2344);
    });

    it('GRPO: negative losses are kept, with their steps', () => {
      const loss = seriesOf(load().get(GRPO) ?? []).get('loss');
      const negatives = (loss?.values ?? []).flatMap((v, i) => (v < 0 ? [[loss?.steps[i], v]] : []));
      expect(negatives).toHaveLength(222);
      expect(negatives[0]).toEqual([4, -0.0871]);
      expect(Math.min(...(loss?.values ?? []))).toBe(-0.3123);
      expect(meta(load().get(GRPO))?.status).toBe('finished');
    });

    it('best_model_checkpoint stays as written at training time; a mid-run checkpoint is not "finished"', () => {
      const stage2 = load().get(STAGE2);
      expect(meta(stage2)).toEqual({ kind: 'run-meta', status: 'unknown', bestModelCheckpoint: 'stage2_output/checkpoint-140' });
      expect(config(stage2, 'trainer_state')).toMatchObject({ best_global_step: 140, best_metric: 0.00668291375041008, global_step: 160, max_steps: 480 });
      const evalLoss = seriesOf(stage2 ?? []).get('eval_loss');
      expect(evalLoss?.values[(evalLoss?.steps ?? []).indexOf(140)]).toBe(0.00668291375041008);
      expect(checkpoints(stage2)).toEqual([{ kind: 'checkpoint', path: `${STAGE2}/checkpoint-160`, step: 160 }]);
      expect(meta(load().get(STAGE1))?.bestModelCheckpoint).toBe('stage1_output/checkpoint-400');
    });

    it('six eval sets with step-0 rows, results files and the older schema', () => {
      const multi = load().get(MULTI_EVAL);
      expect(seriesOf(multi ?? []).get('eval_g5_loss')?.steps[0]).toBe(0);
      expect(config(multi, 'trainer_state')).toMatchObject({ 'stateful_callbacks.TrainerControl.args.should_training_stop': true, num_train_epochs: 30 });
      const orpo = load().get(ORPO);
      expect(config(orpo, 'results')).toMatchObject({ train_runtime: 789.838, eval_loss: 0.1257188469171524, 'eval_rewards/margins': 0.0005533824441954494 });
      expect(meta(orpo)?.status).toBe('finished');
      const olora = load().get(OLORA);
      expect(seriesOf(olora ?? []).has('grad_norm')).toBe(false);
      expect(config(olora, 'trainer_state')).toMatchObject({ save_steps: 1500, global_step: 218 });
      expect(config(olora, 'results')).toMatchObject({ predict_exact_match: 55.5263, train_samples: 14000 });
    });

    it('no real run raises a warning', () => {
      for (const [run, recs] of load()) if (!run.startsWith('edge-cases/')) expect([run, warnings(recs)]).toEqual([run, []]);
    });
  });
}

describe('hf-trainer over the committed fixtures', () => {
  let runs = new Map<string, ImportRecord[]>();
  beforeAll(async () => {
    runs = await importTree(FIXTURES);
  });

  it('finds every run and every series with exactly the independent counts', () => {
    expect(countsOf(runs)).toEqual(FIXTURE_COUNTS);
    // The copies of real runs are complete: their counts equal the ones taken over ../shared/realdata.
    for (const [run, counts] of Object.entries(REAL_COUNTS)) expect([run, FIXTURE_COUNTS[run]]).toEqual([run, counts]);
    expect(FIXTURE_COUNTS[DPO]?.loss).toBe(625);
  });

  realRunChecks('fixtures', () => runs);

  it('edge case: NaN/Infinity tokens are points, null and strings are not, a row without a step is reported', () => {
    const recs = runs.get('edge-cases/nan-tokens');
    const s = seriesOf(recs ?? []);
    expect(s.get('loss')).toEqual({ steps: [1, 2, 3, 4], values: [2.5, Number.NaN, -0.0428, 0.125] });
    expect(s.get('grad_norm')).toEqual({ steps: [1, 2, 4], values: [1.5, Infinity, 0.5] });
    expect(s.get('eval_loss')).toEqual({ steps: [2], values: [-Infinity] });
    expect(s.get('train_loss')).toEqual({ steps: [4], values: [Number.NaN] });
    for (const absent of ['completions/mean_terminated_length', 'kl', 'mode', 'note', 'step']) expect(s.has(absent)).toBe(false);
    expect(warnings(recs)).toEqual([{ kind: 'warning', file: 'edge-cases/nan-tokens/trainer_state.json', offset: null, message: '1 log_history rows are not objects with a numeric step and were skipped.' }]);
    expect(meta(recs)).toEqual({ kind: 'run-meta', status: 'finished', bestModelCheckpoint: '/scratch/u123/runs/nan-tokens/checkpoint-4' });
    expect(config(recs, 'trainer_state')).toMatchObject({ best_metric: 'NaN', trial_name: 'NaN Infinity -Infinity stay text', global_step: 4 });
    expect(config(recs, 'results')).toEqual({ epoch: 1, eval_loss: '-Infinity', train_loss: 'NaN', train_runtime: 12.5, predict_loss: 0, predict_samples: 8 });
    expect(config(recs, 'model_config')).toEqual({ architectures: '["Qwen2ForCausalLM"]', hidden_size: 896, model_type: 'qwen2', num_hidden_layers: 24, rope_scaling: null, torch_dtype: 'bfloat16' });
  });

  it('edge case: a state cut mid-write keeps its complete rows and says at which byte it stopped', () => {
    const file = 'edge-cases/truncated/trainer_state.json';
    const recs = runs.get('edge-cases/truncated');
    expect(seriesOf(recs ?? []).get('loss')).toEqual({ steps: [1, 2, 3, 4], values: [2, 1, 0.6667, 0.5] });
    const size = statSync(path.join(FIXTURES, file)).size;
    const lines = readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').length;
    expect(warnings(recs)).toEqual([
      { kind: 'warning', file, offset: size, message: `Damaged JSON: the file ends early at byte ${size} (line ${lines}), as if cut while being written. Kept the 4 complete log_history rows before it.` },
    ]);
    expect(checkpoints(recs)).toEqual([{ kind: 'checkpoint', path: 'edge-cases/truncated/checkpoint-3', step: 3 }]);
    // global_step sorts before log_history and survived; max_steps sorts after it and did not.
    expect(config(recs, 'trainer_state')).toMatchObject({ global_step: 6 });
    expect(config(recs, 'trainer_state')).not.toHaveProperty('max_steps');
    expect(meta(recs)?.status).toBe('unknown');
  });

  it('edge case: a checkpoint whose history is not a prefix of the newest is reported; the newest wins', () => {
    const recs = runs.get('edge-cases/diverged');
    expect(seriesOf(recs ?? []).get('loss')).toEqual({ steps: [1, 2, 3, 4], values: [0.9, 0.8, 0.7, 0.6] });
    expect(warnings(recs)).toEqual([
      {
        kind: 'warning',
        file: 'edge-cases/diverged/checkpoint-2/trainer_state.json',
        offset: null,
        message: "This log_history is not a prefix of edge-cases/diverged/checkpoint-4/trainer_state.json's (they differ from row 2, step 2): the run was resumed from an earlier checkpoint or diverged. The series come from edge-cases/diverged/checkpoint-4/trainer_state.json.",
      },
    ]);
    expect(checkpoints(recs).map((c) => c.step)).toEqual([2, 4]);
    expect(config(recs, 'adapter_config')).toMatchObject({ r: 16, lora_alpha: 32 });
    expect(config(recs, 'model_config')).toEqual({ model_type: 'qwen2', num_hidden_layers: 24 });
    expect(meta(recs)).toEqual({ kind: 'run-meta', status: 'unknown', bestModelCheckpoint: 'diverged/checkpoint-4' });
  });

  it('edge case: the top-level state wins a tie with the last checkpoint, and split results override all_results', () => {
    const recs = runs.get('edge-cases/final-save');
    expect(seriesOf(recs ?? []).get('train_runtime')).toEqual({ steps: [5], values: [30] });
    expect(warnings(recs)).toEqual([]);
    expect(config(recs, 'results')).toEqual({ epoch: 1, train_loss: 0.45, train_runtime: 30 });
    expect(checkpoints(recs)).toEqual([{ kind: 'checkpoint', path: 'edge-cases/final-save/checkpoint-5', step: 5 }]);
  });

  it('edge case: a file that is not JSON gives a warning at byte 0 and nothing else', () => {
    const recs = runs.get('edge-cases/not-json');
    expect(ofKind(recs, 'scalars')).toEqual([]);
    expect(warnings(recs)).toEqual([
      { kind: 'warning', file: 'edge-cases/not-json/trainer_state.json', offset: 0, message: "Damaged JSON: Unexpected 'v' at byte 0 (line 1); no trainer state could be read from it." },
    ]);
    expect(meta(recs)).toEqual({ kind: 'run-meta', status: 'unknown' });
  });
});

describe.skipIf(!hasRealdata)(`hf-trainer over ../shared/realdata/hf-trainer${hasRealdata ? '' : ' (SKIPPED: the folder is absent)'}`, () => {
  let runs = new Map<string, ImportRecord[]>();
  beforeAll(async () => {
    runs = await importTree(REALDATA);
  });

  it('finds every run and every series with exactly the independent counts', () => {
    expect(countsOf(runs)).toEqual(REAL_COUNTS);
    expect(REAL_COUNTS[DPO]?.loss).toBe(625);
  });

  realRunChecks('realdata', () => runs);
});
