import type { SafetensorsCheck } from './safetensors';

/**
 * Integrity of one checkpoint folder (HF `checkpoint-N/`, DeepSpeed `global_stepN/`, a folder of shards), from its
 * file list and a few small files read by the host (issue 8 §4). Pure: the host lists, reads headers, and passes them in.
 */

/** A folder without weights: copied without them, or saved elsewhere. Not damage, but nothing to load or ship from. */
export const NO_WEIGHTS = 'no model weights (no .safetensors, .bin or .pt file)';

export interface CheckpointFile {
  /** Relative to the checkpoint folder, posix separators. */
  readonly name: string;
  readonly size: number;
}

export interface CheckpointFacts {
  /** The folder's name (`checkpoint-500`). */
  readonly folder: string;
  readonly files: readonly CheckpointFile[];
  /** `*.safetensors.index.json` contents by file name (parsed or not: the text). */
  readonly indexes: Readonly<Record<string, string>>;
  /** checkSafetensors per `.safetensors` file name. */
  readonly safetensors: Readonly<Record<string, SafetensorsCheck>>;
  /** `global_step` from the folder's trainer_state.json, when there is one. */
  readonly trainerStateStep: number | null;
}

export interface CheckpointIntegrity {
  readonly step: number | null;
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly totalBytes: number;
  readonly fileCount: number;
  /** Optimizer state (`optimizer.pt`, DeepSpeed `*optim_states.pt`), to resume training. */
  readonly hasOptimizer: boolean;
  /** RNG state (`rng_state*.pth`), for an exact resume. */
  readonly hasRngState: boolean;
  /** Pickled files are never loaded (they can run code): listed with their size only. */
  readonly pickles: readonly CheckpointFile[];
}

/** `checkpoint-500`, `global_step500`, `step_500`, `epoch=3-step=1200`: the step in a checkpoint folder's name. */
export function stepOfFolder(name: string): number | null {
  const m = /(?:checkpoint|global_step|step)[-_=]?(\d+)(?!.*\d)/i.exec(name);
  return m?.[1] ? Number(m[1]) : null;
}

const SHARD = /^(.*)-(\d{5})-of-(\d{5})\.(safetensors|bin)$/;
const PICKLE = /\.(bin|pt|pth|pkl|ckpt)$/i;
const WEIGHTS = /\.(safetensors|bin|pt|pth|ckpt|gguf)$/i;

export function checkCheckpoint(f: CheckpointFacts): CheckpointIntegrity {
  const problems: string[] = [];
  const names = new Set(f.files.map((x) => x.name));
  const base = (n: string) => n.slice(n.lastIndexOf('/') + 1);

  for (const file of f.files) if (file.size === 0) problems.push(`empty file: ${file.name} (0 bytes)`);

  for (const [name, check] of Object.entries(f.safetensors)) for (const p of check.problems) problems.push(`${name}: ${p}`);

  // Sharded weights: every shard the index maps a tensor to must be present.
  for (const [indexName, text] of Object.entries(f.indexes)) {
    let weightMap: unknown;
    try {
      weightMap = (JSON.parse(text) as { weight_map?: unknown }).weight_map;
    } catch {
      problems.push(`${indexName} is not valid JSON`);
      continue;
    }
    if (weightMap === null || typeof weightMap !== 'object') {
      problems.push(`${indexName} has no weight_map`);
      continue;
    }
    const dir = indexName.includes('/') ? indexName.slice(0, indexName.lastIndexOf('/') + 1) : '';
    const shards = new Set(Object.values(weightMap as Record<string, unknown>).filter((v): v is string => typeof v === 'string'));
    for (const s of [...shards].sort()) if (!names.has(`${dir}${s}`)) problems.push(`missing shard: ${s} (listed in ${indexName})`);
  }
  // Shards named `-0000k-of-0000n` without an index: all n must be there.
  const series = new Map<string, { total: number; seen: Set<number> }>();
  for (const n of names) {
    const m = SHARD.exec(base(n));
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const key = `${n.slice(0, n.length - base(n).length)}${m[1]}.${m[4]}`;
    const e = series.get(key) ?? { total: Number(m[3]), seen: new Set<number>() };
    e.seen.add(Number(m[2]));
    series.set(key, e);
  }
  for (const [key, e] of series) {
    const missing = Array.from({ length: e.total }, (_, i) => i + 1).filter((i) => !e.seen.has(i));
    if (missing.length > 0) problems.push(`missing shard: ${missing.map((i) => `${String(i).padStart(5, '0')}-of-${String(e.total).padStart(5, '0')}`).join(', ')} of ${key}`);
  }

  const hasWeights = f.files.some((x) => WEIGHTS.test(x.name)) || f.files.some((x) => /(^|\/)global_step\d+\//.test(x.name));
  if (!hasWeights) problems.push(NO_WEIGHTS);

  const folderStep = stepOfFolder(f.folder);
  if (folderStep !== null && f.trainerStateStep !== null && folderStep !== f.trainerStateStep) problems.push(`trainer_state.json says global_step ${f.trainerStateStep}, the folder name says ${folderStep}`);

  const dedup = [...new Set(problems)];
  return {
    step: folderStep ?? f.trainerStateStep,
    ok: dedup.length === 0,
    problems: dedup,
    totalBytes: f.files.reduce((a, x) => a + x.size, 0),
    fileCount: f.files.length,
    hasOptimizer: f.files.some((x) => /(^|\/)(optimizer\.(pt|bin)|.*optim_states\.pt)$/.test(x.name)),
    hasRngState: f.files.some((x) => /(^|\/)rng_state[^/]*\.pth$/.test(x.name)),
    pickles: f.files.filter((x) => PICKLE.test(x.name)),
  };
}
