import type { RunStatus } from '../../../shared/domain/run';
import type { ConfigValue, ImportRecord, RunMetaRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';
import type { JsonObject, JsonValue } from '../../../shared/util/tolerant-json';
import { flattenConfig } from '../../../shared/util/flatten';
import { ConfigState, SummaryState } from './key-values';
import type { Item, RunInfo } from './record';
import { pointValue, seriesName } from './values';

/** Points buffered per series before they are handed out as one batch (bounds memory on huge logs). */
export const BATCH_POINTS = 65_536;
/** History keys that are axes, not metrics: the step, seconds since start, and the Unix time of the row. */
export const AXIS_KEYS: ReadonlySet<string> = new Set(['_step', '_runtime', '_timestamp']);

interface SeriesBuffer {
  steps: GrowableF64;
  values: GrowableF64;
  walls: GrowableF64;
}

/** RunState as carried in a resume point (see snapshot). */
export interface RunSnapshot {
  readonly nextStep: number;
  readonly wallMin: number | null;
  readonly wallMax: number | null;
  readonly startSec: number | null;
  readonly name: string | null;
  readonly runFields: Readonly<Record<string, ConfigValue>>;
  /** The config from the logs; null when config.yaml stood in for it. */
  readonly config: Readonly<Record<string, ConfigValue>> | null;
  /** The summary values; null when the last folder's wandb-summary.json stood in for its log. */
  readonly summary: Readonly<Record<string, JsonValue>> | null;
}

/** How one run folder (segment) ended, as far as its files tell. */
export interface SegmentOutcome {
  /** Whether the transaction log could be read at all. */
  readonly hasLog: boolean;
  readonly exit: { readonly exitCode: number; readonly runtimeSec: number } | null;
  /** The exception line of the segment's last traceback, '' when the output stops inside it; null without one. */
  readonly lastException: string | null;
}

/** State that spans a run's segments (one W&B run id resumed in several folders is one run). */
export class RunState {
  private readonly buffers = new Map<string, SeriesBuffer>();
  /** Where a history row without `_step` goes: W&B numbers rows 0, 1, 2… per run. */
  private nextStep = 0;
  readonly config = new ConfigState();
  readonly summary = new SummaryState();
  /** config.yaml, used only when the logs carried no config at all (a log cut before its run record). */
  yamlConfig: Record<string, ConfigValue> | null = null;
  readonly metadata: Record<string, ConfigValue> = {};
  readonly runFields: Record<string, ConfigValue> = {};
  name: string | null = null;
  startSec: number | null = null;
  private wallMin = Number.POSITIVE_INFINITY;
  private wallMax = Number.NEGATIVE_INFINITY;
  outcome: SegmentOutcome | null = null;

  /** One history row: a point per numeric item at the row's `_step`, wall time from `_timestamp`. */
  addHistory(items: readonly Item[], stepNum: number | null): ImportRecord[] {
    let step: number | null = null;
    let wall = Number.NaN;
    for (const item of items) {
      const name = seriesName(item);
      if (name === '_step') step = pointValue(item.valueJson);
      else if (name === '_timestamp') wall = pointValue(item.valueJson) ?? Number.NaN;
    }
    const at = step !== null && Number.isFinite(step) ? step : (stepNum ?? this.nextStep);
    this.nextStep = at + 1;
    this.noteWall(wall);
    const full: ImportRecord[] = [];
    for (const item of items) {
      const name = seriesName(item);
      if (name === '' || AXIS_KEYS.has(name)) continue;
      const value = pointValue(item.valueJson);
      if (value === null) continue;
      const batch = this.add(name, at, value, wall);
      if (batch) full.push(batch);
    }
    return full;
  }

  noteRun(run: RunInfo): void {
    if (run.displayName !== '') this.name = run.displayName;
    if (run.startSec !== null && run.startSec > 0 && (this.startSec === null || run.startSec < this.startSec)) this.startSec = run.startSec;
    const fields: [string, ConfigValue][] = [
      ['run_id', run.runId], ['project', run.project], ['entity', run.entity], ['group', run.group], ['job_type', run.jobType], ['notes', run.notes],
    ];
    for (const [k, v] of fields) if (v !== '') this.runFields[k] = v;
    if (run.tags.length > 0) this.runFields.tags = JSON.stringify(run.tags);
  }

  setMetadata(obj: JsonObject): void {
    Object.assign(this.metadata, flattenConfig(obj));
  }

  noteWall(sec: number | null): void {
    if (sec === null || !Number.isFinite(sec) || sec <= 0) return;
    if (sec < this.wallMin) this.wallMin = sec;
    if (sec > this.wallMax) this.wallMax = sec;
  }

  /** Every buffered batch, in order of first appearance. */
  *flush(): Generator<ImportRecord> {
    for (const name of [...this.buffers.keys()]) {
      const r = this.take(name);
      if (r) yield r;
    }
  }

  *finish(): Generator<ImportRecord> {
    yield* this.flush();
    yield* this.configRecords();
    yield this.runMeta();
  }

  /** The run's config records: config (from the logs, else config.yaml), summary, metadata, wandb-run. */
  *configRecords(): Generator<ImportRecord> {
    const config = this.config.hasAny ? this.config.toObject() : this.yamlConfig;
    if (config && Object.keys(config).length > 0) yield { kind: 'config', origin: 'config', entries: config };
    const summary = this.summary.toObject();
    if (Object.keys(summary).length > 0) yield { kind: 'config', origin: 'summary', entries: summary };
    if (Object.keys(this.metadata).length > 0) yield { kind: 'config', origin: 'metadata', entries: this.metadata };
    if (Object.keys(this.runFields).length > 0) yield { kind: 'config', origin: 'wandb-run', entries: this.runFields };
  }

  runMeta(): RunMetaRecord {
    const start = this.startSec ?? (Number.isFinite(this.wallMin) ? this.wallMin : null);
    let end = Number.isFinite(this.wallMax) ? this.wallMax : null;
    if (end === null && start !== null && this.outcome?.exit && this.outcome.exit.runtimeSec > 0) end = start + this.outcome.exit.runtimeSec;
    return {
      kind: 'run-meta',
      ...(this.name !== null ? { name: this.name } : {}),
      status: statusOf(this.outcome),
      ...(start !== null ? { wallStartSec: start } : {}),
      ...(end !== null ? { wallEndSec: Math.max(end, start ?? end) } : {}),
    };
  }

  /**
   * What a later read of the last log needs to go on as one read of the whole run would: the step counter, the wall
   * range, and the config and summary as far as the logs say (null where a `files/` copy stood in for them).
   */
  snapshot(summaryFromLog: boolean): RunSnapshot {
    return {
      nextStep: this.nextStep,
      wallMin: Number.isFinite(this.wallMin) ? this.wallMin : null,
      wallMax: Number.isFinite(this.wallMax) ? this.wallMax : null,
      startSec: this.startSec,
      name: this.name,
      runFields: { ...this.runFields },
      config: this.config.hasAny ? this.config.toObject() : null,
      summary: summaryFromLog ? this.summary.entries() : null,
    };
  }

  static restore(s: RunSnapshot): RunState {
    const state = new RunState();
    state.nextStep = s.nextStep;
    state.noteWall(s.wallMin);
    state.noteWall(s.wallMax);
    state.startSec = s.startSec;
    state.name = s.name;
    Object.assign(state.runFields, s.runFields);
    if (s.config !== null) state.config.restore(s.config);
    if (s.summary !== null) state.summary.setAll(s.summary);
    return state;
  }

  /**
   * Everything that a config record or the run's name would show, as one string: two reads that agree on it store
   * the same config (metadata aside: it comes only from wandb-metadata.json, never from the log).
   */
  configDigest(): string {
    const parts = { config: this.config.hasAny ? this.config.toObject() : null, summary: this.summary.toObject(), runFields: this.runFields, name: this.name };
    return JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  }

  private add(name: string, step: number, value: number, wall: number): ImportRecord | null {
    let b = this.buffers.get(name);
    if (!b) {
      b = { steps: new GrowableF64(), values: new GrowableF64(), walls: new GrowableF64() };
      this.buffers.set(name, b);
    }
    b.steps.push(step);
    b.values.push(value);
    b.walls.push(wall);
    return b.steps.length >= BATCH_POINTS ? this.take(name) : null;
  }

  private take(name: string): ImportRecord | null {
    const b = this.buffers.get(name);
    if (!b || b.steps.length === 0) return null;
    this.buffers.delete(name);
    return { kind: 'scalars', metric: name, steps: b.steps.view(), values: b.values.view(), wallTimesSec: b.walls.view() };
  }
}

/**
 * The run's status is how its last segment ended (a crash that was resumed and then finished is finished):
 * - an exit record: code 0 is finished; otherwise crashed, or killed when the last traceback is a KeyboardInterrupt;
 * - no exit record (the process died before wandb could write one): crashed when the output ends in a traceback,
 *   otherwise killed. A run still being written looks the same until it exits; the host can tell by file times.
 * - nothing readable: unknown.
 */
export function statusOf(outcome: SegmentOutcome | null): RunStatus {
  if (outcome === null) return 'unknown';
  const isInterrupt = outcome.lastException !== null && /^KeyboardInterrupt\b/.test(outcome.lastException);
  if (outcome.exit !== null) {
    if (outcome.exit.exitCode === 0) return 'finished';
    return isInterrupt ? 'killed' : 'crashed';
  }
  if (outcome.lastException !== null) return isInterrupt ? 'killed' : 'crashed';
  return outcome.hasLog ? 'killed' : 'unknown';
}
