import type { Checkpoint, RunFormat, RunStatus } from '../../shared/domain/run';
import type { Importer, RunSource } from '../../shared/importers/importer';
import type { ConfigValue, EvalResultRecord, EvalSampleRecord, SweepPointRecord, ImportRecord, LogLinesRecord, ResumePointRecord, WarningRecord } from '../../shared/importers/records';
import { GrowableF64 } from '../../shared/util/growable';

export interface SeriesData {
  readonly name: string;
  readonly steps: GrowableF64;
  readonly values: GrowableF64;
  /** Null until a batch brings wall times; batches without them pad with NaN. */
  walls: GrowableF64 | null;
}

/** Everything one run's importer produced, gathered in memory before it is stored or printed. */
export interface RunData {
  readonly relPath: string;
  readonly format: RunFormat;
  readonly importerVersion: number;
  name: string | null;
  status: RunStatus;
  wallStartSec: number | null;
  wallEndSec: number | null;
  bestModelCheckpoint: string | null;
  readonly series: Map<string, SeriesData>;
  readonly configs: { origin: string; key: string; value: ConfigValue }[];
  readonly checkpoints: Checkpoint[];
  readonly warnings: Omit<WarningRecord, 'kind'>[];
  readonly evals: Omit<EvalResultRecord, 'kind'>[];
  readonly samples: Omit<EvalSampleRecord, 'kind'>[];
  readonly sweepPoints: Omit<SweepPointRecord, 'kind'>[];
  readonly logs: Omit<LogLinesRecord, 'kind'>[];
  /** Per file, where live follow can continue reading (only from importers that can resume). */
  readonly resumePoints: Map<string, Omit<ResumePointRecord, 'kind' | 'file'>>;
}

/** Drains one importer's records into a RunData. The importer contract says parse never throws; we still guard. */
export async function readRun(importer: Importer, src: RunSource, signal: AbortSignal): Promise<RunData> {
  return drainRecords(importer, src, importer.parse(src, signal), signal);
}

/** Drains any record stream of one run (a full parse, or a `resume` over the bytes a live file gained). */
export async function drainRecords(importer: Importer, src: RunSource, records: AsyncIterable<ImportRecord>, signal: AbortSignal): Promise<RunData> {
  const run: RunData = {
    relPath: src.relPath,
    format: importer.id,
    importerVersion: importer.version,
    name: null,
    status: 'unknown',
    wallStartSec: null,
    wallEndSec: null,
    bestModelCheckpoint: null,
    series: new Map(),
    configs: [],
    checkpoints: [],
    warnings: [],
    evals: [],
    samples: [],
    sweepPoints: [],
    logs: [],
    resumePoints: new Map(),
  };
  try {
    for await (const rec of records) {
      switch (rec.kind) {
        case 'run-meta':
          if (rec.name !== undefined) run.name = rec.name;
          if (rec.status !== undefined) run.status = rec.status;
          if (rec.wallStartSec !== undefined) run.wallStartSec = minOf(run.wallStartSec, rec.wallStartSec);
          if (rec.wallEndSec !== undefined) run.wallEndSec = maxOf(run.wallEndSec, rec.wallEndSec);
          if (rec.bestModelCheckpoint !== undefined) run.bestModelCheckpoint = rec.bestModelCheckpoint;
          break;
        case 'scalars': {
          let s = run.series.get(rec.metric);
          if (!s) {
            s = { name: rec.metric, steps: new GrowableF64(rec.steps.length), values: new GrowableF64(rec.values.length), walls: null };
            run.series.set(rec.metric, s);
          }
          const before = s.steps.length;
          s.steps.pushAll(rec.steps);
          s.values.pushAll(rec.values);
          if (rec.wallTimesSec) {
            if (!s.walls) {
              s.walls = new GrowableF64(before + rec.wallTimesSec.length);
              for (let i = 0; i < before; i++) s.walls.push(Number.NaN);
            }
            s.walls.pushAll(rec.wallTimesSec);
          } else if (s.walls) {
            for (let i = 0; i < rec.steps.length; i++) s.walls.push(Number.NaN);
          }
          break;
        }
        case 'config':
          for (const [key, value] of Object.entries(rec.entries)) run.configs.push({ origin: rec.origin, key, value });
          break;
        case 'checkpoint':
          run.checkpoints.push({ path: rec.path, step: rec.step });
          break;
        case 'warning':
          run.warnings.push({ file: rec.file, offset: rec.offset, message: rec.message });
          break;
        case 'eval': {
          const { kind: _k, ...e } = rec;
          run.evals.push(e);
          break;
        }
        case 'eval-sample': {
          const { kind: _k, ...e } = rec;
          run.samples.push(e);
          break;
        }
        case 'sweep-point': {
          const { kind: _k, ...e } = rec;
          run.sweepPoints.push(e);
          break;
        }
        case 'log-lines': {
          const { kind: _k, ...e } = rec;
          run.logs.push(e);
          break;
        }
        case 'resume-point': {
          const { kind: _k, file, ...point } = rec;
          run.resumePoints.set(file, point);
          break;
        }
        default: {
          const never: never = rec;
          throw new Error(`unknown record ${String(never)}`);
        }
      }
    }
  } catch (err) {
    if (signal.aborted) throw err;
    run.warnings.push({ file: src.files[0] ?? src.relPath, offset: null, message: `Import stopped early: ${errorMessage(err)}` });
  }
  return run;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const minOf = (a: number | null, b: number) => (a === null || b < a ? b : a);
const maxOf = (a: number | null, b: number) => (a === null || b > a ? b : a);
