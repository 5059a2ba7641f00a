import type { ImportWarning, MetricSummary, RunSummary, Source } from '../../../shared/domain/run';
import type { RunSeries } from '../../../shared/domain/series';
import { toColumn } from '../../../shared/domain/series';
import type { ImportDone, ImportProgress } from '../../../shared/ipc/events';

/** Builders for the renderer's unit tests: valid contract values with only the fields a test cares about set. */

export function run(id: string, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    sourceId: 'src',
    path: id,
    name: id,
    format: 'tensorboard',
    importerVersion: 1,
    status: 'finished',
    lastStep: 100,
    lastLoss: { metric: 'loss', step: 100, value: 0.5 },
    wallStartSec: 1_700_000_000,
    wallEndSec: 1_700_003_600,
    metricCount: 2,
    pointCount: 100,
    warningCount: 0,
    checkpoints: [],
    bestModelCheckpoint: null,
    configCount: 0,
    ...over,
  };
}

export function source(id: string, over: Partial<Source> = {}): Source {
  return { id, path: `/data/${id}`, name: id, addedAtMs: 0, runCount: 1, state: 'ready', error: null, ...over };
}

export function metric(runId: string, name: string, over: Partial<MetricSummary> = {}): MetricSummary {
  return { runId, name, points: 10, firstStep: 0, lastStep: 90, lastValue: 1, min: 0, max: 2, nonFiniteCount: 0, ...over };
}

/** A raw series; null values (a non-finite point's slot) become NaN, as the host sends them. */
export function raw(runId: string, steps: number[], values: (number | null)[], nonFinite: RunSeries['nonFinite'] = []): RunSeries {
  const v = toColumn(values);
  return { runId, mode: 'raw', totalPoints: steps.length, steps: toColumn(steps), values: v, min: v, max: v, first: v, smoothed: null, nonFinite };
}

export function buckets(runId: string, steps: number[], values: (number | null)[], min: (number | null)[], max: (number | null)[], totalPoints = 10_000): RunSeries {
  const v = toColumn(values);
  return { runId, mode: 'buckets', totalPoints, steps: toColumn(steps), values: v, min: toColumn(min), max: toColumn(max), first: v, smoothed: null, nonFinite: [] };
}

export function warning(runId: string | null, message: string, over: Partial<ImportWarning> = {}): ImportWarning {
  return { runId, file: 'events.out.tfevents.1', offset: 1234, message, ...over };
}

export function progress(jobId: string, over: Partial<ImportProgress> = {}): ImportProgress {
  return { jobId, sourceId: 'src', phase: 'importing', filesDone: 3, filesTotal: 10, bytesDone: 3000, bytesTotal: 10_000, currentFile: 'a/events.out', ...over };
}

export function done(jobId: string, over: Partial<ImportDone> = {}): ImportDone {
  return { jobId, sourceId: 'src', runsImported: 4, runsAppended: 0, runsSkipped: 1, warnings: 2, cancelled: false, error: null, ...over };
}

/** A scheduler the test runs by hand: timers never fire on their own. */
export class ManualScheduler {
  readonly pending: { fn: () => void; ms: number; id: number }[] = [];
  private nextId = 1;
  readonly schedule = (fn: () => void, ms: number): number => {
    const id = this.nextId++;
    this.pending.push({ fn, ms, id });
    return id;
  };
  readonly unschedule = (id: unknown): void => {
    const i = this.pending.findIndex((p) => p.id === id);
    if (i >= 0) this.pending.splice(i, 1);
  };
  /** Runs everything scheduled so far; returns the delays they were scheduled with. */
  runAll(): number[] {
    const now = this.pending.splice(0);
    for (const p of now) p.fn();
    return now.map((p) => p.ms);
  }
}
