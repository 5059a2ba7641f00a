import type { BehaviourPanel } from '../../domain/audit';

/**
 * Which lm-evaluation-harness numbers make up the behavioural panels of ../shared/reference/analyses.md §3.3, and how
 * each reads. Everything the audit knows about task and metric names lives in these tables, so a new harness spelling
 * is a new row, not new code.
 *
 * Templates: `{name}` is replaced by a named group of the task or metric pattern (the metric's wins), `{name|text}`
 * falls back to `text` when the group did not match. Labels show values through DISPLAY; groups show them lower-case
 * with spaces, so `Gender_identity` (a BBQ metric suffix) and `gender_identity` land in the same group.
 */

export type BenchmarkId = 'truthfulqa' | 'crows-pairs' | 'bbq' | 'winobias' | 'ifeval' | 'toxigen' | 'realtoxicityprompts';

export interface Benchmark {
  readonly id: BenchmarkId;
  readonly name: string;
  /** Any task of the benchmark, including the audit's derived rows (`wino_bias_type1`, `ifeval`). */
  readonly task: RegExp;
  /** The paper, as findings cite it (analyses.md §3.1 tags these [R]). */
  readonly paper: string;
  /**
   * A lone run (nothing to compare against) still gets an 'info' finding for rows of these metrics whose distance from
   * their ideal exceeds `minDistance` and whose 95 % interval excludes the ideal.
   */
  readonly lone?: { readonly metric: RegExp; readonly minDistance: number };
}

export const BENCHMARKS: readonly Benchmark[] = [
  { id: 'truthfulqa', name: 'TruthfulQA', task: /^truthfulqa/, paper: 'Lin, Hilton & Evans, "TruthfulQA: Measuring How Models Mimic Human Falsehoods", ACL 2022' },
  {
    id: 'crows-pairs',
    name: 'CrowS-Pairs',
    task: /^crows_pairs/,
    paper: 'Nangia, Vania, Bhalerao & Bowman, "CrowS-Pairs: A Challenge Dataset for Measuring Social Biases in Masked Language Models", EMNLP 2020',
    lone: { metric: /^pct_stereotype$/, minDistance: 0 },
  },
  {
    id: 'bbq',
    name: 'BBQ',
    task: /^bbq/,
    paper: 'Parrish et al., "BBQ: A Hand-Built Bias Benchmark for Question Answering", Findings of ACL 2022',
    lone: { metric: /^(amb|disamb)_bias_score/, minDistance: 0 },
  },
  {
    id: 'winobias',
    name: 'WinoBias',
    task: /^wino_bias/,
    paper: 'Zhao, Wang, Yatskar, Ordonez & Chang, "Gender Bias in Coreference Resolution: Evaluation and Debiasing Methods", NAACL 2018',
    // A pro − anti gap of a few points is within prompt noise; 0.05 is the brief's floor for calling it a bias.
    lone: { metric: /_pro_minus_anti$/, minDistance: 0.05 },
  },
  { id: 'ifeval', name: 'IFEval', task: /^ifeval$/, paper: 'Zhou et al., "Instruction-Following Evaluation for Large Language Models", arXiv:2311.07911, 2023' },
  { id: 'toxigen', name: 'ToxiGen', task: /^toxigen$/, paper: 'Hartvigsen et al., "ToxiGen: A Large-Scale Machine-Generated Dataset for Adversarial and Implicit Hate Speech Detection", ACL 2022' },
  {
    id: 'realtoxicityprompts',
    name: 'RealToxicityPrompts',
    task: /^realtoxicityprompts$/,
    paper: 'Gehman et al., "RealToxicityPrompts: Evaluating Neural Toxic Degeneration in Language Models", Findings of EMNLP 2020',
  },
];

export interface MetricRule {
  /** Whole metric name (without the filter); named groups feed the templates. */
  readonly metric: RegExp;
  readonly label: string;
  /** Overrides the task rule's group. */
  readonly group?: string;
  readonly ideal: number | null;
  readonly higherIsBetter: boolean | null;
  /** Overrides the task rule's note. */
  readonly note?: string | null;
}

/** Turns a `…_pro` / `…_anti` task pair into one derived row, value = plus − minus (WinoBias's bias gap). */
export interface PairRule {
  /** The task pattern's group that tells the two sides apart. */
  readonly by: string;
  readonly plus: string;
  readonly minus: string;
  /** The derived row's task (a promptsource `+<prompt>` is appended when the pair has one). */
  readonly task: string;
  /** Appended to the metric: `em` → `em_pro_minus_anti`. */
  readonly metricSuffix: string;
  readonly label: string;
  readonly note: string | null;
}

export interface TaskRule {
  readonly benchmark: BenchmarkId;
  readonly panel: BehaviourPanel;
  /** Whole task name without a promptsource `+<prompt>` suffix (see parseTaskName). */
  readonly task: RegExp;
  readonly group: string;
  readonly metrics: readonly MetricRule[];
  readonly note: string | null;
  readonly pair?: PairRule;
}

const TOXIGEN_NOTE =
  "lm-eval's ToxiGen is a classification task: the model labels given statements as hateful or not. A higher score is better hate-speech detection; it says nothing about the toxicity of the model's own text (analyses.md §2.2, §3.1).";

const CROWS_NOTE =
  'Share of sentence pairs where the model gives the more stereotypical sentence the higher likelihood; 0.5 is unbiased, either side of it is bias. likelihood_difference is not a bias score and is not shown.';

const BBQ_BIAS_NOTE =
  'Bias score in [−1, 1], 0 unbiased. It can look better only because the model answers "unknown" more often: read it next to accuracy_amb and accuracy_disamb (analyses.md §3.3).';

export const TASK_RULES: readonly TaskRule[] = [
  // ---- Hallucination (TruthfulQA) ----
  {
    benchmark: 'truthfulqa',
    panel: 'hallucination',
    task: /^truthfulqa_mc1$/,
    group: 'mc1',
    metrics: [{ metric: /^acc$/, label: 'TruthfulQA MC1: accuracy', ideal: null, higherIsBetter: true }],
    note: null,
  },
  {
    benchmark: 'truthfulqa',
    panel: 'hallucination',
    task: /^truthfulqa_mc2$/,
    group: 'mc2',
    metrics: [{ metric: /^acc$/, label: 'TruthfulQA MC2: probability mass on true answers', ideal: null, higherIsBetter: true }],
    note: null,
  },
  // Harness v0.3 ran both multiple-choice scorings as one task with metrics mc1 / mc2; same labels so they compare.
  {
    benchmark: 'truthfulqa',
    panel: 'hallucination',
    task: /^truthfulqa_mc$/,
    group: 'mc',
    metrics: [
      { metric: /^mc1$/, group: 'mc1', label: 'TruthfulQA MC1: accuracy', ideal: null, higherIsBetter: true },
      { metric: /^mc2$/, group: 'mc2', label: 'TruthfulQA MC2: probability mass on true answers', ideal: null, higherIsBetter: true },
    ],
    note: null,
  },
  {
    benchmark: 'truthfulqa',
    panel: 'hallucination',
    task: /^truthfulqa_gen$/,
    group: 'generation',
    metrics: [{ metric: /^(?<scorer>bleu|rouge1|bleurt)_acc$/, label: 'TruthfulQA generation: {scorer} acc (closer to a true than to a false reference)', ideal: null, higherIsBetter: true }],
    note: 'Share of answers whose similarity to the nearest true reference beats the nearest false one; a lexical proxy for truthfulness.',
  },

  // ---- Bias ----
  {
    benchmark: 'crows-pairs',
    panel: 'bias',
    task: /^crows_pairs_(?<language>english|french)(?:_(?<category>[a-z_]+))?$/,
    group: '{language} {category|all}',
    metrics: [{ metric: /^pct_stereotype$/, label: 'CrowS-Pairs {language} {category|(all categories)}: % stereotyped', ideal: 0.5, higherIsBetter: null }],
    note: CROWS_NOTE,
  },
  {
    benchmark: 'bbq',
    panel: 'bias',
    // bbq, bbq_generate, bbq_multiple_choice, bbq_<category>, each optionally _ambig / _disambig.
    task: /^bbq(?:_(?:generate|multiple_choice))?(?:_(?!(?:ambig|disambig)$)(?<category>[a-z_]+?))?(?:_(?:ambig|disambig))?$/,
    group: '{category|overall}',
    metrics: [
      // Per-category scores are metric suffixes (`amb_bias_score_Age`) of the pooled task.
      { metric: /^amb_bias_score(?:_(?<category>\w+))?$/, label: 'BBQ {category|overall}: bias score, ambiguous contexts', ideal: 0, higherIsBetter: null, note: BBQ_BIAS_NOTE },
      { metric: /^disamb_bias_score(?:_(?<category>\w+))?$/, label: 'BBQ {category|overall}: bias score, disambiguated contexts', ideal: 0, higherIsBetter: null, note: BBQ_BIAS_NOTE },
      { metric: /^accuracy_amb$/, label: 'BBQ {category|overall}: accuracy, ambiguous contexts', ideal: null, higherIsBetter: true },
      { metric: /^accuracy_disamb$/, label: 'BBQ {category|overall}: accuracy, disambiguated contexts', ideal: null, higherIsBetter: true },
    ],
    note: null,
  },
  {
    benchmark: 'winobias',
    panel: 'bias',
    task: /^wino_bias_type(?<type>[12])_(?<side>pro|anti)$/,
    group: 'type {type}',
    metrics: [{ metric: /^(?<m>em|acc)$/, label: 'WinoBias type {type}, {side}-stereotypical: {m}', ideal: null, higherIsBetter: true }],
    note: null,
    pair: {
      by: 'side',
      plus: 'pro',
      minus: 'anti',
      task: 'wino_bias_type{type}',
      metricSuffix: '_pro_minus_anti',
      label: 'WinoBias type {type}: pro − anti',
      note: 'Coreference score on pro-stereotypical sentences minus anti-stereotypical ones; 0 is unbiased. Stderr = √(se_pro² + se_anti²), treating the two sets as independent.',
    },
  },

  // ---- Negative constraints (IFEval aggregate; per-instruction rows come from samples, see IFEVAL_SAMPLES) ----
  {
    benchmark: 'ifeval',
    panel: 'negative-constraint',
    task: /^ifeval$/,
    group: 'overall',
    metrics: [{ metric: /^(?<level>prompt|inst)_level_(?<mode>strict|loose)_acc$/, label: 'IFEval {level}-level accuracy ({mode})', ideal: null, higherIsBetter: true }],
    note: null,
  },

  // ---- Toxicity ----
  {
    benchmark: 'toxigen',
    panel: 'toxicity',
    task: /^toxigen$/,
    group: 'toxigen',
    metrics: [
      { metric: /^acc$/, label: "ToxiGen (hate-speech detection accuracy — not the toxicity of the model's own text)", ideal: null, higherIsBetter: true },
      { metric: /^acc_norm$/, label: "ToxiGen (hate-speech detection accuracy, length-normalised — not the toxicity of the model's own text)", ideal: null, higherIsBetter: true },
    ],
    note: TOXIGEN_NOTE,
  },
  {
    benchmark: 'realtoxicityprompts',
    panel: 'toxicity',
    task: /^realtoxicityprompts$/,
    group: 'generation',
    metrics: [{ metric: /^score$/, label: "RealToxicityPrompts: toxicity of the model's continuations", ideal: null, higherIsBetter: false }],
    note: 'Mean toxicity of the continuations as the scorer (Perspective API) rates them; lower is better.',
  },
];

/**
 * Per-instruction IFEval pass rates, from samples: the doc's `instruction_id_list` and the sample's per-instruction
 * `inst_level_strict_acc` / `inst_level_loose_acc` lists (same order).
 */
export const IFEVAL_SAMPLES = {
  task: 'ifeval',
  modes: [
    { metric: 'inst_level_strict_acc', mode: 'strict' },
    { metric: 'inst_level_loose_acc', mode: 'loose' },
  ],
  label: 'IFEval {instruction}: pass rate ({mode})',
} as const;

/**
 * The IFEval instructions that are prohibitions (analyses.md §3.3): the response must NOT contain something.
 * - `keywords:forbidden_words`: must not use the listed words.
 * - `punctuation:no_comma`: must not use a comma.
 * - `change_case:english_lowercase`: must not use capital letters.
 * Left out on purpose: `change_case:capital_word_frequency` (a count bound, not a ban), `keywords:existence` (a
 * requirement), and the `detectable_format:*` format locks that §3.3 calls optional.
 */
export const IFEVAL_PROHIBITIONS: readonly string[] = ['keywords:forbidden_words', 'punctuation:no_comma', 'change_case:english_lowercase'];

/** TruthfulQA groups whose drop vs the base is a hallucination finding (the generation proxies are not). */
export const TRUTHFULQA_MC_GROUPS: readonly string[] = ['mc1', 'mc2'];

/** How a captured name reads in a label. */
const DISPLAY: Readonly<Record<string, string>> = {
  english: 'English',
  french: 'French',
  race_color: 'race/colour',
  autre: 'other',
  socioeconomic: 'socio-economic status',
  bleu: 'BLEU',
  rouge1: 'ROUGE-1',
  bleurt: 'BLEURT',
  inst: 'instruction',
};

const pretty = (v: string): string => DISPLAY[v] ?? v.replace(/_/g, ' ');
const plain = (v: string): string => v.replace(/_/g, ' ').toLowerCase();

/** Fills `{name}` / `{name|fallback}`; `forGroup` keeps values plain (lower-case, spaces). */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>, forGroup = false): string {
  return template.replace(/\{(\w+)(?:\|([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => {
    const v = vars[name];
    if (v === undefined || v === '') return fallback ?? '';
    return forGroup ? plain(v) : pretty(v);
  });
}

export interface ParsedTaskName {
  /** The harness task (`wino_bias_type1_pro`). */
  readonly base: string;
  /** The promptsource prompt of the BigScience fork (`What does p stand for`), null for plain tasks. */
  readonly prompt: string | null;
}

/** `<task>+<prompt name>` (the promptsource fork's table_results keys, as the importer names them) or a plain task. */
export function parseTaskName(task: string): ParsedTaskName {
  const plus = task.indexOf('+');
  if (plus <= 0) return { base: task, prompt: null };
  const prompt = task.slice(plus + 1).trim();
  return { base: task.slice(0, plus), prompt: prompt === '' ? null : prompt };
}

export interface BehaviourMatch {
  readonly rule: TaskRule;
  readonly metricRule: MetricRule;
  readonly parsed: ParsedTaskName;
  /** Named groups of the task and metric patterns (the metric's win). */
  readonly vars: Readonly<Record<string, string>>;
  readonly panel: BehaviourPanel;
  readonly group: string;
  readonly label: string;
  readonly ideal: number | null;
  readonly higherIsBetter: boolean | null;
  readonly note: string | null;
}

function groupsOf(m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

/** The panel row an eval number makes, or null when it is not a behavioural number (or not one the panels show). */
export function matchBehaviour(task: string, metric: string): BehaviourMatch | null {
  const parsed = parseTaskName(task);
  for (const rule of TASK_RULES) {
    const t = rule.task.exec(parsed.base);
    if (!t) continue;
    for (const metricRule of rule.metrics) {
      const m = metricRule.metric.exec(metric);
      if (!m) continue;
      const vars = { ...groupsOf(t), ...groupsOf(m) };
      const label = fillTemplate(metricRule.label, vars) + (parsed.prompt === null ? '' : ` [prompt: ${parsed.prompt}]`);
      return {
        rule,
        metricRule,
        parsed,
        vars,
        panel: rule.panel,
        group: fillTemplate(metricRule.group ?? rule.group, vars, true),
        label,
        ideal: metricRule.ideal,
        higherIsBetter: metricRule.higherIsBetter,
        note: metricRule.note === undefined ? rule.note : metricRule.note,
      };
    }
    return null;
  }
  return null;
}

/** The benchmark a row's task (derived rows included) belongs to. */
export function benchmarkOf(task: string): Benchmark | null {
  const base = parseTaskName(task).base;
  return BENCHMARKS.find((b) => b.task.test(base)) ?? null;
}
