import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { configDiff, configText } from '../../shared/analysis/review/config-diff';
import type { RunSummary } from '../../shared/domain/run';
import { call, importFolder, openHost } from '../helpers/host';
import { copyTree, fixturesDir, tempDir } from '../helpers/paths';

/**
 * Issue 8 "done when": the DPO run's checkpoint-100 vs checkpoint-625 and the three SFT variants diff correctly
 * (trimmed realdata copies in test/fixtures; expectations read from the files themselves, not typed in).
 */
const RUNS = path.join(fixturesDir, 'hf-trainer', 'SonYujeong0327__2025_AI502_ICCL', 'output_FT');

interface State {
  global_step: number;
  max_steps: number;
  total_flos: number;
  log_history: Record<string, number>[];
  stateful_callbacks: { TrainerControl: { args: { should_training_stop: boolean } } };
}
const stateOf = async (rel: string): Promise<State> => JSON.parse(await readFile(path.join(RUNS, rel, 'trainer_state.json'), 'utf8')) as State;

describe('review: checkpoints and runs side by side (realdata copies)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  let runs: RunSummary[];
  const runNamed = (name: string): RunSummary => {
    const r = runs.find((x) => x.path.endsWith(name));
    if (!r) throw new Error(`no run ${name}`);
    return r;
  };

  beforeAll(async () => {
    t = await tempDir();
    const src = await copyTree(RUNS, path.join(t.dir, 'src', 'output_FT'));
    // A full checkpoint as the Trainer writes it: pickles and weights are listed by size, never opened.
    await writeFile(path.join(src, 'my_dpo', 'checkpoint-625', 'training_args.bin'), Buffer.alloc(5_432, 1));
    await writeFile(path.join(src, 'my_dpo', 'checkpoint-625', 'optimizer.pt'), Buffer.alloc(2_000_000, 2));
    await mkdir(path.join(t.dir, 'ws'));
    host = await openHost(path.join(t.dir, 'ws'));
    await importFolder(host, path.join(t.dir, 'src'));
    runs = await call(host, 'library:list-runs', {});
  });
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  it("diffs the DPO run's checkpoint-100 and checkpoint-625: their trainer state, adapter, files and metrics at their steps", async () => {
    const dpo = runNamed('my_dpo');
    expect(dpo.checkpoints.map((c) => c.path)).toEqual(['output_FT/my_dpo/checkpoint-100', 'output_FT/my_dpo/checkpoint-625']);
    const [a, b] = await Promise.all(dpo.checkpoints.map((c) => call(host, 'review:checkpoint-config', { runId: dpo.id, path: c.path })));
    const rows = configDiff(['100', '625'], [...(a ?? []).map((e) => ({ ...e, runId: '100' })), ...(b ?? []).map((e) => ({ ...e, runId: '625' }))]);
    const row = (key: string) => rows.find((r) => r.key === key);
    const [s100, s625] = await Promise.all([stateOf('my_dpo/checkpoint-100'), stateOf('my_dpo/checkpoint-625')]);

    expect(row('global_step')).toMatchObject({ values: [s100.global_step, s625.global_step], isDifferent: true, origins: ['trainer_state'] });
    expect(row('max_steps')).toMatchObject({ values: [s100.max_steps, s625.max_steps], isDifferent: false });
    expect(row('stateful_callbacks.TrainerControl.args.should_training_stop')?.values).toEqual([false, true]);
    // Only the last save wrote the LoRA adapter's config.
    const adapter = JSON.parse(await readFile(path.join(RUNS, 'my_dpo', 'checkpoint-625', 'adapter_config.json'), 'utf8')) as { r: number; lora_alpha: number };
    expect(row('r')).toMatchObject({ values: [undefined, adapter.r], isDifferent: true, origins: ['adapter_config'] });
    expect(row('lora_alpha')?.values).toEqual([undefined, adapter.lora_alpha]);
    // Pickles by size, exactly: never parsed.
    expect(row('files.training_args.bin')?.values).toEqual([undefined, '5 KB (5432 B)']);
    expect(row('files.optimizer.pt')?.values).toEqual([undefined, '1.9 MB (2000000 B)']);
    // What the run had reached when each was saved: the checkpoint's own last log entry agrees with the run's series.
    const last = (s: State) => s.log_history.filter((e) => typeof e.loss === 'number').at(-1);
    expect(row('metrics.loss')).toMatchObject({ values: [last(s100)?.loss, last(s625)?.loss], isDifferent: true });
    expect(row('metrics.rewards/margins')?.values).toEqual([last(s100)?.['rewards/margins'], last(s625)?.['rewards/margins']]);
    expect(row('metrics.loss')?.origins).toEqual(['metrics at step 100', 'metrics at step 625']);
  });

  it('diffs the three SFT variants: flops differ, only one trained a LoRA adapter, the schedule is shared', async () => {
    const names = ['DT_sft', 'orig_sft', 'my_sft'];
    const ids = names.map((n) => runNamed(n).id);
    const rows = configDiff(ids, await call(host, 'library:list-configs', { runIds: ids }));
    const row = (key: string) => rows.find((r) => r.key === key);
    const states = await Promise.all(names.map((n) => stateOf(`${n}/checkpoint-1000`)));
    expect(row('total_flos')).toMatchObject({ values: states.map((s) => s.total_flos), isDifferent: true });
    expect(new Set(states.map((s) => s.total_flos)).size).toBe(2);
    for (const key of ['max_steps', 'train_batch_size', 'logging_steps', 'save_steps']) expect(row(key)?.isDifferent, key).toBe(false);
    const adapter = JSON.parse(await readFile(path.join(RUNS, 'my_sft', 'checkpoint-1000', 'adapter_config.json'), 'utf8')) as { base_model_name_or_path: string };
    expect(row('base_model_name_or_path')?.values.map((v) => (v === undefined ? undefined : configText(v)))).toEqual([undefined, undefined, adapter.base_model_name_or_path]);
  });

  it('reads only checkpoint folders the import recorded', async () => {
    const dpo = runNamed('my_dpo');
    await expect(call(host, 'review:checkpoint-config', { runId: dpo.id, path: 'output_FT/my_sft/checkpoint-1000' })).rejects.toThrow(/not-found: The run has no checkpoint/);
    await expect(call(host, 'review:checkpoint-config', { runId: dpo.id, path: '../../etc' })).rejects.toThrow(/not-found/);
    await expect(call(host, 'review:checkpoint-config', { runId: 'nope', path: 'x' })).rejects.toThrow(/not-found: No such run/);
  });
});
