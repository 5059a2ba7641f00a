/**
 * Which model a results file evaluated. The harness writes it in several shapes: `model_name` (v0.4.3+), a
 * `model_args` string `pretrained=x,revision=step1000,dtype=bf16` (all versions), or, through GPT-NeoX's
 * evaluate.py, `model_args` as the whole nested NeoX training config (`load` + `iteration` locate the checkpoint).
 */

export interface ModelInfo {
  /** Display name: model_name, else pretrained (+@revision), else the NeoX checkpoint path; null when unknown. */
  readonly name: string | null;
  /**
   * What decides "same run": files of one directory with equal keys merge. Includes revision/peft/checkpoint so that
   * checkpoints of one model stay separate runs. Null when the file does not say (then the file name decides).
   */
  readonly key: string | null;
  readonly checkpoint: { path: string; step: number } | null;
}

const NO_MODEL: ModelInfo = { name: null, key: null, checkpoint: null };

/**
 * `k=v,k2=v2` as the harness's `simple_parse_args_string` splits it. A piece without `=` continues the previous value
 * (a comma inside a path), so nothing is lost.
 */
export function parseModelArgs(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | null = null;
  for (const piece of args.split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) {
      last = piece.slice(0, eq).trim();
      out[last] = piece.slice(eq + 1).trim();
    } else if (last !== null) {
      out[last] = `${out[last] ?? ''},${piece}`;
    } else if (piece.trim() !== '') {
      out[piece.trim()] = '';
    }
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Keys of a string `model_args` that name the weights (the rest, like dtype or batch size, do not change the model). */
const IDENTITY_ARGS = ['pretrained', 'revision', 'peft', 'delta', 'model', 'engine', 'model_name', 'path', 'checkpoint', 'load'];

export function modelInfo(doc: Record<string, unknown>): ModelInfo {
  const config = doc.config !== null && typeof doc.config === 'object' && !Array.isArray(doc.config) ? (doc.config as Record<string, unknown>) : {};
  const rawArgs = config.model_args;
  const modelName = str(doc.model_name);

  if (rawArgs !== null && typeof rawArgs === 'object' && !Array.isArray(rawArgs)) return neoxModel(rawArgs as Record<string, unknown>, modelName);

  const args = typeof rawArgs === 'string' ? parseModelArgs(rawArgs) : {};
  const pretrained = str(args.pretrained) ?? str(args.model) ?? str(args.engine) ?? str(args.path);
  const revision = str(args.revision);
  const peft = str(args.peft) ?? str(args.delta);
  const withRevision = pretrained !== null && revision !== null && revision !== 'main' ? `${pretrained}@${revision}` : pretrained;
  const name = modelName ?? peft ?? withRevision;
  // model_args first: it is in every version, so a v0.4.2 and a v0.4.3 file of one model still merge.
  const identity = IDENTITY_ARGS.filter((k) => str(args[k]) !== null).map((k) => `${k}=${args[k]}`);
  if (identity.length === 0 && modelName !== null) identity.push(`model_name=${modelName}`);
  if (name === null && identity.length === 0) return NO_MODEL;
  // The checkpoint token may sit in the adapter path, the revision, or the local weights path.
  const candidates = [peft, revision, pretrained, modelName].filter((s): s is string => s !== null);
  let checkpoint: ModelInfo['checkpoint'] = null;
  for (const c of candidates) {
    const step = checkpointStepIn(c);
    if (step !== null) {
      checkpoint = { path: c === revision ? (withRevision ?? c) : c, step };
      break;
    }
  }
  return { name, key: identity.join(','), checkpoint };
}

/** GPT-NeoX's evaluate.py stores its whole config: `load` is the checkpoint folder and `iteration` the step loaded. */
function neoxModel(args: Record<string, unknown>, modelName: string | null): ModelInfo {
  const load = str(args.load);
  const iteration = typeof args.iteration === 'number' && Number.isFinite(args.iteration) ? args.iteration : null;
  if (load === null) return modelName === null ? NO_MODEL : { name: modelName, key: `model_name=${modelName}`, checkpoint: null };
  const path = iteration !== null ? `${load.replace(/\/+$/, '')}/global_step${iteration}` : load;
  return {
    name: modelName ?? path,
    key: `load=${load},iteration=${iteration ?? ''}`,
    checkpoint: iteration !== null ? { path, step: iteration } : checkpointFromPath(load),
  };
}

function checkpointFromPath(path: string): ModelInfo['checkpoint'] {
  const step = checkpointStepIn(path);
  return step === null ? null : { path, step };
}

/**
 * The step a checkpoint name encodes: `step143000` (Pythia revisions), `checkpoint-500` (HF Trainer),
 * `global_step100` (DeepSpeed/NeoX), `epoch_20`, `iter_0001000` (Megatron). The last such token in the path wins
 * (`run_epoch_3/checkpoint-500` is step 500).
 */
export function checkpointStepIn(path: string): number | null {
  const re = /(?:^|[^A-Za-z0-9])(?:checkpoint|ckpt|global_step|step|iter|iteration|epoch)[-_]?(\d+)(?=$|[^A-Za-z0-9])/gi;
  let step: number | null = null;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) step = Number(m[1]);
  return step;
}
