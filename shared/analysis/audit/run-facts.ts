/**
 * What a run's name and model arguments say about the checkpoint it evaluated: its training step (to order
 * checkpoints) and the model family's own names (so a Llama model calling itself Llama is not identity drift).
 */

/** `checkpoint-1500`, `global_step1500`, `step143000`, `iter_0001500`, `-step-1500`: the last one named wins. */
const STEP = /(?:checkpoint|global_step|step|iter|iteration)[-_]?(\d+)(?!.*(?:checkpoint|global_step|step|iter)[-_]?\d)/i;

export function stepOf(text: string): number | null {
  const m = STEP.exec(text);
  if (m?.[1] === undefined) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** Model families and the names they may use for themselves (their own assistant and organisation). */
const FAMILIES: readonly { readonly re: RegExp; readonly names: readonly string[] }[] = [
  { re: /llama|alpaca|vicuna/i, names: ['Llama', 'LLaMA', 'Meta'] },
  { re: /qwen/i, names: ['Qwen', 'Alibaba', 'Tongyi'] },
  { re: /mistral|mixtral/i, names: ['Mistral'] },
  { re: /gemma|gemini/i, names: ['Gemma', 'Gemini', 'Google', 'Bard'] },
  { re: /deepseek/i, names: ['DeepSeek'] },
  { re: /claude/i, names: ['Claude', 'Anthropic'] },
  { re: /gpt-?[345]|openai|chatgpt/i, names: ['ChatGPT', 'GPT', 'OpenAI'] },
];

export function ownNames(text: string): string[] {
  return [...new Set(FAMILIES.filter((f) => f.re.test(text)).flatMap((f) => f.names))];
}
