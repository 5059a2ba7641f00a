import auditRuns from './queries/audit-runs.sql?raw';
import auditSamples from './queries/audit-samples.sql?raw';
import blocksCoarse from './queries/blocks-coarse.sql?raw';
import blocksDelete from './queries/blocks-delete.sql?raw';
import blocksFine from './queries/blocks-fine.sql?raw';
import blocksMissing from './queries/blocks-missing.sql?raw';
import listCheckpoints from './queries/list-checkpoints.sql?raw';
import listConfigs from './queries/list-configs.sql?raw';
import listEvalDocs from './queries/list-eval-docs.sql?raw';
import listEvalSamples from './queries/list-eval-samples.sql?raw';
import listEvals from './queries/list-evals.sql?raw';
import listMetrics from './queries/list-metrics.sql?raw';
import listRunCheckpoints from './queries/list-run-checkpoints.sql?raw';
import listRunLosses from './queries/list-run-losses.sql?raw';
import listRuns from './queries/list-runs.sql?raw';
import listSweepPoints from './queries/list-sweep-points.sql?raw';
import listSources from './queries/list-sources.sql?raw';
import listWarnings from './queries/list-warnings.sql?raw';
import metricIdMax from './queries/metric-id-max.sql?raw';
import reportData from './queries/report-data.sql?raw';
import runRoots from './queries/run-roots.sql?raw';
import metricsAtStep from './queries/metrics-at-step.sql?raw';
import listLogLines from './queries/list-log-lines.sql?raw';
import logContext from './queries/log-context.sql?raw';
import logFileSize from './queries/log-file-size.sql?raw';
import progressPoints from './queries/progress-points.sql?raw';
import runVersions from './queries/run-versions.sql?raw';
import runFingerprints from './queries/run-fingerprints.sql?raw';
import seriesBlockBuckets from './queries/series-block-buckets.sql?raw';
import seriesBuckets from './queries/series-buckets.sql?raw';
import seriesManyBuckets from './queries/series-many-buckets.sql?raw';
import seriesManyRaw from './queries/series-many-raw.sql?raw';
import seriesAll from './queries/series-all.sql?raw';
import seriesCount from './queries/series-count.sql?raw';
import seriesGroupBuckets from './queries/series-group-buckets.sql?raw';
import seriesGroupRange from './queries/series-group-range.sql?raw';
import seriesNonfinite from './queries/series-nonfinite.sql?raw';
import seriesRaw from './queries/series-raw.sql?raw';
import seriesRestarts from './queries/series-restarts.sql?raw';
import seriesXBuckets from './queries/series-x-buckets.sql?raw';
import seriesXCount from './queries/series-x-count.sql?raw';
import seriesXNonfinite from './queries/series-x-nonfinite.sql?raw';
import seriesXOrigin from './queries/series-x-origin.sql?raw';
import seriesXPoints from './queries/series-x-points.sql?raw';
import seriesXRaw from './queries/series-x-raw.sql?raw';

/** A named, parameterised query with its parameter tuple and row shape. The renderer never sends SQL. */
export interface NamedQuery<P extends readonly Param[], R> {
  readonly id: string;
  readonly sql: string;
  /** Phantom fields carrying the types; never set. */
  readonly _params?: P;
  readonly _row?: R;
}
export type Param = string | number | boolean | null | readonly string[] | readonly number[];

const named = <P extends readonly Param[], R>(id: string, sql: string): NamedQuery<P, R> => ({ id, sql });
/** The series-x-* queries share one head (the points with their x): one copy of it, in series-x-points.sql. */
const withXPoints = (tail: string) => `${seriesXPoints}\n${tail}`;

type N = number | null;
/** A pixel bucket of one of several series, all DOUBLE (NULL read as NaN): see series-many-buckets.sql. */
export type ManyBucketRow = { metric_id: number; step: number; value: number; first: number; last_seq: number; lo: number; hi: number; n: number };

export const Q = {
  listSources: named<[], { id: string; path: string; name: string; added_at_ms: number; state: string; error: string | null; run_count: number }>('list-sources', listSources),
  listRuns: named<[sourceIds: readonly string[] | null], {
    id: string; source_id: string; path: string; name: string; format: string; importer_version: number; status: string;
    wall_start: N; wall_end: N; best_model_checkpoint: string | null; last_step: N; metric_count: number; point_count: number;
    warning_count: number; config_count: number;
  }>('list-runs', listRuns),
  listRunLosses: named<[sourceIds: readonly string[] | null], { run_id: string; name: string; last_step: N; last_value: N }>('list-run-losses', listRunLosses),
  listRunCheckpoints: named<[sourceIds: readonly string[] | null], { run_id: string; path: string; step: N }>('list-run-checkpoints', listRunCheckpoints),
  listMetrics: named<[runIds: readonly string[]], {
    run_id: string; name: string; points: number; first_step: N; last_step: N; last_value: N; min_value: N; max_value: N;
    non_finite: number; id: number; steps_ordered: boolean | null;
  }>('list-metrics', listMetrics),
  listCheckpoints: named<[runIds: readonly string[]], { run_id: string; path: string; step: N }>('list-checkpoints', listCheckpoints),
  listConfigs: named<[runIds: readonly string[]], { run_id: string; origin: string; key: string; value_json: string }>('list-configs', listConfigs),
  listEvals: named<[runIds: readonly string[]], {
    run_id: string; task: string; metric: string; filter: string; value: number; stderr: N; higher_is_better: boolean | null; n_samples: N;
  }>('list-evals', listEvals),
  listEvalDocs: named<[runIds: readonly string[]], { run_id: string; task: string; filter: string; doc_id: N; doc_hash: string | null; metrics_json: string }>('list-eval-docs', listEvalDocs),
  listEvalSamples: named<[runIds: readonly string[]], {
    run_id: string; task: string; filter: string; doc_id: N; doc_hash: string | null; category: string | null; target: string; prompt: string;
    response: string; metrics_json: string;
  }>('list-eval-samples', listEvalSamples),
  auditRuns: named<[runIds: readonly string[]], { id: string; name: string; path: string; format: string; source_path: string }>('audit-runs', auditRuns),
  auditSamples: named<[runIds: readonly string[]], {
    run_id: string; task: string; doc_id: N; category: string | null; target: string; response: string; metrics_json: string; extras_json: string | null;
  }>('audit-samples', auditSamples),
  listSweepPoints: named<[runIds: readonly string[]], {
    run_id: string; direction: string; is_control: boolean; alpha: number; task: string; metric: string; filter: string; value: number; stderr: N;
    higher_is_better: boolean | null;
  }>('list-sweep-points', listSweepPoints),
  listWarnings: named<[runId: string | null], { run_id: string | null; file: string; offset: N; message: string }>('list-warnings', listWarnings),
  runFingerprints: named<[sourceId: string], { id: string; fingerprint: string; importer_version: number }>('run-fingerprints', runFingerprints),
  reportData: named<[curveRunIds: readonly string[], metrics: readonly string[], evalRunIds: readonly string[]], {
    kind: string; run: string; run_path: string; metric: string; filter: string | null; seq: N; step: N; value: number; stderr: N;
  }>('report-data', reportData),
  listLogLines: named<[runId: string], { file: string; line: number; text: string }>('list-log-lines', listLogLines),
  logContext: named<[runId: string, file: string, first: number, last: number], { line: number; text: string }>('log-context', logContext),
  logFileSize: named<[runId: string, file: string], { n: number; last_line: number }>('log-file-size', logFileSize),
  progressPoints: named<[metricId: number], { step: number; wall: number | null }>('progress-points', progressPoints),
  metricsAtStep: named<[runId: string, step: number], { name: string; step: number; value: number }>('metrics-at-step', metricsAtStep),
  runRoots: named<[runIds: readonly string[]], { run_id: string; source_path: string }>('run-roots', runRoots),
  runVersions: named<[runIds: readonly string[]], { id: string; fingerprint: string; imported_at_ms: number }>('run-versions', runVersions),
  metricIdMax: named<[], { max_id: number }>('metric-id-max', metricIdMax),
  seriesCount: named<[metricId: number, stepMin: N, stepMax: N], { n: number; lo: N; hi: N }>('series-count', seriesCount),
  seriesRaw: named<[metricId: number, stepMin: N, stepMax: N], { seq: number; step: number; value: number }>('series-raw', seriesRaw),
  seriesBuckets: named<[metricId: number, lo: number, hi: number, buckets: number, seqFrom: N, seqTo: N], { b: number; step: number; value: number; first: number; last_seq: number; lo: N; hi: N }>('series-buckets', seriesBuckets),
  seriesManyRaw: named<[metricIds: readonly number[], stepMin: N, stepMax: N], { metric_id: number; seq: number; step: number; value: number }>('series-many-raw', seriesManyRaw),
  seriesManyBuckets: named<[metricIds: readonly number[], lo: number, hi: number, buckets: number], ManyBucketRow>('series-many-buckets', seriesManyBuckets),
  seriesBlockBuckets: named<[metricIds: readonly number[], lo: number, hi: number, buckets: number, blockSize: number], ManyBucketRow>('series-block-buckets', seriesBlockBuckets),
  seriesNonfinite: named<[metricId: number, stepMin: N, stepMax: N], { step: number; value: number }>('series-nonfinite', seriesNonfinite),
  // Series on a wall-time or metric x axis: x metric id null = wall time less `offset`.
  seriesXCount: named<[metricId: number, xMetricId: N, offset: number, xMin: N, xMax: N], { n: number; missing: number; lo: N; hi: N }>('series-x-count', withXPoints(seriesXCount)),
  seriesXRaw: named<[metricId: number, xMetricId: N, offset: number, xMin: N, xMax: N], { seq: number; step: number; x: number; value: number }>('series-x-raw', withXPoints(seriesXRaw)),
  seriesXBuckets: named<[metricId: number, xMetricId: N, offset: number, lo: number, hi: number, buckets: number], { b: number; step: number; x: number; value: number; first: number; last_seq: number; lo: N; hi: N }>('series-x-buckets', withXPoints(seriesXBuckets)),
  seriesXNonfinite: named<[metricId: number, xMetricId: N, offset: number, xMin: N, xMax: N], { step: number; x: number; value: number }>('series-x-nonfinite', withXPoints(seriesXNonfinite)),
  seriesXOrigin: named<[runId: string, metricId: number], { run_start: N; first_wall: N }>('series-x-origin', seriesXOrigin),
  seriesGroupRange: named<[metricIds: readonly string[]], { lo: N; hi: N }>('series-group-range', seriesGroupRange),
  seriesGroupBuckets: named<[metricIds: readonly string[], lo: number, hi: number, buckets: number], { b: number; mean: number; sd: N; n: number; lo: number; hi: number }>('series-group-buckets', seriesGroupBuckets),
  seriesRestarts: named<[metricId: number], { seq: number; step: number; from_step: number }>('series-restarts', seriesRestarts),
  blocksDelete: named<[metricIds: readonly number[], fromSeq: number], Record<string, never>>('blocks-delete', blocksDelete),
  blocksFine: named<[metricIds: readonly number[], fromSeq: number, size: number], Record<string, never>>('blocks-fine', blocksFine),
  blocksCoarse: named<[metricIds: readonly number[], fromSeq: number, finer: number, coarser: number], Record<string, never>>('blocks-coarse', blocksCoarse),
  blocksMissing: named<[minPoints: number], { id: number; points: number }>('blocks-missing', blocksMissing),
  seriesAll: named<[metricId: number], { step: number; value: number }>('series-all', seriesAll),
} as const;
