import type { FindingParams } from '../../shared/analysis/findings';
import { computeFindings, DEFAULT_FINDING_PARAMS } from '../../shared/analysis/findings';
import type { Finding, RunFindings, SeriesInput } from '../../shared/analysis/findings/types';
import { checkpointFindings } from '../../shared/analysis/checkpoints/findings';
import { pickLossMetric } from '../../shared/domain/loss-metric';
import type { CheckpointCheck } from '../../shared/domain/run';
import type { LibraryService } from './library';
import type { DiagnosisService } from './diagnosis';
import { failureFindings } from '../../shared/analysis/diagnosis/findings';
import type { RunDiagnosis } from '../../shared/domain/diagnosis';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';

/** Runs whose findings are kept, keyed by their metrics' ids and point counts (a re-import or a live append changes them). */
const CACHE_ENTRIES = 64;

/**
 * Findings per run (shared/analysis/findings), computed on every stored point of every metric: spikes and NaN onsets
 * must not depend on how a chart happens to be downsampled.
 */
export class FindingsService {
  private readonly cache = new Map<string, RunFindings>();

  constructor(
    private readonly engine: Engine,
    private readonly params: FindingParams = DEFAULT_FINDING_PARAMS,
    /** Checks checkpoint folders on disk; absent in tests that only look at series. */
    private readonly library: LibraryService | null = null,
    /** Failures found in the runs' logs (cached there per run version); absent in tests that only look at series. */
    private readonly diagnosis: DiagnosisService | null = null,
  ) {}

  /** Damaged checkpoint folders, pinned to their steps on the run's loss chart. Read from disk each time (not cached). */
  private checkpointFindings(checks: ReadonlyMap<string, readonly CheckpointCheck[]>, runId: string, metricNames: readonly string[]): Finding[] {
    const loss = pickLossMetric(metricNames);
    const mine = checks.get(runId) ?? [];
    return loss === null ? [] : checkpointFindings(loss, mine.filter((c) => c.ok === false));
  }

  /** Failures from the run's logs, on its loss chart: the same timeline as its spikes and NaNs (issue 9 §3). */
  private logFindings(diagnoses: ReadonlyMap<string, RunDiagnosis>, runId: string, metricNames: readonly string[]): Finding[] {
    const loss = pickLossMetric(metricNames);
    const d = diagnoses.get(runId);
    return loss === null || !d ? [] : failureFindings(loss, d.events);
  }

  async forRuns(runIds: readonly string[]): Promise<RunFindings[]> {
    if (runIds.length === 0) return [];
    const metrics = await this.engine.all(Q.listMetrics, [runIds]);
    const checks = this.library ? await this.library.checkCheckpointsOf(runIds).catch(() => new Map<string, CheckpointCheck[]>()) : new Map<string, CheckpointCheck[]>();
    const diagnoses = new Map((this.diagnosis ? await this.diagnosis.forRuns(runIds) : []).map((d) => [d.runId, d]));
    const out: RunFindings[] = [];
    for (const runId of runIds) {
      const mine = metrics.filter((m) => m.run_id === runId);
      if (mine.length === 0) {
        out.push({ runId, findings: [] });
        continue;
      }
      const key = `${runId}|${mine.map((m) => `${m.id}:${m.points}`).join(',')}`;
      const onDisk = [...this.checkpointFindings(checks, runId, mine.map((m) => m.name)), ...this.logFindings(diagnoses, runId, mine.map((m) => m.name))];
      const hit = this.cache.get(key);
      if (hit) {
        out.push(onDisk.length > 0 ? { runId, findings: [...hit.findings, ...onDisk] } : hit);
        continue;
      }
      const series = new Map<string, SeriesInput>();
      for (const m of mine) {
        const all = await this.engine.doubleColumns(Q.seriesAll, [m.id]);
        series.set(m.name, { steps: all.step, values: all.value });
      }
      const result: RunFindings = { runId, findings: computeFindings(series, this.params) };
      if (this.cache.size >= CACHE_ENTRIES) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(key, result);
      out.push(onDisk.length > 0 ? { runId, findings: [...result.findings, ...onDisk] } : result);
    }
    return out;
  }
}
