/**
 * Which post-training method produced a model, guessed from what is on disk: the run's name and path, and the model
 * id in its config (`model_args.pretrained=…/Llama-3-8B-Instruct`, `_name_or_path`). Only a guess: the UI shows the
 * reason and the user's label always wins.
 */

export interface InferredMethod {
  readonly method: string;
  /** "name contains "dpo"", for the tooltip. */
  readonly reason: string;
}

/**
 * Tokens, most specific first: a "dpo-from-sft" name is DPO (the last stage), so RL-type methods outrank SFT, and
 * SFT outranks "base". `instruct`/`chat` models are post-trained but the recipe is unknown, hence their own label.
 */
const RULES: readonly { readonly method: string; readonly pattern: RegExp }[] = [
  { method: 'grpo', pattern: /grpo/ },
  { method: 'ppo', pattern: /ppo/ },
  { method: 'rloo', pattern: /rloo/ },
  { method: 'dpo', pattern: /(?<![a-z])(dpo|ipo|simpo)(?![a-z])/ },
  { method: 'kto', pattern: /(?<![a-z])kto(?![a-z])/ },
  { method: 'orpo', pattern: /(?<![a-z])orpo(?![a-z])/ },
  { method: 'rlhf', pattern: /(?<![a-z])(rlhf|rlaif|rlvr)(?![a-z])/ },
  { method: 'sft', pattern: /(?<![a-z])(sft|finetuned?|fine-tuned?)(?![a-z])/ },
  { method: 'instruct', pattern: /(?<![a-z])(instruct|chat|it)(?![a-z])/ },
  { method: 'base', pattern: /(?<![a-z])(base|pretrain(ed|ing)?)(?![a-z])/ },
];

/** Config keys that name the evaluated model (lm-eval, HF, TRL). */
const MODEL_KEYS = ['config.model_args.pretrained', 'config.model_args.peft', 'model_name', 'config.model', '_name_or_path', 'model_name_or_path', 'pretrained'];

export function inferMethod(name: string, path: string, config: Readonly<Record<string, unknown>>): InferredMethod | null {
  const candidates: { what: string; text: string }[] = [
    { what: 'name', text: name },
    { what: 'path', text: path },
  ];
  for (const key of MODEL_KEYS) {
    const v = config[key];
    if (typeof v === 'string' && v !== '') candidates.push({ what: key, text: v });
  }
  for (const rule of RULES) {
    for (const c of candidates) {
      const m = rule.pattern.exec(c.text.toLowerCase());
      if (m) return { method: rule.method, reason: `${c.what} contains "${m[0]}"` };
    }
  }
  return null;
}

/** The usual order of a post-training pipeline, for laying out columns: base first, then SFT, then preference / RL methods. */
const PIPELINE_ORDER = ['base', 'sft', 'instruct', 'dpo', 'kto', 'orpo', 'rlhf', 'ppo', 'rloo', 'grpo'];

/** Sort key of a method label: pipeline position, unknown labels after the known ones. */
export function methodRank(method: string | null): number {
  const i = method === null ? -1 : PIPELINE_ORDER.indexOf(method.toLowerCase());
  return i < 0 ? PIPELINE_ORDER.length : i;
}
