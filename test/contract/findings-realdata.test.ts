import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { importers } from '../../main/importers/registry';
import { readClaim, scanSource } from '../../main/services/import-source';
import { computeFindings } from '../../shared/analysis/findings';
import type { Finding } from '../../shared/analysis/findings/types';
import { Finding as FindingSchema } from '../../shared/analysis/findings/types';
import { call, openHost } from '../helpers/host';
import { fixturesDir, hasRealdata, realdataDir, tempDir } from '../helpers/paths';

/** Every run of a folder tree, read the way an import reads it, with its findings. */
async function findingsOf(root: string): Promise<Map<string, Finding[]>> {
  const scanned = await scanSource(root, importers);
  const signal = new AbortController().signal;
  const out = new Map<string, Finding[]>();
  for (const claim of scanned.scan.claims) {
    const run = await readClaim(scanned, claim, signal);
    const series = new Map([...run.series.values()].map((s) => [s.name, { steps: s.steps.view(), values: s.values.view() }]));
    out.set(claim.relPath, computeFindings(series));
  }
  return out;
}

const roots = [...(hasRealdata ? [['realdata', realdataDir]] : []), ['fixtures', fixturesDir]] as const;

describe('findings over every real run', () => {
  const all = new Map<string, Map<string, Finding[]>>();
  beforeAll(async () => {
    for (const [label, root] of roots) all.set(label, await findingsOf(root));
  }, 120_000);

  it.each(roots.map(([label]) => [label]))('%s: every finding is well formed, on a run that really has data', (label) => {
    const runs = all.get(label);
    expect(runs?.size ?? 0).toBeGreaterThan(50);
    let count = 0;
    for (const [rel, findings] of runs ?? []) {
      for (const f of findings) {
        count++;
        expect(() => FindingSchema.parse(f), `${rel}: ${f.title}`).not.toThrow();
        expect(f.stepStart, `${rel}: ${f.title}`).toBeLessThanOrEqual(f.step);
        expect(f.step, `${rel}: ${f.title}`).toBeLessThanOrEqual(f.stepEnd);
        expect(f.metrics[0]).toBe(f.metric);
        // Evidence survives JSON: numbers are finite or null.
        for (const v of Object.values(f.evidence)) expect(v === null || Number.isFinite(v)).toBe(true);
      }
    }
    expect(count).toBeGreaterThan(10);
  });

  // aigoncharov's trainer_state.json (checked by hand): eval_g0_loss is lowest at step 401 (1.113750696182251) and
  // ends at 2.7486727237701416 at step 12030, while the training loss falls from 1.1074 to 0.0549.
  it.each(roots.map(([label]) => [label]))('%s: the classifier fine-tune overfits after step 401', (label) => {
    const f = all.get(label)?.get('hf-trainer/aigoncharov__trainer_state_viz')?.find((x) => x.kind === 'overfitting' && x.metric === 'eval_g0_loss');
    expect(f?.step).toBe(401);
    expect(f?.metrics).toEqual(['eval_g0_loss', 'loss']);
    expect(f?.evidence.bestEval).toBeCloseTo(1.113750696182251, 12);
    expect(f?.evidence.generalizationLoss).toBeCloseTo(100 * (2.7486727237701416 / 1.113750696182251 - 1), 9);
    expect(f?.stepEnd).toBe(12030);
    // Eval loss never improves after 401, so patience 3 stops three evals (401 steps apart) later.
    expect(f?.evidence.earlyStopStep).toBe(401 + 3 * 401);
    expect(f?.severity).toBe('critical');
  });

  // Megatron-DeepSpeed#396: "grad norm: nan" on iterations 5426, 5427 and 5428 (the excerpt's first line is cut).
  it.each(roots.map(([label]) => [label]))('%s: the Megatron NaN grad norm is found at iteration 5426', (label) => {
    const runs = all.get(label);
    const key = [...(runs?.keys() ?? [])].find((k) => k.includes('issue-396_nan_grad_norm'));
    const f = runs?.get(key ?? '')?.find((x) => x.kind === 'non-finite' && x.metric === 'grad norm');
    expect(f?.step).toBe(5426);
    expect(f?.evidence.nanCount).toBe(3);
    expect(f?.severity).toBe('critical');
  });

  // StockData's Keras validation writer logged NaN for all 40 epochs: a NaN finding, not a divergence (never finite).
  it.each(roots.map(([label]) => [label]))('%s: an all-NaN validation loss is non-finite from the start, not divergence', (label) => {
    const findings = all.get(label)?.get('tensorboard/huangyuan3h__StockData/logs/fit/20220213-124139/validation') ?? [];
    const f = findings.find((x) => x.kind === 'non-finite' && x.metric === 'epoch_loss');
    expect(f?.evidence.nonFiniteCount).toBe(40);
    expect(f?.evidence.lastFiniteStepBefore).toBeNull();
    expect(findings.some((x) => x.kind === 'divergence')).toBe(false);
  });
});

describe('analysis:findings reads every stored point through the host', () => {
  let host: Host;
  let cleanup: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const t = await tempDir();
    host = await openHost(path.join(t.dir, 'ws'));
    cleanup = async () => {
      await host.close();
      await t.cleanup();
    };
    await host.addFolders([path.join(fixturesDir, 'hf-trainer', 'aigoncharov__trainer_state_viz')]);
  }, 120_000);
  afterAll(() => cleanup());

  it('returns the overfitting finding per run, and nothing for an unknown run', async () => {
    const runs = await call(host, 'library:list-runs', {});
    expect(runs).toHaveLength(1);
    const id = runs[0]?.id ?? '';
    const res = await call(host, 'analysis:findings', { runIds: [id, 'no-such-run'] });
    expect(res.map((r) => r.runId)).toEqual([id, 'no-such-run']);
    expect(res[1]?.findings).toEqual([]);
    const over = res[0]?.findings.filter((f) => f.kind === 'overfitting') ?? [];
    expect(over.map((f) => f.metric).sort()).toEqual(['eval_g0_loss', 'eval_g1_loss', 'eval_g2_loss', 'eval_g3_loss', 'eval_g4_loss', 'eval_g5_loss']);
    expect(over.find((f) => f.metric === 'eval_g0_loss')?.step).toBe(401);
  });
});
