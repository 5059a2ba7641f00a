import { z } from 'zod';
import type { MixtureSource } from '../../domain/audit';
import { parseYaml } from '../../util/safe-yaml';
import { sizeLike } from './mixture-size';
import { quoteValue } from '../../util/quote-value';

/** Readers of mixture descriptions (format in docs/mixture-format.md); they never throw: every problem becomes a warning on the input. */

export interface MixtureInput {
  readonly file: string;
  readonly format: 'data-mixture' | 'llama-factory' | 'dataset-card';
  readonly unit: 'tokens' | 'rows';
  /**
   * A data_mixture row's own `cap` rides on its source as an extra `cap` property (MixtureSource has no field for it);
   * the audit reads it and leaves it out of `MixtureAudit.sources`.
   */
  readonly sources: MixtureSource[];
  /** Caps the description itself sets, per domain (a data_mixture's `caps`, and its top-level `cap` for each domain). */
  readonly caps: Readonly<Record<string, number>>;
  readonly warnings: string[];
}

/** A source as the readers build it: the contract's fields plus the row's own cap when it gives one. */
type CappedSource = MixtureSource & { readonly cap?: number };

// ---------- lenient field schemas ----------

function boolLike(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === 'yes') return true;
  if (s === 'false' || s === 'no') return false;
  return v;
}

const Name = z.string().trim().min(1, 'must be a non-empty string');
const Size = z.preprocess(sizeLike, z.number('must be a number').nonnegative('must be ≥ 0'));
const Fraction = z.preprocess(sizeLike, z.number('must be a number').min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1] (write 0.3 for 30 %)'));
const Flag = z.preprocess(boolLike, z.boolean('must be true or false'));
const Generator = z.preprocess((v) => (Array.isArray(v) && v.every((g) => typeof g === 'string') ? v.join(', ') : v), Name);

/** The data_mixture source row (docs/mixture-format.md); each field is checked on its own so one bad value costs only itself. */
const MIXTURE_SOURCE_FIELDS = {
  name: Name,
  source: Name,
  domain: Name,
  synthetic: Flag,
  generator: Generator.nullable(),
  tokens: Size,
  rows: Size,
  epochs: Size,
  cap: Fraction,
  share: Size,
  weight: Size,
} as const;

/** dataset_info.json entry keys RunLens reads (LLaMA-Factory's own keys are left alone). */
const LLAMA_FACTORY_FIELDS = {
  domain: Name,
  synthetic: Flag,
  generator: Generator.nullable(),
  num_samples: Size,
  tokens: Size,
} as const;

const MixtureUnit = z.enum(['tokens', 'rows']);
const Caps = z.record(z.string(), z.unknown());

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issueText(err: z.ZodError): string {
  return err.issues[0]?.message ?? 'invalid';
}

/** Validates the fields a schema map knows; bad values are dropped with a warning naming the source and the key. */
function readFields<F extends Record<string, z.ZodType>>(
  raw: Record<string, unknown>,
  fields: F,
  where: string,
  warnings: string[],
): Partial<{ [K in keyof F]: z.output<F[K]> }> {
  const out: Partial<{ [K in keyof F]: z.output<F[K]> }> = {};
  for (const key of Object.keys(fields) as (keyof F & string)[]) {
    if (!(key in raw) || raw[key] === undefined) continue;
    const schema = fields[key];
    if (!schema) continue;
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data as z.output<F[typeof key]>;
    else warnings.push(`${where}: \`${key}\` ${issueText(parsed.error)} (got ${quoteValue(raw[key])}); ignored.`);
  }
  return out;
}

// ---------- sizes and the unit ----------

/** One source before its size is chosen: what it gives, in each unit. */
interface Candidate {
  readonly name: string;
  readonly domain: string;
  readonly synthetic: boolean;
  readonly generator: string | null;
  readonly epochs: number;
  readonly cap: number | undefined;
  readonly tokens: number | undefined;
  readonly rows: number | undefined;
  readonly share: number | undefined;
}

/**
 * Picks one unit for the whole mixture, since shares across units mean nothing: tokens when every sized source gives
 * tokens, else rows; sources that lack the chosen unit are skipped with a warning rather than converted by a guess.
 * With no absolute size anywhere, mixture fractions (`share`/`weight`) stand in as sizes, counted as rows.
 */
function chooseSizes(cands: readonly Candidate[], declared: 'tokens' | 'rows' | undefined, warnings: string[]): { unit: 'tokens' | 'rows'; sources: CappedSource[] } {
  const absolute = cands.filter((c) => c.tokens !== undefined || c.rows !== undefined);
  const build = (c: Candidate, size: number): CappedSource => ({
    source: c.name,
    domain: c.domain,
    synthetic: c.synthetic,
    generator: c.generator,
    size,
    epochs: c.epochs,
    ...(c.cap !== undefined ? { cap: c.cap } : {}),
  });
  const sources: CappedSource[] = [];

  if (absolute.length === 0) {
    const shared = cands.filter((c) => c.share !== undefined);
    for (const c of cands) if (c.share === undefined) warnings.push(`Source \`${c.name}\` gives no size (tokens, rows, share or weight); skipped.`);
    if (shared.length > 0) {
      warnings.push('Sizes are mixture fractions (share/weight), not counts: the unit is reported as rows and drop amounts are fractions of the mixture.');
      if (declared === 'tokens') warnings.push('`unit: tokens` is declared but only shares are given; shares are counted as rows.');
    }
    for (const c of shared) sources.push(build(c, c.share ?? 0));
    return { unit: 'rows', sources };
  }

  const everyTokens = absolute.every((c) => c.tokens !== undefined);
  const unit = declared ?? (everyTokens ? 'tokens' : 'rows');
  const withTokens = absolute.filter((c) => c.tokens !== undefined).length;
  if (declared === undefined && !everyTokens && withTokens > 0) {
    warnings.push(`Mixed units: ${withTokens} of ${absolute.length} sources give tokens, the rest only rows; the mixture is counted in rows.`);
  }
  for (const c of cands) {
    const size = unit === 'tokens' ? c.tokens : c.rows;
    if (size !== undefined) sources.push(build(c, size));
    else if (c.tokens !== undefined || c.rows !== undefined) warnings.push(`Source \`${c.name}\` gives no ${unit} (the mixture is counted in ${unit}); skipped.`);
    else if (c.share !== undefined) warnings.push(`Source \`${c.name}\` gives only a share while others give absolute sizes; skipped (a share cannot be mixed with counts).`);
    else warnings.push(`Source \`${c.name}\` gives no size (tokens, rows, share or weight); skipped.`);
  }
  return { unit, sources };
}

function emptyInput(file: string, format: MixtureInput['format'], warnings: string[]): MixtureInput {
  return { file, format, unit: 'rows', sources: [], caps: {}, warnings };
}

// ---------- data_mixture.json / .yaml ----------

const KNOWN_SOURCE_KEYS = new Set<string>(Object.keys(MIXTURE_SOURCE_FIELDS));

export function readDataMixture(file: string, value: unknown): MixtureInput {
  const warnings: string[] = [];
  if (value === null || value === undefined) return emptyInput(file, 'data-mixture', [`${file} is empty.`]);

  let rawSources: unknown;
  let declared: 'tokens' | 'rows' | undefined;
  let fileCap: number | undefined;
  const caps: Record<string, number> = {};
  if (Array.isArray(value)) {
    rawSources = value;
  } else if (isRecord(value)) {
    rawSources = value.sources;
    if (value.unit !== undefined) {
      const u = MixtureUnit.safeParse(typeof value.unit === 'string' ? value.unit.trim().toLowerCase() : value.unit);
      if (u.success) declared = u.data;
      else warnings.push(`\`unit\` must be "tokens" or "rows" (got ${quoteValue(value.unit)}); inferred from the sources instead.`);
    }
    if (value.cap !== undefined) {
      const c = Fraction.safeParse(value.cap);
      if (c.success) fileCap = c.data;
      else warnings.push(`\`cap\` ${issueText(c.error)} (got ${quoteValue(value.cap)}); ignored.`);
    }
    if (value.caps !== undefined) {
      const parsed = Caps.safeParse(value.caps);
      if (!parsed.success) warnings.push('`caps` must map domain names to numbers in [0, 1]; ignored.');
      else
        for (const [domain, raw] of Object.entries(parsed.data)) {
          const c = Fraction.safeParse(raw);
          if (c.success) caps[domain.trim()] = c.data;
          else warnings.push(`\`caps.${domain}\` ${issueText(c.error)} (got ${quoteValue(raw)}); ignored.`);
        }
    }
  } else {
    return emptyInput(file, 'data-mixture', [`${file} must hold an object with \`sources\` or a list of sources (see docs/mixture-format.md).`]);
  }
  if (!Array.isArray(rawSources)) {
    warnings.push(`${file} has no \`sources\` list (see docs/mixture-format.md).`);
    return { ...emptyInput(file, 'data-mixture', warnings), caps };
  }

  const cands: Candidate[] = [];
  const seen = new Set<string>();
  rawSources.forEach((raw, i) => {
    const where = `Source #${i + 1}`;
    if (!isRecord(raw)) {
      warnings.push(`${where} is not an object; skipped.`);
      return;
    }
    const f = readFields(raw, MIXTURE_SOURCE_FIELDS, where, warnings);
    const name = f.name ?? f.source ?? `source ${i + 1}`;
    if (f.name === undefined && f.source === undefined) warnings.push(`${where} has no \`name\`; called \`${name}\`.`);
    const unknown = Object.keys(raw).filter((k) => !KNOWN_SOURCE_KEYS.has(k));
    if (unknown.length > 0) warnings.push(`Source \`${name}\`: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')} ignored.`);
    if (seen.has(name)) warnings.push(`Source \`${name}\` is listed more than once; every listing is counted.`);
    seen.add(name);
    const domain = f.domain ?? 'general';
    if (f.domain === undefined) warnings.push(`Source \`${name}\` has no \`domain\`; counted under \`general\`.`);
    const generator = f.generator ?? null;
    if (f.synthetic === false && generator !== null) warnings.push(`Source \`${name}\` says \`synthetic: false\` but names generator \`${generator}\`; counted as synthetic.`);
    cands.push({
      name,
      domain,
      synthetic: generator !== null || f.synthetic === true,
      generator,
      epochs: f.epochs ?? 1,
      cap: f.cap,
      tokens: f.tokens,
      rows: f.rows,
      share: f.share ?? f.weight,
    });
  });
  if (cands.length === 0) warnings.push(`${file} lists no usable sources.`);

  const { unit, sources } = chooseSizes(cands, declared, warnings);
  if (fileCap !== undefined) for (const s of sources) if (!Object.hasOwn(caps, s.domain)) caps[s.domain] = fileCap;
  return { file, format: 'data-mixture', unit, sources, caps, warnings };
}

// ---------- LLaMA-Factory ----------

/**
 * A dataset's domain when dataset_info.json does not give one: the name's first segment (`math_synth` → `math`,
 * `gsm8k` → `gsm8k`), so `x` and `x_synthetic` land in one domain; `general` only when the name has no letters or digits.
 */
function domainFromName(name: string): string {
  const first = name.split(/[\s_./:-]+/).find((seg) => /[a-z0-9]/i.test(seg));
  return first ? first.toLowerCase() : 'general';
}

export function readLlamaFactory(file: string, datasetInfo: unknown, datasets: readonly string[], rowCounts: ReadonlyMap<string, number>): MixtureInput {
  const warnings: string[] = [];
  if (!isRecord(datasetInfo)) return emptyInput(file, 'llama-factory', [`${file} must map dataset names to entries; nothing read.`]);
  const names = datasets.map((d) => d.trim()).filter((d) => d !== '');
  if (names.length === 0) warnings.push('The run names no datasets (training argument `dataset`); nothing to audit.');

  const cands: Candidate[] = [];
  const guessed: string[] = [];
  const unsized: string[] = [];
  for (const name of names) {
    const entry = datasetInfo[name];
    if (!isRecord(entry)) {
      warnings.push(entry === undefined ? `Dataset \`${name}\` is not in ${file}; skipped.` : `Dataset \`${name}\` in ${file} is not an object; skipped.`);
      continue;
    }
    const f = readFields(entry, LLAMA_FACTORY_FIELDS, `Dataset \`${name}\``, warnings);
    const domain = f.domain ?? domainFromName(name);
    if (f.domain === undefined) guessed.push(`\`${name}\` → \`${domain}\``);
    const generator = f.generator ?? null;
    if (f.synthetic === false && generator !== null) warnings.push(`Dataset \`${name}\` says \`synthetic: false\` but names generator \`${generator}\`; counted as synthetic.`);
    const rows = f.num_samples ?? rowCounts.get(name);
    if (f.tokens === undefined && rows === undefined) {
      unsized.push(name);
      continue;
    }
    cands.push({ name, domain, synthetic: generator !== null || f.synthetic === true, generator, epochs: 1, cap: undefined, tokens: f.tokens, rows, share: undefined });
  }
  if (guessed.length > 0) warnings.push(`Domains guessed from dataset names (add a "domain" key to the dataset_info.json entry to set one): ${guessed.join(', ')}.`);
  for (const name of unsized) warnings.push(`Dataset \`${name}\` has no size: give "tokens" or "num_samples" in ${file}, or keep its local file next to it so rows can be counted; skipped.`);
  if (cands.length > 0 && cands.every((c) => !c.synthetic)) warnings.push(`No dataset is marked synthetic in ${file} (keys "synthetic" or "generator"); every share is 0.`);

  const { unit, sources } = chooseSizes(cands, undefined, warnings);
  return { file, format: 'llama-factory', unit, sources, caps: {}, warnings };
}

// ---------- Hugging Face dataset card ----------

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
/** Keys only dataset cards carry; a model card's front matter (base_model, model-index) has none of them. */
const DATASET_KEYS = ['dataset_info', 'configs', 'annotations_creators', 'language_creators', 'size_categories', 'source_datasets', 'task_categories', 'task_ids', 'multilinguality', 'pretty_name'];
const MACHINE = /machine[-_ ]generated/i;
const SYNTHETIC_TAG = /(^|[^a-z])synthetic([^a-z]|$)/i;

function stringsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Rows of the train split summed over configs (every split when none is called train); null when the card has no counts. */
function cardRows(info: unknown): { rows: number; splits: string } | null {
  const configs = (Array.isArray(info) ? info : [info]).filter(isRecord);
  const splits = configs.flatMap((c) => (Array.isArray(c.splits) ? c.splits.filter(isRecord) : []));
  const counted = splits.filter((s) => typeof s.num_examples === 'number' && Number.isFinite(s.num_examples) && s.num_examples >= 0);
  if (counted.length === 0) return null;
  const train = counted.filter((s) => s.name === 'train');
  const use = train.length > 0 ? train : counted;
  return { rows: use.reduce((a, s) => a + Number(s.num_examples), 0), splits: train.length > 0 ? 'train' : 'all splits' };
}

function parentName(file: string): string | null {
  const parts = file.split('/').filter((p) => p !== '');
  return parts.length >= 2 ? (parts[parts.length - 2] ?? null) : null;
}

export function readDatasetCard(file: string, markdown: string): MixtureInput | null {
  const m = FRONT_MATTER.exec(markdown);
  if (!m) return null;
  const text = m[1] ?? '';
  const looksLikeDatasetCard = new RegExp(`^(${DATASET_KEYS.join('|')})\\s*:`, 'm').test(text);
  let meta: unknown;
  try {
    meta = parseYaml(text);
  } catch (err) {
    // A broken front matter is reported only when it looks like a dataset card: any README may carry YAML.
    if (!looksLikeDatasetCard) return null;
    return emptyInput(file, 'dataset-card', [`The front matter of ${file} does not parse: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`]);
  }
  if (!isRecord(meta) || !DATASET_KEYS.some((k) => k in meta)) return null;

  const warnings: string[] = [];
  const prettyName = typeof meta.pretty_name === 'string' && meta.pretty_name.trim() !== '' ? meta.pretty_name.trim() : null;
  const name = prettyName ?? parentName(file) ?? 'dataset';
  const domain = typeof meta.domain === 'string' && meta.domain.trim() !== '' ? meta.domain.trim() : 'general';
  if (domain === 'general' && meta.domain === undefined) warnings.push(`${file} has no \`domain\` key; counted under \`general\`.`);

  const reasons: string[] = [];
  const tags = stringsOf(meta.tags).filter((t) => SYNTHETIC_TAG.test(t));
  if (tags.length > 0) reasons.push(`tag ${tags.map((t) => `\`${t}\``).join(', ')}`);
  const annotators = stringsOf(meta.annotations_creators);
  const creators = stringsOf(meta.language_creators);
  if (annotators.some((a) => MACHINE.test(a))) reasons.push('annotations_creators: machine-generated');
  if (creators.some((a) => MACHINE.test(a))) reasons.push('language_creators: machine-generated');
  const flag = Flag.safeParse(meta.synthetic);
  if (flag.success && flag.data) reasons.push('synthetic: true');
  const genKey = meta.generator !== undefined ? 'generator' : meta.source_model !== undefined ? 'source_model' : null;
  const gen = genKey === null ? null : Generator.safeParse(meta[genKey]);
  const generator = gen?.success ? gen.data : null;
  if (gen && !gen.success) warnings.push(`\`${genKey}\` in ${file} is not a model name; ignored.`);
  if (generator !== null) reasons.push(`${genKey}: ${generator}`);
  const synthetic = reasons.length > 0;
  if (synthetic && [...annotators, ...creators].some((a) => !MACHINE.test(a) && a !== 'found' && a !== 'no-annotation')) {
    warnings.push(`${file} also lists human creators; the whole dataset is counted as synthetic (${reasons.join('; ')}).`);
  }

  const counted = cardRows(meta.dataset_info);
  let size = 1;
  if (counted) {
    size = counted.rows;
    if (counted.splits !== 'train') warnings.push(`${file} has no train split counts; rows summed over all splits.`);
  } else {
    warnings.push(`${file} gives no row counts (dataset_info.splits.num_examples); counted as one unit, so drop amounts are fractions of the dataset.`);
  }
  return { file, format: 'dataset-card', unit: 'rows', sources: [{ source: name, domain, synthetic, generator, size, epochs: 1 }], caps: {}, warnings };
}
