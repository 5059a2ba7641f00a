import { z } from 'zod';

/**
 * Data and behaviour audit (issue 10; analyses.md §1, §3, §4): failures that hide in the training data and show only
 * in behaviour. Every number carries its evidence and the threshold it was held against.
 */

export const AuditKind = z.enum(['synthetic-share', 'identity-drift', 'template-gap', 'hallucination', 'bias', 'negative-constraint']);
export type AuditKind = z.infer<typeof AuditKind>;

export const AuditSeverity = z.enum(['info', 'warning', 'critical']);
export type AuditSeverity = z.infer<typeof AuditSeverity>;

/** A 95 % interval. */
export const Interval = z.tuple([z.number(), z.number()]);
export type Interval = z.infer<typeof Interval>;

export const AuditFinding = z.object({
  /** Stable within one result: `kind:runId:subject`. */
  id: z.string(),
  kind: AuditKind,
  runId: z.string(),
  severity: AuditSeverity,
  /** One line: "Synthetic share of `math` is 72 % (cap 30 %)". */
  title: z.string(),
  /** The measured quantity (a share, a rate, a gap, a delta), in its natural unit (shares and rates in [0, 1]). */
  value: z.number(),
  /** What it was held against (the cap, the base rate, the gap threshold). */
  threshold: z.number(),
  /** 95 % interval of `value` when there is one. */
  ci: Interval.nullable(),
  /** The numbers behind it, as a sentence with file names and counts. */
  evidence: z.string(),
  /** What to do about it. */
  fix: z.string(),
  /** Method and reference (analyses.md section, paper). */
  source: z.string(),
  /** What the finding is about: a domain, a task, a category. */
  subject: z.string(),
});
export type AuditFinding = z.infer<typeof AuditFinding>;

// ---------- Mixture (§1.3 A) ----------

/** One source of a data mixture as its description gives it. */
export const MixtureSource = z.object({
  source: z.string(),
  domain: z.string(),
  synthetic: z.boolean(),
  /** The model that generated it, when synthetic and known. */
  generator: z.string().nullable(),
  /** Size in the mixture's unit (tokens when given, else rows/examples). */
  size: z.number(),
  /** Passes over it; exposure = size × epochs. */
  epochs: z.number(),
});
export type MixtureSource = z.infer<typeof MixtureSource>;

export const MixtureDomain = z.object({
  domain: z.string(),
  realSize: z.number(),
  syntheticSize: z.number(),
  /** Synthetic share of the domain's exposure (size × epochs), in [0, 1]. */
  share: z.number(),
  /** Synthetic share of raw size (no epochs). */
  rawShare: z.number(),
  cap: z.number(),
  breach: z.boolean(),
  /** Synthetic exposure to drop to meet the cap (0 when within it). */
  dropToMeet: z.number(),
  /** The largest generator's share of the domain's synthetic exposure. */
  topGenerator: z.object({ name: z.string(), share: z.number() }).nullable(),
});
export type MixtureDomain = z.infer<typeof MixtureDomain>;

export const MixtureAudit = z.object({
  runId: z.string(),
  /** The description read, relative to the run's source folder. */
  file: z.string(),
  format: z.enum(['data-mixture', 'llama-factory', 'dataset-card']),
  unit: z.enum(['tokens', 'rows']),
  sources: z.array(MixtureSource),
  domains: z.array(MixtureDomain),
  /** What could not be read or had to be assumed ("dataset `x` is not in dataset_info.json"). */
  warnings: z.array(z.string()),
});
export type MixtureAudit = z.infer<typeof MixtureAudit>;

// ---------- Identity drift (§1.3 B) ----------

export const IdentityHit = z.object({ task: z.string(), docId: z.number().nullable(), response: z.string(), match: z.string() });
export type IdentityHit = z.infer<typeof IdentityHit>;

/** One checkpoint's (run's) self-identification rate over its logged generations. */
export const IdentityPoint = z.object({
  runId: z.string(),
  /** Training step of the checkpoint when known (from the model path), for ordering. */
  step: z.number().nullable(),
  responses: z.number().int(),
  hits: z.number().int(),
  rate: z.number(),
  /** Wilson 95 %. */
  ci: Interval,
  /** Up to five responses that matched. */
  examples: z.array(IdentityHit),
});
export type IdentityPoint = z.infer<typeof IdentityPoint>;

export const IdentityDrift = z.object({
  /** The reference (the base model): the first run in order unless one is named base. */
  baseRunId: z.string(),
  points: z.array(IdentityPoint),
});
export type IdentityDrift = z.infer<typeof IdentityDrift>;

// ---------- Template reliance (§4.3) ----------

export const TemplateVariant = z.object({ variant: z.string(), n: z.number().int(), correct: z.number().int(), acc: z.number(), ci: Interval });
export type TemplateVariant = z.infer<typeof TemplateVariant>;

export const TemplateDomain = z.object({
  domain: z.string(),
  variants: z.array(TemplateVariant),
  /** Best variant's accuracy minus the worst's (the paraphrase gap). */
  gap: z.number(),
  /** Paired bootstrap 95 % interval of the gap over paraphrase groups. */
  gapCi: Interval.nullable(),
  /** Paraphrase groups with every variant logged. */
  groups: z.number().int(),
  /** Share of groups whose answers are all right or all wrong (C_strict-style agreement of correctness). */
  consistency: z.number(),
});
export type TemplateDomain = z.infer<typeof TemplateDomain>;

export const TemplateGap = z.object({
  runId: z.string(),
  /** Where the variants came from: a `paraphrase_group` doc field, or tasks that are prompt variants of one task. */
  basis: z.enum(['paraphrase-group', 'prompt-variants']),
  task: z.string(),
  domains: z.array(TemplateDomain),
});
export type TemplateGap = z.infer<typeof TemplateGap>;

// ---------- Behavioural panels (§3.3) ----------

export const BehaviourPanel = z.enum(['hallucination', 'bias', 'negative-constraint', 'toxicity']);
export type BehaviourPanel = z.infer<typeof BehaviourPanel>;

/** One number of a behavioural panel for one run. */
export const BehaviourRow = z.object({
  panel: BehaviourPanel,
  runId: z.string(),
  task: z.string(),
  metric: z.string(),
  /** What the row reads as ("CrowS-Pairs gender: % stereotyped", "WinoBias type 1: pro − anti"). */
  label: z.string(),
  /** Group within the panel (the bias category, the IFEval instruction kind). */
  group: z.string(),
  value: z.number(),
  stderr: z.number().nullable(),
  /** The unbiased/ideal point when the metric has one (0.5 for CrowS-Pairs, 0 for a pro − anti gap). */
  ideal: z.number().nullable(),
  higherIsBetter: z.boolean().nullable(),
  /** A caveat the UI shows (ToxiGen is a detection task). */
  note: z.string().nullable(),
});
export type BehaviourRow = z.infer<typeof BehaviourRow>;

export const AuditResult = z.object({
  findings: z.array(AuditFinding),
  mixtures: z.array(MixtureAudit),
  identity: IdentityDrift.nullable(),
  templates: z.array(TemplateGap),
  behaviour: z.array(BehaviourRow),
});
export type AuditResult = z.infer<typeof AuditResult>;

/** Caps on a domain's synthetic share: analyses.md §1.3 A calls them policy (no published safe cap), so editable. */
export const DEFAULT_SYNTHETIC_CAP = 0.3;

export const AuditReq = z
  .object({
    runIds: z.array(z.string().min(1)).min(1).max(200),
    /** Default cap on every domain's synthetic share (a mixture row's own `cap` wins). */
    cap: z.number().min(0).max(1).optional(),
    /** Per-domain caps. */
    caps: z.record(z.string().max(200), z.number().min(0).max(1)).optional(),
  })
  .strict();
export type AuditReq = z.infer<typeof AuditReq>;
