import { parse as parseYaml } from 'yaml';
import type { RunStatus } from '../../../shared/domain/run';
import type { DirNode, Importer, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { detectMlflowRun } from './detect';
import { parseMetricFile } from './metric-file';

/** RunStatus in MLflow's protos: RUNNING=1 SCHEDULED=2 FINISHED=3 FAILED=4 KILLED=5 (meta.yaml may hold either form). */
const STATUS: Record<string, RunStatus> = { '1': 'running', '2': 'unknown', '3': 'finished', '4': 'crashed', '5': 'killed', RUNNING: 'running', SCHEDULED: 'unknown', FINISHED: 'finished', FAILED: 'crashed', KILLED: 'killed' };

/** The part of a run-relative path after the run folder: `metrics/rollout/exploration rate` → ['metrics', 'rollout/exploration rate']. */
function splitRunPath(runPath: string, file: string): [string, string] | null {
  const rest = file.slice(runPath === '' ? 0 : runPath.length + 1);
  const i = rest.indexOf('/');
  return i < 0 ? [rest, ''] : [rest.slice(0, i), rest.slice(i + 1)];
}

/**
 * MLflow's file store (`mlruns/<experiment>/<run>/`): metric files of `timestamp value step` lines (names with `/`
 * are folders, names may hold spaces), params and tags as one file per key, meta.yaml for status and times.
 */
export const mlflowImporter: Importer = {
  id: 'mlflow',
  version: 1,

  async detect(dir: DirNode) {
    return detectMlflowRun(dir);
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    const params: Record<string, ConfigValue> = {};
    const tags: Record<string, ConfigValue> = {};
    let meta: Record<string, unknown> | null = null;
    for await (const { file, bytes, warning } of readRunFiles(src, signal)) {
      if (warning) {
        yield warning;
        continue;
      }
      const parts = splitRunPath(src.relPath, file);
      if (!parts) continue;
      const [kind, name] = parts;
      if (kind === 'meta.yaml') {
        try {
          const v: unknown = parseYaml(decodeUtf8(bytes));
          if (v !== null && typeof v === 'object') meta = v as Record<string, unknown>;
        } catch (err) {
          yield { kind: 'warning', file, offset: null, message: `meta.yaml could not be read: ${(err as Error).message}` };
        }
      } else if (kind === 'metrics') {
        yield* parseMetricFile(file, name, decodeUtf8(bytes));
      } else if (kind === 'params') {
        params[name] = decodeUtf8(bytes);
      } else if (kind === 'tags') {
        tags[name] = decodeUtf8(bytes);
      }
    }
    if (Object.keys(params).length > 0) yield { kind: 'config', origin: 'params', entries: params };
    if (Object.keys(tags).length > 0) yield { kind: 'config', origin: 'tags', entries: tags };
    const m = meta ?? {};
    const name = typeof tags['mlflow.runName'] === 'string' ? tags['mlflow.runName'] : typeof m.run_name === 'string' && m.run_name !== '' ? m.run_name : undefined;
    const start = typeof m.start_time === 'number' ? m.start_time / 1000 : undefined;
    const end = typeof m.end_time === 'number' ? m.end_time / 1000 : undefined;
    yield {
      kind: 'run-meta',
      ...(name !== undefined ? { name } : {}),
      status: STATUS[String(m.status ?? '')] ?? 'unknown',
      ...(start !== undefined ? { wallStartSec: start } : {}),
      ...(end !== undefined ? { wallEndSec: end } : {}),
    };
  },
};
