import type { Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '../../../shared/util/safe-yaml';
import type { MixtureInput } from '../../../shared/analysis/audit/mixture';
import { readDataMixture, readDatasetCard, readLlamaFactory } from '../../../shared/analysis/audit/mixture';

/**
 * Finds and reads the data-mixture descriptions that apply to one run (docs/mixture-format.md): the nearest
 * `data_mixture.json|yaml|yml` from the run folder up to the source root, LLaMA-Factory's `dataset_info.json` for the
 * datasets the run's config names, and a dataset card (`README.md`) in the run folder itself. Nothing outside the
 * source root is read, symlinks included: a mixture description must not pull in files the user did not open.
 */

const MIXTURE_NAMES = ['data_mixture.json', 'data_mixture.yaml', 'data_mixture.yml'] as const;
const DATASET_INFO = 'dataset_info.json';
/** LLaMA-Factory's default `dataset_dir`. */
const DEFAULT_DATASET_DIR = 'data';
/** Descriptions are small; a larger file is almost certainly something else of the same name. */
const MAX_DESCRIPTION_BYTES = 16 * 1024 * 1024;
/** Row counting reads the whole file; past this it costs more memory than an audit is worth. */
const MAX_DATA_BYTES = 256 * 1024 * 1024;
const COUNTABLE = new Set(['.json', '.jsonl', '.ndjson']);

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** A file's real path and stats when it exists and its real path lies inside `root`; null otherwise. */
async function realInside(root: string, p: string): Promise<{ real: string; st: Stats } | null> {
  try {
    const real = await realpath(p);
    if (!inside(root, real)) return null;
    return { real, st: await stat(real) };
  } catch {
    return null;
  }
}

/** The path shown to the user: relative to the source root, '/'-separated. */
function relOf(root: string, logical: string, real: string): string {
  let rel = path.relative(root, logical);
  if (rel.startsWith('..') || path.isAbsolute(rel)) rel = path.relative(root, real);
  return rel.split(path.sep).join('/');
}

/** The run folder and its ancestors, nearest first, ending at the root. */
function ancestors(run: string, root: string): string[] {
  const out: string[] = [];
  for (let d = run; inside(root, d); d = path.dirname(d)) {
    out.push(d);
    if (d === root || path.dirname(d) === d) break;
  }
  return out;
}

function errText(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

interface Found {
  readonly logical: string;
  readonly real: string;
  readonly size: number;
}

async function firstFile(root: string, candidates: readonly string[]): Promise<Found | null> {
  for (const logical of candidates) {
    const hit = await realInside(root, logical);
    if (hit?.st.isFile()) return { logical, real: hit.real, size: hit.st.size };
  }
  return null;
}

function configValue(configs: readonly { key: string; value: unknown }[], key: string): unknown {
  return configs.find((c) => c.key === key && c.value !== null && c.value !== undefined && c.value !== '')?.value;
}

/** LLaMA-Factory's `dataset`: "a,b", a list, or a list flattened to its JSON text by the config reader. */
function datasetNames(v: unknown): string[] {
  let list: unknown = v;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      list = JSON.parse(v);
    } catch {
      list = v;
    }
  }
  const items = Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : typeof list === 'string' ? list.split(',') : [];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

function failed(file: string, format: MixtureInput['format'], warning: string): MixtureInput {
  return { file, format, unit: 'rows', sources: [], caps: {}, warnings: [warning] };
}

async function readText(f: Found): Promise<string> {
  return (await readFile(f.real, 'utf8')).replace(/^\uFEFF/, '');
}

async function loadDataMixture(root: string, f: Found): Promise<MixtureInput> {
  const file = relOf(root, f.logical, f.real);
  if (f.size > MAX_DESCRIPTION_BYTES) return failed(file, 'data-mixture', `${file} is ${f.size} bytes, more than a mixture description should be; not read.`);
  try {
    const text = await readText(f);
    const value: unknown = f.real.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return readDataMixture(file, value);
  } catch (err) {
    return failed(file, 'data-mixture', `${file} does not parse: ${errText(err)}`);
  }
}

/** Non-empty lines, counted on bytes so a large JSONL file is never decoded. */
function countLines(buf: Uint8Array): number {
  let rows = 0;
  for (let start = 0; start < buf.length; ) {
    let end = buf.indexOf(0x0a, start);
    if (end === -1) end = buf.length;
    for (let i = start; i < end; i += 1) {
      const b = buf[i];
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) {
        rows += 1;
        break;
      }
    }
    start = end + 1;
  }
  return rows;
}

/** Rows of one local data file: a JSON array's length, or non-empty lines of JSON Lines (also in a `.json` file). */
async function countFile(abs: string, size: number, rel: string): Promise<number | string> {
  const ext = path.extname(abs).toLowerCase();
  if (!COUNTABLE.has(ext)) return `${rel}: rows of ${ext || 'extension-less'} files are not counted (JSON and JSON Lines only)`;
  if (size > MAX_DATA_BYTES) return `${rel} is larger than ${MAX_DATA_BYTES / 1024 / 1024} MB; rows not counted`;
  const buf = await readFile(abs);
  if (ext !== '.json') return countLines(buf);
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.length : `${rel} holds a JSON ${value === null ? 'null' : typeof value}, not a list of rows`;
  } catch (err) {
    const first = text.split('\n').find((l) => l.trim() !== '');
    try {
      if (first !== undefined && typeof JSON.parse(first) === 'object') return countLines(buf);
    } catch {
      // not JSON Lines either: report the whole-file error below
    }
    return `${rel} does not parse as JSON: ${errText(err)}`;
  }
}

/** Rows of a dataset's `file_name`: a file, or a folder of JSON / JSON Lines files (LLaMA-Factory accepts both). */
async function countRows(root: string, infoDir: string, fileName: string): Promise<number | string> {
  const logical = path.resolve(infoDir, fileName);
  const hit = await realInside(infoDir, logical);
  if (!hit) return `\`${fileName}\` is missing or lies outside the dataset_info.json folder; rows not counted`;
  const rel = relOf(root, logical, hit.real);
  if (hit.st.isFile()) return countFile(hit.real, hit.st.size, rel);
  if (!hit.st.isDirectory()) return `${rel} is not a file; rows not counted`;
  let total = 0;
  let counted = 0;
  for (const name of (await readdir(hit.real)).sort()) {
    if (!COUNTABLE.has(path.extname(name).toLowerCase())) continue;
    const child = await realInside(infoDir, path.join(hit.real, name));
    if (!child?.st.isFile()) continue;
    const n = await countFile(child.real, child.st.size, `${rel}/${name}`);
    if (typeof n === 'string') return n;
    total += n;
    counted += 1;
  }
  return counted > 0 ? total : `${rel} holds no JSON or JSON Lines files; rows not counted`;
}

async function loadLlamaFactory(root: string, f: Found, datasets: readonly string[], extra: readonly string[]): Promise<MixtureInput> {
  const file = relOf(root, f.logical, f.real);
  if (f.size > MAX_DESCRIPTION_BYTES) return failed(file, 'llama-factory', `${file} is ${f.size} bytes, more than a dataset_info.json should be; not read.`);
  let info: unknown;
  try {
    info = JSON.parse(await readText(f));
  } catch (err) {
    return failed(file, 'llama-factory', `${file} does not parse: ${errText(err)}`);
  }
  const counts = new Map<string, number>();
  const problems: string[] = [...extra];
  const infoDir = path.dirname(f.real);
  if (typeof info === 'object' && info !== null && !Array.isArray(info)) {
    const entries = info as Record<string, unknown>;
    for (const name of new Set(datasets)) {
      const entry = entries[name];
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
      const e = entry as Record<string, unknown>;
      // Counting is only a fallback: a declared size wins and saves reading the data.
      if (e.tokens !== undefined || e.num_samples !== undefined || typeof e.file_name !== 'string') continue;
      try {
        const n = await countRows(root, infoDir, e.file_name);
        if (typeof n === 'number') counts.set(name, n);
        else problems.push(`Dataset \`${name}\`: ${n}.`);
      } catch (err) {
        problems.push(`Dataset \`${name}\`: rows of \`${e.file_name}\` could not be counted: ${errText(err)}.`);
      }
    }
  }
  const input = readLlamaFactory(file, info, datasets, counts);
  return { ...input, warnings: [...problems, ...input.warnings] };
}

/**
 * The dataset_info.json the run used: inside its `dataset_dir` (LLaMA-Factory's default `data` when unset), resolved
 * against the run folder and then each ancestor, since training usually ran from a folder above its output; else the
 * nearest dataset_info.json beside the run or above it.
 */
async function findDatasetInfo(root: string, dirs: readonly string[], datasetDir: unknown): Promise<{ found: Found | null; warnings: string[] }> {
  const named = typeof datasetDir === 'string' && datasetDir.trim() !== '' ? datasetDir.trim() : null;
  const dir = named ?? DEFAULT_DATASET_DIR;
  const inDir = path.isAbsolute(dir) ? [path.join(dir, DATASET_INFO)] : dirs.map((d) => path.join(path.resolve(d, dir), DATASET_INFO));
  const found = await firstFile(root, inDir);
  if (found) return { found, warnings: [] };
  const nearest = await firstFile(root, dirs.map((d) => path.join(d, DATASET_INFO)));
  const warnings = named !== null && nearest ? [`\`dataset_dir\` ${named} has no dataset_info.json inside the opened folder; the nearest one was read instead.`] : [];
  return { found: nearest, warnings };
}

export async function findMixtures(sourceRoot: string, runDir: string, configs: readonly { key: string; value: unknown }[]): Promise<MixtureInput[]> {
  let root: string;
  let run: string;
  try {
    root = await realpath(sourceRoot);
    run = await realpath(path.resolve(sourceRoot, runDir));
  } catch {
    return [];
  }
  if (!inside(root, run)) return [];
  const dirs = ancestors(run, root);
  const out: MixtureInput[] = [];

  // The nearest description wins: a run's own file is more specific than one describing a whole project.
  const mixture = await firstFile(root, dirs.flatMap((d) => MIXTURE_NAMES.map((n) => path.join(d, n))));
  if (mixture) out.push(await loadDataMixture(root, mixture));

  const datasets = datasetNames(configValue(configs, 'dataset'));
  const datasetDir = configValue(configs, 'dataset_dir');
  // `ONLINE` makes LLaMA-Factory read every dataset from the Hub: there is no local dataset_info.json to go by.
  if (datasets.length > 0 && datasetDir !== 'ONLINE') {
    const { found, warnings } = await findDatasetInfo(root, dirs, datasetDir);
    if (found) out.push(await loadLlamaFactory(root, found, datasets, warnings));
  }

  const readme = await firstFile(root, [path.join(run, 'README.md')]);
  if (readme && readme.size <= MAX_DESCRIPTION_BYTES) {
    try {
      const card = readDatasetCard(relOf(root, readme.logical, readme.real), await readText(readme));
      if (card) out.push(card);
    } catch {
      // An unreadable README is not a mixture description; nothing to report.
    }
  }
  return out;
}
