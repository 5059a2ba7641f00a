import type { Detection, DirNode, FileEntry, Peek } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseTolerantJson } from '../../../shared/util/tolerant-json';
import { modelInfo } from './model';
import { dateIdOf, isSamplesFile, nameDateSec, parseSamplesName, sanitizeModelName, undatedStem } from './names';

export const CONFIDENCE = 0.9;
const PEEK_BYTES = 4096;
/**
 * Old (v0.3) and NeoX files write `config` after `results`, so telling two models apart means reading the whole
 * file. Results files are small (a full MMLU + configs run is ~120 KB); past this size the file name decides.
 */
const MAX_IDENTITY_BYTES = 4 * 1024 * 1024;

/** `"results": {` or `"results": [` as a key near the top, as every harness version writes it. */
const RESULTS_KEY = /"results"\s*:\s*[[{]/;
/** Signs of the harness in the first bytes: its other top-level keys, or metric keys only it writes. */
const HARNESS_SIGNS = /"(?:versions|configs?|group_subtasks|n-shot)"\s*:|"[^"\\]+_stderr(?:,[^"\\]*)?"\s*:|"alias"\s*:|"[^"\\,]+,(?:none|[^"\\]+-[^"\\]+)"\s*:\s*-?[\d.]|"task_name"\s*:/;

/** Cheap test on the first bytes of a .json file. */
export function looksLikeResults(head: string): boolean {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (!t.startsWith('{')) return false;
  const m = RESULTS_KEY.exec(t);
  return m !== null && HARNESS_SIGNS.test(t);
}

interface Candidate {
  readonly file: FileEntry;
  readonly rel: string;
  readonly key: string;
  readonly modelName: string | null;
  readonly sortSec: number | null;
}

/**
 * The lm-eval runs in one directory. Results files of one model (same weights: pretrained + revision + peft, or the
 * NeoX checkpoint) merge into one run; each other model gets its own run at `<dir>/<name>` (see README.md).
 * `samples_<task>_<date_id>.jsonl` files join the run whose results file has the same date id.
 */
export async function detectLmEval(dir: DirNode, peek: Peek): Promise<Detection[] | null> {
  const candidates: Candidate[] = [];
  for (const f of dir.files) {
    if (!f.name.endsWith('.json')) continue;
    const rel = joinRel(dir.relPath, f.name);
    let head: string;
    try {
      head = decodeUtf8(await peek(rel, PEEK_BYTES));
    } catch {
      continue;
    }
    if (!looksLikeResults(head)) continue;
    candidates.push(await identify(f, rel, head, peek));
  }
  if (candidates.length === 0) return null;

  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
  const ordered = [...groups.values()].map((g) => g.sort(byDate));

  const samples = dir.files.filter((f) => isSamplesFile(f.name));
  const samplesOf = (g: Candidate[]): string[] => {
    const ids = new Set(g.map((c) => dateIdOf(c.file.name)).filter((d): d is string => d !== null));
    return samples
      .filter((s) => {
        const id = parseSamplesName(s.name)?.dateId ?? null;
        // With one run in the folder, an unpaired samples file can only be its own.
        return (id !== null && ids.has(id)) || (ordered.length === 1 && (id === null || !anyGroupHas(ordered, id)));
      })
      .map((s) => joinRel(dir.relPath, s.name));
  };

  const names = runNames(ordered);
  return ordered.map((g, i) => ({
    confidence: CONFIDENCE,
    ...(ordered.length > 1 ? { runPath: joinRel(dir.relPath, names[i] as string) } : {}),
    files: [...g.map((c) => c.rel), ...samplesOf(g)],
  }));
}

function anyGroupHas(groups: Candidate[][], dateId: string): boolean {
  return groups.some((g) => g.some((c) => dateIdOf(c.file.name) === dateId));
}

async function identify(file: FileEntry, rel: string, head: string, peek: Peek): Promise<Candidate> {
  const byName = { file, rel, key: `file:${undatedStem(file.name)}`, modelName: null, sortSec: nameDateSec(file.name) };
  if (file.size > MAX_IDENTITY_BYTES) return byName;
  try {
    const text = file.size <= PEEK_BYTES ? head : decodeUtf8(await peek(rel, file.size));
    const doc = parseTolerantJson(text);
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return byName;
    const d = doc as Record<string, unknown>;
    const model = modelInfo(d);
    const sortSec = typeof d.date === 'number' && Number.isFinite(d.date) ? d.date : byName.sortSec;
    return model.key === null ? { ...byName, sortSec } : { file, rel, key: `model:${model.key}`, modelName: model.name, sortSec };
  } catch {
    // Cut short: the parser reports it; grouping falls back to the name.
    return byName;
  }
}

/** Oldest first (undated files count as oldest), then by name: parse lets later files win. */
export function byDate(a: { sortSec: number | null; rel: string }, b: { sortSec: number | null; rel: string }): number {
  const sa = a.sortSec ?? Number.NEGATIVE_INFINITY;
  const sb = b.sortSec ?? Number.NEGATIVE_INFINITY;
  return sa !== sb ? (sa < sb ? -1 : 1) : a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0;
}

/**
 * A name per run when a folder holds several models: the first file's name without its date
 * (`410m-deduped_step0`). Names that clash (`results` twice) get the sanitized model name appended, then a number.
 */
function runNames(groups: Candidate[][]): string[] {
  const base = groups.map((g) => {
    const first = [...g].sort((a, b) => (a.file.name < b.file.name ? -1 : 1))[0] as Candidate;
    return undatedStem(first.file.name);
  });
  const count = (arr: string[], n: string) => arr.filter((x) => x === n).length;
  const named = base.map((n, i) => {
    const model = groups[i]?.find((c) => c.modelName !== null)?.modelName;
    return count(base, n) > 1 && model ? `${n}__${sanitizeModelName(model)}` : n;
  });
  const seen = new Map<string, number>();
  return named.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return count(named, n) > 1 ? `${n}_${k}` : n;
  });
}
