import { parseSampleMetrics } from '../../shared/util/sample-metrics';
import type { CompareRunInput, EvalDoc, EvalNumber } from '../../shared/analysis/compare/matrix';
import { computeComparison, sampleKey } from '../../shared/analysis/compare/matrix';
import { inferMethod, methodRank } from '../../shared/analysis/compare/method';
import { trainingEvalNumbers } from '../../shared/analysis/compare/training-evals';
import type { SweepRunInput } from '../../shared/analysis/compare/robustness-table';
import { computeRobustness } from '../../shared/analysis/compare/robustness-table';
import { DEFAULT_BREAK_THRESHOLD } from '../../shared/analysis/compare/robustness';
import type { CompareReq, CompareResult, CompareSettings, SetCompareSettingsReq } from '../../shared/domain/compare';
import type { RobustnessReq, RobustnessResult } from '../../shared/domain/sweep';
import { AppError } from '../../shared/ipc/result';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { LibraryService } from './library';
import type { WorkspaceStore } from './workspace-store';

/**
 * Method comparison over stored eval runs (issue 6): loads the numbers, labels and samples, and hands them to the
 * pure computeComparison. Method labels and the task → category map are workspace user data.
 */
/** Comparisons kept: each costs a bootstrap per paired row, and switching baselines back and forth is common. */
const CACHE_ENTRIES = 16;

export class CompareService {
  private readonly cache = new Map<string, CompareResult>();

  constructor(
    private readonly engine: Engine,
    private readonly library: LibraryService,
    private readonly store: WorkspaceStore,
  ) {}

  settings(): CompareSettings {
    return this.store.compareSettings;
  }

  async setSettings(req: SetCompareSettingsReq): Promise<CompareSettings> {
    const prev = this.store.compareSettings;
    const methods: Record<string, string | null> = { ...prev.methods };
    for (const [runId, m] of Object.entries(req.methods ?? {})) {
      const label = m?.trim() ?? '';
      if (label === '') delete methods[runId];
      else methods[runId] = label;
    }
    const categories: Record<string, string | null> = { ...prev.categories, ...req.categories };
    for (const task of req.resetCategories ?? []) delete categories[task];
    const next = { methods, categories };
    await this.store.setCompareSettings(next);
    return next;
  }

  async compare(req: CompareReq): Promise<CompareResult> {
    // Same runs (same import), same request, same labels: same numbers (the bootstrap is seeded).
    const versions = await this.engine.all(Q.runVersions, [[...new Set(req.runIds)]]);
    const key = JSON.stringify([versions, req.baselineRunId ?? null, req.paired ?? true, this.store.compareSettings]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const result = await this.computeComparison(req);
    if (this.cache.size >= CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, result);
    return result;
  }

  private async computeComparison(req: CompareReq): Promise<CompareResult> {
    const runs = await this.library.listRuns();
    const byId = new Map(runs.map((r) => [r.id, r]));
    const ids = [...new Set(req.runIds)].filter((id) => byId.has(id));
    if (ids.length === 0) throw new AppError('not-found', 'None of the selected runs is in the library.');
    const [evals, docs, configs, metrics] = await Promise.all([this.engine.all(Q.listEvals, [ids]), this.engine.all(Q.listEvalDocs, [ids]), this.library.listConfigs(ids), this.library.listMetrics(ids)]);
    const settings = this.store.compareSettings;

    const inputs: CompareRunInput[] = ids.map((id) => {
      const run = byId.get(id);
      if (!run) throw new AppError('not-found', `Run ${id} is not in the library.`);
      const config: Record<string, unknown> = {};
      for (const c of configs) if (c.runId === id) config[c.key] = c.value;
      const user = settings.methods[id] ?? null;
      const inferred = user === null ? inferMethod(run.name, run.path, config) : null;
      const reported: EvalNumber[] = evals
        .filter((e) => e.run_id === id)
        .map((e) => ({ task: e.task, metric: e.metric, filter: e.filter, value: e.value, stderr: e.stderr, higherIsBetter: e.higher_is_better, nSamples: e.n_samples }));
      // A training run has no harness results: its held-out series' last values stand in.
      const mine = reported.length > 0 ? reported : trainingEvalNumbers(metrics.filter((m) => m.runId === id));
      const samples = new Map<string, EvalDoc[]>();
      for (const d of docs) {
        if (d.run_id !== id) continue;
        const key = sampleKey(d.task, d.filter);
        const list = samples.get(key) ?? [];
        list.push({ docId: d.doc_id, docHash: d.doc_hash, metrics: parseSampleMetrics(d.metrics_json) });
        samples.set(key, list);
      }
      return {
        column: {
          runId: id,
          name: run.name,
          path: run.path === '' ? '.' : run.path,
          method: user ?? inferred?.method ?? null,
          methodSource: user !== null ? 'user' : inferred ? 'inferred' : null,
          methodReason: user !== null ? 'set by you' : (inferred?.reason ?? null),
        },
        evals: mine,
        samples,
      };
    });
    // Columns in pipeline order (base, SFT, DPO, PPO…), then by name: the table reads left to right like the recipe.
    const withEvals = inputs
      .filter((r) => r.evals.length > 0)
      .sort((a, b) => methodRank(a.column.method) - methodRank(b.column.method) || a.column.name.localeCompare(b.column.name));
    if (withEvals.length === 0) throw new AppError('invalid-request', 'None of the selected runs has eval numbers to compare: lm-eval results, or held-out series (eval_/val_/test_) of a training run.');
    const baselineRunId = req.baselineRunId !== undefined && withEvals.some((r) => r.column.runId === req.baselineRunId) ? req.baselineRunId : defaultBaseline(withEvals);
    return computeComparison(withEvals, { baselineRunId, categories: settings.categories, paired: req.paired ?? true });
  }

  /** Robustness scores of the selected sweep runs; other selected runs are listed as ignored. */
  async robustness(req: RobustnessReq): Promise<RobustnessResult> {
    const runs = await this.library.listRuns();
    const byId = new Map(runs.map((r) => [r.id, r]));
    const ids = [...new Set(req.runIds)];
    const sweepIds = ids.filter((id) => byId.get(id)?.format === 'sweep');
    const breakThreshold = req.breakThreshold ?? DEFAULT_BREAK_THRESHOLD;
    const ignoredRunIds = ids.filter((id) => !sweepIds.includes(id));
    if (sweepIds.length === 0) return { metrics: [], breakThreshold, ignoredRunIds };
    const [points, configs] = await Promise.all([this.engine.all(Q.listSweepPoints, [sweepIds]), this.library.listConfigs(sweepIds)]);
    const settings = this.store.compareSettings;
    const inputs: SweepRunInput[] = sweepIds.map((id) => {
      const run = byId.get(id);
      const fromManifest = configs.find((c) => c.runId === id && c.key === 'sweep.method')?.value;
      const method = settings.methods[id] ?? (typeof fromManifest === 'string' ? fromManifest : null) ?? inferMethod(run?.name ?? '', run?.path ?? '', {})?.method ?? run?.name ?? id;
      return {
        runId: id,
        method,
        points: points
          .filter((p) => p.run_id === id)
          .map((p) => ({ direction: p.direction, isControl: p.is_control, alpha: p.alpha, task: p.task, metric: p.metric, filter: p.filter, value: p.value, stderr: p.stderr, higherIsBetter: p.higher_is_better })),
      };
    });
    return { metrics: computeRobustness(inputs, { breakThreshold, categories: settings.categories }), breakThreshold, ignoredRunIds };
  }
}

/**
 * The run labelled `base`; else one no method was found for (a base model's name rarely says "base"); else the first.
 * Among several, the one with the most numbers (an lm-eval base model rather than a pretraining run's eval loss).
 */
function defaultBaseline(runs: readonly CompareRunInput[]): string {
  const most = (rs: readonly CompareRunInput[]) => [...rs].sort((a, b) => b.evals.length - a.evals.length)[0];
  const pick = most(runs.filter((r) => r.column.method === 'base')) ?? most(runs.filter((r) => r.column.method === null)) ?? runs[0];
  return pick?.column.runId ?? '';
}
