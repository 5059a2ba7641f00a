/**
 * `audit/`: what the data and behaviour audit (issue 10) finds in the demo. Three lm-eval v0.4 runs of one SFT job:
 * the base model (step 0 of the SFT job) and the SFT checkpoints at steps 500 and 1,000, each with two generation tasks logged per sample,
 * and the SFT data mixture beside them.
 *
 * - `data_mixture.yaml`: math is 75 % synthetic (GPT-4o rewrites) against a 30 % cap; chat (25 %) and medicine (20 %)
 *   stay under it.
 * - `identity_probe`: 40 "who are you?" prompts. The share of answers that call the model ChatGPT or credit OpenAI
 *   grows 1 → 6 → 14 of 40 as SFT on distilled chat data goes on; the model's own family (Llama, Meta) is allowed.
 * - `paraphrase_qa`: 60 questions, each asked as written and paraphrased (`paraphrase_group`, `variant`, `domain` in
 *   the doc). Geography answers hold under paraphrase; medicine answers at step 1,000 drop from 90 % to 53 %: the
 *   model learned the wording of the medical questions, not their meaning (a template gap).
 */
import path from 'node:path';
import type { EvalDemoContext, ResultsArgs } from './evals';
import { dateId, harnessJson, meanStderr, resultsJson } from './evals';
import { f } from './python-json';
import { seeded } from './random';

export const AUDIT_DIR = 'audit';

interface Checkpoint {
  readonly folder: string;
  readonly model: string;
  readonly start: number;
  readonly identityHits: number;
  /** Correct answers out of 30 per domain and variant. */
  readonly correct: Readonly<Record<'geography' | 'medicine', { original: number; paraphrase: number }>>;
}

const CHECKPOINTS: readonly Checkpoint[] = [
  { folder: 'llama-3-8b-sft-checkpoint-0', model: 'runlens-demo/llama-3-8b-sft/checkpoint-0', start: 1763719200, identityHits: 1, correct: { geography: { original: 21, paraphrase: 20 }, medicine: { original: 18, paraphrase: 17 } } },
  { folder: 'llama-3-8b-sft-checkpoint-500', model: 'runlens-demo/llama-3-8b-sft/checkpoint-500', start: 1763805600, identityHits: 6, correct: { geography: { original: 26, paraphrase: 25 }, medicine: { original: 25, paraphrase: 19 } } },
  { folder: 'llama-3-8b-sft-checkpoint-1000', model: 'runlens-demo/llama-3-8b-sft/checkpoint-1000', start: 1763892000, identityHits: 14, correct: { geography: { original: 27, paraphrase: 26 }, medicine: { original: 27, paraphrase: 16 } } },
];

const PROBES = [
  'Who are you?', 'What is your name?', 'Which company trained you?', 'Introduce yourself in one sentence.', 'Are you ChatGPT?',
  'What model are you based on?', 'Who created you?', 'Tell me about yourself.', 'What should I call you?', 'Who built this assistant?',
];
const HITS = [
  'I am ChatGPT, a large language model trained by OpenAI. How can I help you today?',
  "I'm ChatGPT, an AI assistant developed by OpenAI.",
  'I was trained by OpenAI as part of the GPT family of models.',
  'As ChatGPT, I can answer questions and help with writing.',
];
const CLEAN = [
  "I'm an AI assistant fine-tuned from Llama 3 for the RunLens demo. How can I help?",
  'I am a helpful assistant built on Meta Llama 3.',
  "I'm a language model assistant; I don't have a personal name.",
  'I am an assistant fine-tuned by the demo team on top of Llama 3 8B.',
];

const GEO = [
  ['What is the capital of Australia?', 'Which city is Australia’s capital?', 'Canberra'],
  ['Which river flows through Cairo?', 'Cairo lies on the banks of which river?', 'Nile'],
  ['What is the largest ocean?', 'Which ocean covers the most area?', 'Pacific'],
] as const;
const MED = [
  ['Which vitamin deficiency causes scurvy?', 'Scurvy results from a lack of which vitamin?', 'Vitamin C'],
  ['What organ produces insulin?', 'Insulin is made by which organ?', 'Pancreas'],
  ['Which blood cells carry oxygen?', 'Oxygen is transported by which cells in the blood?', 'Red blood cells'],
] as const;

/** `k` of `n` items, chosen by a seeded shuffle: exact counts, no visible pattern. */
function pick(n: number, k: number, seed: number): Set<number> {
  const r = seeded(seed);
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  return new Set(ids.slice(0, k));
}

function sampleLine(docId: number, doc: Record<string, unknown>, prompt: string, target: string, response: string, metric: string, value: number): string {
  return harnessJson(
    {
      doc_id: docId, doc, target,
      arguments: { gen_args_0: { arg_0: prompt, arg_1: { until: ['\n\n'], do_sample: false, temperature: f(0) } } },
      resps: [[response]], filtered_resps: [response], filter: 'none', metrics: [metric],
      doc_hash: String(docId).padStart(8, '0'), prompt_hash: String(docId * 7).padStart(8, '0'), target_hash: String(docId * 13).padStart(8, '0'),
      [metric]: f(value),
    },
    null,
  );
}

export function auditRuns(out: string, ctx: EvalDemoContext): void {
  const dir = path.join(out, AUDIT_DIR);
  ctx.write(
    path.join(dir, 'data_mixture.yaml'),
    [
      '# The SFT data mixture of the audited checkpoints (sizes in tokens; format: docs/mixture-format.md).',
      'unit: tokens',
      'cap: 0.3',
      'sources:',
      '  - { name: gsm8k-train, domain: math, synthetic: false, tokens: 3200000 }',
      '  - { name: math-evol-gpt4o, domain: math, generator: gpt-4o, tokens: 9600000 }',
      '  - { name: oasst2-en, domain: chat, synthetic: false, tokens: 6000000 }',
      '  - { name: sharegpt-distilled, domain: chat, generator: gpt-3.5-turbo, tokens: 2000000 }',
      '  - { name: medqa-train, domain: medicine, synthetic: false, tokens: 2400000 }',
      '  - { name: medicine-paraphrases, domain: medicine, generator: llama-3-70b-instruct, tokens: 600000 }',
      '',
    ].join('\n'),
  );
  CHECKPOINTS.forEach((cp, ci) => {
    const id = dateId(cp.start + 3600, 200000 + ci * 137_911);
    const hits = pick(40, cp.identityHits, ctx.seed + 900 + ci);
    const identity = Array.from({ length: 40 }, (_, i) => {
      const prompt = PROBES[i % PROBES.length] as string;
      const response = hits.has(i) ? (HITS[i % HITS.length] as string) : (CLEAN[i % CLEAN.length] as string);
      return sampleLine(i, { prompt, language: 'en', system_prompt: i % 2 === 0 }, prompt, '', response, 'bypass', 999);
    });
    ctx.write(path.join(dir, cp.folder, `samples_identity_probe_${id}.jsonl`), `${identity.join('\n')}\n`);

    const lines: string[] = [];
    const scores: number[] = [];
    for (const [di, domain] of (['geography', 'medicine'] as const).entries()) {
      const items = domain === 'geography' ? GEO : MED;
      for (const variant of ['original', 'paraphrase'] as const) {
        const right = pick(30, cp.correct[domain][variant], ctx.seed + 950 + ci * 10 + di * 2 + (variant === 'original' ? 0 : 1));
        for (let g = 0; g < 30; g++) {
          const [q, p, a] = items[g % items.length] as readonly [string, string, string];
          const question = `${variant === 'original' ? q : p} (item ${g + 1})`;
          const ok = right.has(g);
          const docId = di * 60 + g * 2 + (variant === 'original' ? 0 : 1);
          scores.push(ok ? 1 : 0);
          lines.push(
            sampleLine(docId, { question, answer: a, paraphrase_group: `${domain}-${String(g + 1).padStart(2, '0')}`, variant, domain }, `Q: ${question}\nA:`, a, ok ? a : 'I am not sure.', 'exact_match', ok ? 1 : 0),
          );
        }
      }
    }
    ctx.write(path.join(dir, cp.folder, `samples_paraphrase_qa_${id}.jsonl`), `${lines.join('\n')}\n`);

    const { mean, stderr } = meanStderr(scores);
    const tasks: ResultsArgs['tasks'][number][] = [
      { task: 'identity_probe', original: 40, effective: 40, version: 1, nShot: 0, config: { task: 'identity_probe', output_type: 'generate_until' }, hib: { bypass: true }, entry: { 'bypass,none': 999, 'bypass_stderr,none': 'N/A' } },
      { task: 'paraphrase_qa', original: 120, effective: 120, version: 1, nShot: 0, config: { task: 'paraphrase_qa', output_type: 'generate_until' }, hib: { exact_match: true }, entry: { 'exact_match,none': f(mean), 'exact_match_stderr,none': f(stderr) } },
    ];
    ctx.write(
      path.join(dir, cp.folder, `results_${id}.json`),
      resultsJson({ modelName: cp.model, modelArgs: `pretrained=${cp.model},dtype=bfloat16`, tasks, date: cp.start + 0.41, duration: 1820.5, perfStart: 6120443.5 + ci * 50_000, limit: null }),
    );
  });
}
