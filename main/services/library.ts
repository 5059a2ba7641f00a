import { pickLossMetric } from '../../shared/domain/loss-metric';
import type { ConfigScalar, RunConfigEntry } from '../../shared/domain/run-config';
import type { Checkpoint, CheckpointCheck, ImportWarning, MetricSummary, RunFormat, RunStatus, RunSummary, Source } from '../../shared/domain/run';
import type { Engine } from '../db/engine';
import type { CheckpointConfigEntry } from '../../shared/domain/review';
import { Q } from '../db/queries';
import { AppError } from '../../shared/ipc/result';
import { checkRunCheckpoint, isLocalCheckpointFolder } from './checkpoint-integrity';
import { readCheckpointConfig } from './checkpoint-config';
import type { StoredMetric } from './stored-metric';
import { configNumber, METRIC_KEY_PREFIX } from '../../shared/analysis/review/config-diff';
import path from 'node:path';

const finiteOrNull = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** Read side of the library: sources, runs, metrics, warnings. Pure orchestration over named queries. */
export class LibraryService {
  constructor(private readonly engine: Engine) {}

  async listSources(): Promise<Source[]> {
    const rows = await this.engine.all(Q.listSources, []);
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      name: r.name,
      addedAtMs: r.added_at_ms,
      runCount: r.run_count,
      state: r.state as Source['state'],
      error: r.error,
    }));
  }

  async listRuns(sourceIds?: readonly string[]): Promise<RunSummary[]> {
    const runs = await this.engine.all(Q.listRuns, [sourceIds ?? null]);
    if (runs.length === 0) return [];
    const metrics = await this.engine.all(Q.listRunLosses, [sourceIds ?? null]);
    const checkpoints = await this.engine.all(Q.listRunCheckpoints, [sourceIds ?? null]);
    const metricsByRun = groupBy(metrics, (m) => m.run_id);
    const checkpointsByRun = groupBy(checkpoints, (c) => c.run_id);
    return runs.map((r) => {
      const ms = metricsByRun.get(r.id) ?? [];
      const lossName = pickLossMetric(ms.map((m) => m.name));
      const loss = ms.find((m) => m.name === lossName);
      const cps: Checkpoint[] = (checkpointsByRun.get(r.id) ?? []).map((c) => ({ path: c.path, step: c.step }));
      return {
        id: r.id,
        sourceId: r.source_id,
        path: r.path,
        name: r.name,
        format: r.format as RunFormat,
        importerVersion: r.importer_version,
        status: r.status as RunStatus,
        lastStep: finiteOrNull(r.last_step),
        lastLoss: loss && loss.last_step !== null ? { metric: loss.name, step: loss.last_step, value: finiteOrNull(loss.last_value) } : null,
        wallStartSec: finiteOrNull(r.wall_start),
        wallEndSec: finiteOrNull(r.wall_end),
        metricCount: r.metric_count,
        pointCount: r.point_count,
        warningCount: r.warning_count,
        checkpoints: cps,
        bestModelCheckpoint: r.best_model_checkpoint,
        configCount: r.config_count,
      };
    });
  }

  async listMetrics(runIds: readonly string[]): Promise<MetricSummary[]> {
    if (runIds.length === 0) return [];
    const rows = await this.engine.all(Q.listMetrics, [runIds]);
    return rows.map((m) => ({
      runId: m.run_id,
      name: m.name,
      points: m.points,
      firstStep: finiteOrNull(m.first_step),
      lastStep: finiteOrNull(m.last_step),
      lastValue: finiteOrNull(m.last_value),
      min: finiteOrNull(m.min_value),
      max: finiteOrNull(m.max_value),
      nonFiniteCount: m.non_finite,
    }));
  }

  /** Metric ids for (run, metric) pairs, for the series service. */
  async metricIds(runIds: readonly string[], metric: string): Promise<Map<string, StoredMetric>> {
    const rows = await this.engine.all(Q.listMetrics, [runIds]);
    return new Map(
      rows
        .filter((m) => m.name === metric)
        .map((m) => [m.run_id, { id: m.id, points: m.points, nonFinite: m.non_finite, firstStep: m.first_step, lastStep: m.last_step, stepsOrdered: m.steps_ordered === true }]),
    );
  }

  /** Flattened config entries of these runs, values decoded from their stored JSON. */
  async listConfigs(runIds: readonly string[]): Promise<RunConfigEntry[]> {
    if (runIds.length === 0) return [];
    const rows = await this.engine.all(Q.listConfigs, [runIds]);
    return rows.map((c) => ({ runId: c.run_id, origin: c.origin, key: c.key, value: decodeConfigValue(c.value_json) }));
  }

  /** Checks each of a run's checkpoint folders on disk (see checkpoint-integrity.ts). */
  async checkCheckpoints(runId: string): Promise<CheckpointCheck[]> {
    const checks = await this.checkCheckpointsOf([runId]);
    const mine = checks.get(runId);
    if (!mine) throw new AppError('not-found', 'No such run in the library.');
    return mine;
  }

  /** One checkpoint folder's own config and the run's metrics as of its step (see checkpoint-config.ts). */
  async checkpointConfig(runId: string, rel: string): Promise<CheckpointConfigEntry[]> {
    const [roots, checkpoints] = await Promise.all([this.engine.all(Q.runRoots, [[runId]]), this.engine.all(Q.listCheckpoints, [[runId]])]);
    const root = roots[0]?.source_path;
    if (root === undefined) throw new AppError('not-found', 'No such run in the library.');
    // Only a folder the import recorded is read: the request cannot name an arbitrary path.
    const cp = checkpoints.find((c) => c.path === rel);
    if (cp === undefined) throw new AppError('not-found', `The run has no checkpoint ${JSON.stringify(rel)}.`);
    if (!(await isLocalCheckpointFolder(root, rel))) throw new AppError('not-found', `${rel} is a model reference, not a checkpoint folder in this source.`);
    const files = await readCheckpointConfig(path.join(root, rel)).catch((err: unknown) => {
      throw new AppError('io', `Cannot read ${rel}: ${(err as Error).message}`);
    });
    const step = cp.step ?? null;
    const metrics = step === null ? [] : await this.engine.all(Q.metricsAtStep, [runId, step]);
    return [...files, ...metrics.map((m) => ({ origin: `metrics at step ${step}`, key: `${METRIC_KEY_PREFIX}${m.name}`, value: configNumber(m.value) }))];
  }

  /**
   * The same for several runs: two small queries (their checkpoints and source folders), then the folders on disk.
   * Runs without checkpoints get an empty list; ids not in the library are absent.
   */
  async checkCheckpointsOf(runIds: readonly string[]): Promise<Map<string, CheckpointCheck[]>> {
    const [roots, checkpoints] = await Promise.all([this.engine.all(Q.runRoots, [runIds]), this.engine.all(Q.listCheckpoints, [runIds])]);
    const out = new Map<string, CheckpointCheck[]>();
    for (const { run_id: runId, source_path: root } of roots) {
      const mine = checkpoints.filter((c) => c.run_id === runId);
      out.set(runId, await Promise.all(mine.map((c) => checkRunCheckpoint(root, { path: c.path, step: c.step }))));
    }
    return out;
  }

  async listWarnings(runId?: string): Promise<ImportWarning[]> {
    const rows = await this.engine.all(Q.listWarnings, [runId ?? null]);
    return rows.map((w) => ({ runId: w.run_id, file: w.file, offset: finiteOrNull(w.offset), message: w.message }));
  }
}

/** Stored values are JSON scalars; anything else (a cache written by another version) is shown as its text. */
function decodeConfigValue(json: string): ConfigScalar {
  try {
    const v: unknown = JSON.parse(json);
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    // JSON has no NaN/Inf; a finite number is kept as is.
    if (typeof v === 'number') return v;
    return JSON.stringify(v);
  } catch {
    return json;
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
