import type { Detection, DirNode, Importer, Peek, RunSource } from '../../../shared/importers/importer';
import { readRunFiles } from '../../../shared/importers/read-files';
import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseYaml } from '../../../shared/util/safe-yaml';
import { detectMlflowRun } from './detect';
import { parseMetricFile } from './metric-file';
import { mlflowRunMeta } from './run-meta';
import { detectMlflowDb } from './sqlite/detect';
import { isDbRunSource, parseMlflowDbRun } from './sqlite/parse';

/** The part of a run-relative path after the run folder: `metrics/rollout/exploration rate` → ['metrics', 'rollout/exploration rate']. */
function splitRunPath(runPath: string, file: string): [string, string] | null {
  const rest = file.slice(runPath === '' ? 0 : runPath.length + 1);
  const i = rest.indexOf('/');
  return i < 0 ? [rest, ''] : [rest.slice(0, i), rest.slice(i + 1)];
}

/**
 * MLflow's file store (`mlruns/<experiment>/<run>/`): metric files of `timestamp value step` lines (names with `/`
 * are folders, names may hold spaces), params and tags as one file per key, meta.yaml for status and times.
 * And its SQL store in a SQLite file (`mlflow.db`, see sqlite/): one run per row of `runs`, path `<db>/<exp>/<run>`.
 */
export const mlflowImporter: Importer = {
  id: 'mlflow',
  version: 1,

  async detect(dir: DirNode, peek: Peek) {
    const run = detectMlflowRun(dir);
    const dbRuns: Detection[] = await detectMlflowDb(dir, peek);
    if (dbRuns.length === 0) return run;
    return run ? [run, ...dbRuns] : dbRuns;
  },

  async *parse(src: RunSource, signal: AbortSignal): AsyncIterable<ImportRecord> {
    if (isDbRunSource(src)) {
      yield* parseMlflowDbRun(src, signal);
      return;
    }
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
        yield* parseMetricFile(file, name, bytes);
      } else if (kind === 'params') {
        params[name] = decodeUtf8(bytes);
      } else if (kind === 'tags') {
        tags[name] = decodeUtf8(bytes);
      }
    }
    if (Object.keys(params).length > 0) yield { kind: 'config', origin: 'params', entries: params };
    if (Object.keys(tags).length > 0) yield { kind: 'config', origin: 'tags', entries: tags };
    const m = meta ?? {};
    yield mlflowRunMeta({ tags, runName: m.run_name, status: m.status, startTimeMs: m.start_time, endTimeMs: m.end_time });
  },
};
