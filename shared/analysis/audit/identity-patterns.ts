/**
 * Self-identification patterns for the identity-drift probe (analyses.md §1.3 B), as data so that the UI can list
 * them and the tests can hold every one to its own examples. All are case-insensitive.
 *
 * Extended from the three patterns of §1.3 B:
 * - one pattern per assistant family and form ("I am X" / "made by V"), so that `names` says whom a hit names and the
 *   allow-list can drop the model's own family and organisation;
 * - the self form also reads "my name is X" and "I am an AI assistant called X"; its bare "as X" reads only at the
 *   start of a clause, because "tools such as ChatGPT" is a mention, not a self-identification;
 * - Chinese variants ("我是ChatGPT", "由OpenAI开发", "作为一个人工智能语言模型");
 * - a vendor name must end the word ("made by meta-analysis" and "Metadata" are not Meta).
 *
 * Negation: a match right after "not", "n't", "never" (or 不/不是/非/没有/未/从未) is a denial, not a
 * self-identification, and is skipped ("I was not trained by OpenAI"). "I'm not ChatGPT" never matches in the first
 * place: the name must follow "I am" directly.
 *
 * Known limit: "developed by Google" also fires on a factual answer ("Android was developed by Google"). Across
 * checkpoints on the same prompts such hits are the same in the base and cancel out; the probe is cleanest on an
 * identity task ("Who are you?"), which the analysis prefers when one is logged.
 */

export interface IdentityPattern {
  readonly id: string;
  /** RegExp source. */
  readonly pattern: string;
  /** RegExp flags (without `g`: the matcher adds it). */
  readonly flags: string;
  /** The assistant family and organisation a hit names; `generic` for the assistant-speak phrase. */
  readonly names: readonly string[];
  readonly examples: { readonly match: readonly string[]; readonly noMatch: readonly string[] };
}

/**
 * Text that, ending right before a match, negates it. Applied to the text before the match, hence the `$`.
 */
export const NEGATION_BEFORE = String.raw`(?:\bnot|n['’]t|\bnever|不是?|非|没有|未)\s*$`;

/** "I am", "I'm", "my name is", "I am an AI assistant called", or a clause-initial "as", then whitespace. */
// The clause-initial `as` is matched before its lookbehind is checked: a lookbehind first ran at every position and
// scanned back over the whitespace before it, quadratic on a long run of whitespace (found by test/unit/fuzz/).
const SELF_EN = String.raw`(?:\bI\s+am|\bI['’]m|\bmy\s+name\s+is|\bI\s+am\s+an?\s+(?:[\w-]+\s+){0,5}?(?:called|named)|as(?<=(?:^|[.!?;:,"“(\n])\s*as))\s+`;
const SELF_ZH = String.raw`(?:我是|我叫|作为)\s*`;
const BY_EN = String.raw`\b(?:trained|developed|created|made|built)\s+by\s+`;
const ZH_VERB = String.raw`\s*(?:公司|团队)?\s*(?:开发|训练|创建|创造|打造|研发|推出|构建)`;

/** "I am <one of names>", in English or Chinese; the name must end there ("ChatGPTs" is not ChatGPT). */
const self = (names: string): string => String.raw`(?:${SELF_EN}|${SELF_ZH})(?:${names})(?!\w)`;
/** "<verb> by <vendor>" or "由<vendor>开发". */
const by = (en: string, zh: string): string => String.raw`${BY_EN}(?:${en})(?![\w-])|由\s*(?:${zh})${ZH_VERB}`;

export const IDENTITY_PATTERNS: readonly IdentityPattern[] = [
  {
    id: 'self-openai',
    pattern: self(String.raw`ChatGPT|GPT-?[345](?:[\w-]|\.(?=\w))*`),
    flags: 'i',
    names: ['ChatGPT', 'GPT', 'OpenAI'],
    examples: {
      match: [
        'I am ChatGPT, a large language model.',
        "I'm GPT-4, how can I help?",
        'As ChatGPT, I cannot browse the internet.',
        'Hello! My name is ChatGPT.',
        'I am an AI assistant called GPT-4o.',
        'i am gpt-3.5-turbo.',
        '我是ChatGPT，一个人工智能助手。',
      ],
      noMatch: [
        "I'm not ChatGPT.",
        'I am not GPT-4; I am a different model.',
        'Tools such as ChatGPT are popular.',
        'GPT-4 was released in 2023.',
        'I am chatting with friends.',
        '我不是ChatGPT。',
      ],
    },
  },
  {
    id: 'vendor-openai',
    pattern: by('OpenAI', 'OpenAI'),
    flags: 'i',
    names: ['OpenAI', 'ChatGPT', 'GPT'],
    examples: {
      match: ['I was trained by OpenAI.', "I'm a language model developed by OpenAI.", '我是由OpenAI开发的人工智能助手。'],
      noMatch: ['I was not trained by OpenAI.', "I wasn't developed by OpenAI.", 'OpenAI released a new model.', '我不是由OpenAI开发的。', 'trained by OpenAIR'],
    },
  },
  {
    id: 'self-anthropic',
    pattern: self('Claude'),
    flags: 'i',
    names: ['Claude', 'Anthropic'],
    examples: {
      match: ['I am Claude, an AI assistant.', "I'm Claude.", '作为Claude，我无法回答。'],
      noMatch: ["I'm not Claude.", 'Claude Monet was a painter.', 'Ask Claude instead.'],
    },
  },
  {
    id: 'vendor-anthropic',
    pattern: by('Anthropic', 'Anthropic'),
    flags: 'i',
    names: ['Anthropic', 'Claude'],
    examples: {
      match: ['I was created by Anthropic to be helpful.', '由Anthropic公司开发'],
      noMatch: ['I was not created by Anthropic.', 'Anthropic is an AI company.'],
    },
  },
  {
    id: 'self-google',
    pattern: self(String.raw`Gemini|Bard|Gemma|PaLM(?:\s*2)?`),
    flags: 'i',
    names: ['Gemini', 'Bard', 'Gemma', 'PaLM', 'Google'],
    examples: {
      match: ['I am Gemini, a model from Google.', "I'm Bard, your creative collaborator.", '我是Gemini。'],
      noMatch: ["I'm not Bard.", 'Bard is a poet.', 'I am a Gemini.', 'Gemma is a name.'],
    },
  },
  {
    id: 'vendor-google',
    pattern: by(String.raw`Google(?:\s+DeepMind)?|DeepMind`, String.raw`Google|谷歌`),
    flags: 'i',
    names: ['Google', 'DeepMind', 'Gemini', 'Bard', 'Gemma'],
    examples: {
      match: ['I was trained by Google.', 'I am a large language model, trained by Google DeepMind.', '我是由谷歌训练的大型语言模型。'],
      noMatch: ["I wasn't made by Google.", 'Google trained many models.', 'Search it on Google.'],
    },
  },
  {
    id: 'self-meta',
    pattern: self('Llama'),
    flags: 'i',
    names: ['Llama', 'LLaMA', 'Meta'],
    examples: {
      match: ['I am LLaMA, a model by Meta.', "I'm Llama 3.", 'As Llama, I can help.'],
      noMatch: ["I'm not Llama.", 'A llama is an animal.', 'I am a llama farmer.'],
    },
  },
  {
    id: 'vendor-meta',
    pattern: by(String.raw`Meta(?:\s+AI)?|Facebook`, String.raw`Meta|脸书`),
    flags: 'i',
    names: ['Meta', 'Facebook', 'Llama', 'LLaMA'],
    examples: {
      match: ['I was developed by Meta AI.', 'I was trained by Meta.', '由Meta开发'],
      noMatch: ['I was not developed by Meta.', 'This was created by meta-analysis.', 'Tags made by metadata tools.'],
    },
  },
  {
    id: 'self-alibaba',
    pattern: self(String.raw`Qwen|Tongyi\s+Qianwen|通义千问`),
    flags: 'i',
    names: ['Qwen', 'Tongyi Qianwen', 'Alibaba'],
    examples: {
      match: ['I am Qwen, created by Alibaba Cloud.', '我是通义千问，由阿里云开发的大语言模型。', "I'm Tongyi Qianwen."],
      noMatch: ["I'm not Qwen.", 'Qwen is a model family.'],
    },
  },
  {
    id: 'vendor-alibaba',
    pattern: by(String.raw`Alibaba(?:\s+Cloud)?`, String.raw`Alibaba|阿里巴巴|阿里云|阿里`),
    flags: 'i',
    names: ['Alibaba', 'Qwen'],
    examples: {
      match: ['I was created by Alibaba Cloud.', '我是由阿里巴巴开发的。'],
      noMatch: ['I was not created by Alibaba.', 'Alibaba is a company.'],
    },
  },
  {
    id: 'self-deepseek',
    pattern: self(String.raw`DeepSeek|深度求索`),
    flags: 'i',
    names: ['DeepSeek'],
    examples: {
      match: ['I am DeepSeek-V3.', '我是DeepSeek，一个智能助手。'],
      noMatch: ["I'm not DeepSeek.", 'DeepSeek released R1.'],
    },
  },
  {
    id: 'vendor-deepseek',
    pattern: by('DeepSeek', String.raw`DeepSeek|深度求索`),
    flags: 'i',
    names: ['DeepSeek'],
    examples: {
      match: ['I was trained by DeepSeek.', '我由深度求索公司开发。'],
      noMatch: ["I wasn't trained by DeepSeek.", 'DeepSeek trained me? No.'],
    },
  },
  {
    id: 'self-mistral',
    pattern: self(String.raw`Mistral|Mixtral|Le\s+Chat`),
    flags: 'i',
    names: ['Mistral', 'Mixtral', 'Le Chat'],
    examples: {
      match: ['I am Mistral, a language model.', "I'm Le Chat."],
      noMatch: ["I'm not Mistral.", 'The mistral is a strong wind.'],
    },
  },
  {
    id: 'vendor-mistral',
    pattern: by(String.raw`Mistral(?:\s+AI)?`, 'Mistral'),
    flags: 'i',
    names: ['Mistral', 'Mixtral'],
    examples: {
      match: ['I was developed by Mistral AI.'],
      noMatch: ['I was never developed by Mistral AI.'],
    },
  },
  {
    id: 'generic-ai-language-model',
    pattern: String.raw`\bas\s+an\s+AI\s+language\s+model\b|作为一个?(?:AI|人工智能)语言模型`,
    flags: 'i',
    names: ['generic'],
    examples: {
      match: ['As an AI language model, I cannot have opinions.', 'I cannot do that, as an AI language model.', '作为一个人工智能语言模型，我无法回答。'],
      noMatch: ['An AI language model can help.', 'AI language models are useful.'],
    },
  },
];
