import type { Detection, DirNode } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';

export const METRICS_JSON = 'metrics.json';
export const PARAMS_YAML = 'params.yaml';
/** Where DVCLive keeps one TSV per metric, nested by the `/` in the metric's name. */
export const PLOTS_DIR = ['plots', 'metrics'] as const;
const DEFAULT_DIR_NAME = 'dvclive';

const child = (dir: DirNode | undefined, name: string) => dir?.dirs.find((d) => d.name === name);

/** Every `.tsv` below a folder, sorted by path so the series order is stable. */
function tsvFiles(dir: DirNode): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as DirNode;
    for (const f of d.files) if (f.name.endsWith('.tsv')) out.push(joinRel(d.relPath, f.name));
    stack.push(...d.dirs);
  }
  return out.sort();
}

/**
 * A DVCLive output folder (`Live(dir=…)`, `dvclive/` by default): it has `plots/metrics/**.tsv`, or it is named
 * `dvclive` and holds `metrics.json` or `params.yaml`. Those two names alone are too common (a DVC project's own
 * `params.yaml`) to claim elsewhere. The TSVs come first: the summary only fills in what they lack.
 */
export function detectDvcliveRun(dir: DirNode): Detection | null {
  const has = (n: string) => dir.files.some((f) => f.name === n);
  const plots = child(child(dir, PLOTS_DIR[0]), PLOTS_DIR[1]);
  const tsvs = plots ? tsvFiles(plots) : [];
  if (tsvs.length === 0 && !(dir.name === DEFAULT_DIR_NAME && (has(METRICS_JSON) || has(PARAMS_YAML)))) return null;
  const files = [...tsvs];
  if (has(METRICS_JSON)) files.push(joinRel(dir.relPath, METRICS_JSON));
  if (has(PARAMS_YAML)) files.push(joinRel(dir.relPath, PARAMS_YAML));
  return { confidence: 0.9, files };
}

/** `train/loss` for `<run>/plots/metrics/train/loss.tsv`: the full name lives in the path, not in the TSV header. */
export function metricNameOf(runDir: string, file: string): string {
  const prefix = joinRel(runDir, `${PLOTS_DIR.join('/')}/`);
  const rel = file.startsWith(prefix) ? file.slice(prefix.length) : (file.split('/').pop() ?? file);
  return rel.replace(/\.tsv$/, '');
}
