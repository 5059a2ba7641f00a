import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { AuditFinding, MixtureAudit, MixtureDomain, MixtureSource } from '../../domain/audit';

/**
 * Synthetic-share audit of a data mixture (analyses.md §1.3 A): read a mixture description (RunLens's
 * `data_mixture.json|yaml`, LLaMA-Factory's `dataset_info.json` + the run's `dataset` argument, or a Hugging Face
 * dataset card), then hold each domain's synthetic share of exposure (size × epochs) against a cap. The format is
 * documented in docs/mixture-format.md. Readers never throw: every problem becomes a warning on the input.
 */

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

const SIZE_SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** `1.5B`, `300M`, `2_000_000`, `1,000` and numeric strings as numbers: sizes are often written for humans. */
function sizeLike(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\s*([0-9][0-9_,]*(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)\s*([kmbgt])?\s*$/i.exec(v);
  if (!m?.[1]) return v;
  const n = Number(m[1].replace(/[_,]/g, ''));
  return m[2] ? n * (SIZE_SUFFIX[m[2].toLowerCase()] ?? Number.NaN) : n;
}

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
    else warnings.push(`${where}: \`${key}\` ${issueText(parsed.error)} (got ${JSON.stringify(raw[key]) ?? String(raw[key])}); ignored.`);
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
      else warnings.push(`\`unit\` must be "tokens" or "rows" (got ${JSON.stringify(value.unit)}); inferred from the sources instead.`);
    }
    if (value.cap !== undefined) {
      const c = Fraction.safeParse(value.cap);
      if (c.success) fileCap = c.data;
      else warnings.push(`\`cap\` ${issueText(c.error)} (got ${JSON.stringify(value.cap)}); ignored.`);
    }
    if (value.caps !== undefined) {
      const parsed = Caps.safeParse(value.caps);
      if (!parsed.success) warnings.push('`caps` must map domain names to numbers in [0, 1]; ignored.');
      else
        for (const [domain, raw] of Object.entries(parsed.data)) {
          const c = Fraction.safeParse(raw);
          if (c.success) caps[domain.trim()] = c.data;
          else warnings.push(`\`caps.${domain}\` ${issueText(c.error)} (got ${JSON.stringify(raw)}); ignored.`);
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
  if (fileCap !== undefined) for (const s of sources) if (!(s.domain in caps)) caps[s.domain] = fileCap;
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

// ---------- the audit ----------

/** Shares are ratios of sums; without slack, 3/10 against a 0.3 cap would read as a breach from rounding alone. */
const EPS = 1e-12;
const GENERATOR_CONCENTRATION = 0.8;
const GERSTGRASSER = 'keeping real data alongside synthetic (accumulate, not replace) is what keeps collapse bounded (Gerstgrasser et al. 2024)';
const SOURCE = 'analyses.md §1.3 A; caps are policy, no published safe cap (Dohmatob et al. 2025)';

function sourceCap(s: MixtureSource): number | null {
  return 'cap' in s && typeof s.cap === 'number' && Number.isFinite(s.cap) ? s.cap : null;
}

/** Counts for prose: thousands separated when large, four significant digits when small (mixture fractions). */
function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}

/** Two percentages, with as many decimals as it takes to tell them apart (a 30.4 % breach of a 30 % cap). */
function percents(a: number, b: number): [string, string] {
  for (let d = 0; d < 3; d += 1) {
    const [x, y] = [(a * 100).toFixed(d), (b * 100).toFixed(d)];
    if (x !== y || d === 2) return [`${Number(x)} %`, `${Number(y)} %`];
  }
  return [`${a * 100} %`, `${b * 100} %`];
}

function percent(v: number): string {
  return `${Number((v * 100).toFixed(1))} %`;
}

interface DomainSums {
  readonly domain: string;
  readonly sources: MixtureSource[];
  synExposure: number;
  totalExposure: number;
  synRaw: number;
  totalRaw: number;
  readonly byGenerator: Map<string, number>;
  readonly sourceCaps: number[];
}

export function auditMixture(runId: string, input: MixtureInput, opts: { readonly cap: number; readonly caps: Readonly<Record<string, number>> }): { audit: MixtureAudit; findings: AuditFinding[] } {
  const warnings = [...input.warnings];
  const sums = new Map<string, DomainSums>();
  const kept: MixtureSource[] = [];
  for (const s of input.sources) {
    if (!(Number.isFinite(s.size) && s.size >= 0 && Number.isFinite(s.epochs) && s.epochs >= 0)) {
      warnings.push(`Source \`${s.source}\` has size ${s.size} × epochs ${s.epochs}; left out of the audit.`);
      continue;
    }
    kept.push(s);
    let d = sums.get(s.domain);
    if (!d) {
      d = { domain: s.domain, sources: [], synExposure: 0, totalExposure: 0, synRaw: 0, totalRaw: 0, byGenerator: new Map(), sourceCaps: [] };
      sums.set(s.domain, d);
    }
    const exposure = s.size * s.epochs;
    d.sources.push(s);
    d.totalExposure += exposure;
    d.totalRaw += s.size;
    if (s.synthetic) {
      d.synExposure += exposure;
      d.synRaw += s.size;
      if (s.generator !== null) d.byGenerator.set(s.generator, (d.byGenerator.get(s.generator) ?? 0) + exposure);
    }
    const cap = sourceCap(s);
    if (cap !== null) d.sourceCaps.push(cap);
  }

  const unit = input.unit;
  const rows: { d: DomainSums; row: MixtureDomain }[] = [];
  for (const d of sums.values()) {
    const share = d.totalExposure > 0 ? d.synExposure / d.totalExposure : 0;
    const rawShare = d.totalRaw > 0 ? d.synRaw / d.totalRaw : 0;
    const distinctSourceCaps = [...new Set(d.sourceCaps)];
    if (distinctSourceCaps.length > 1) warnings.push(`Sources of \`${d.domain}\` set different caps (${distinctSourceCaps.map(percent).join(', ')}); the strictest, ${percent(Math.min(...distinctSourceCaps))}, is used.`);
    const cap = distinctSourceCaps.length > 0 ? Math.min(...distinctSourceCaps) : (opts.caps[d.domain] ?? input.caps[d.domain] ?? opts.cap);
    const breach = share > cap + EPS;
    // Removing x synthetic exposure: (S − x)/(T − x) = cap ⇒ x = (S − cap·T)/(1 − cap). A breach implies cap < 1.
    const dropToMeet = breach ? Math.min(d.synExposure, Math.max(0, (d.synExposure - cap * d.totalExposure) / (1 - cap))) : 0;
    const [top] = [...d.byGenerator.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const topGenerator = top && d.synExposure > 0 ? { name: top[0], share: top[1] / d.synExposure } : null;
    rows.push({ d, row: { domain: d.domain, realSize: d.totalRaw - d.synRaw, syntheticSize: d.synRaw, share, rawShare, cap, breach, dropToMeet, topGenerator } });
  }
  rows.sort((a, b) => Number(b.row.breach) - Number(a.row.breach) || b.row.share - a.row.share || (a.row.domain < b.row.domain ? -1 : a.row.domain > b.row.domain ? 1 : 0));

  const findings: AuditFinding[] = [];
  for (const { d, row } of rows) {
    const { share, rawShare, cap, dropToMeet, topGenerator } = row;
    if (row.breach) {
      const [sharePct, capPct] = percents(share, cap);
      const listed = d.sources.slice(0, 6).map((s) => `${s.source} (${s.synthetic ? 'synthetic' : 'real'}, ${num(s.size)} × ${num(s.epochs)})`);
      if (d.sources.length > 6) listed.push(`and ${d.sources.length - 6} more`);
      const epochsNote = Math.abs(share - rawShare) > EPS ? `; raw ${num(d.synRaw)} of ${num(d.totalRaw)} (${percent(rawShare)}) before epochs` : '';
      const addReal = cap > 0 ? ` (or add ~${num(d.synExposure / cap - d.totalExposure)} real ${unit})` : '';
      findings.push({
        id: `synthetic-share:${runId}:${d.domain}`,
        kind: 'synthetic-share',
        runId,
        severity: share > 2 * cap || share >= 0.9 ? 'critical' : 'warning',
        title: `Synthetic share of \`${d.domain}\` is ${sharePct} (cap ${capPct})`,
        value: share,
        threshold: cap,
        ci: null,
        evidence: `${input.file}: \`${d.domain}\` has ${num(d.synExposure)} synthetic of ${num(d.totalExposure)} ${unit} of exposure (size × epochs)${epochsNote}; sources: ${listed.join(', ')}.`,
        fix: `Drop ~${num(dropToMeet)} synthetic ${unit} of exposure from \`${d.domain}\`${addReal} to meet the ${capPct} cap; ${GERSTGRASSER}.`,
        source: SOURCE,
        subject: d.domain,
      });
    }
    if (topGenerator && topGenerator.share > GENERATOR_CONCENTRATION) {
      const subject = `${d.domain}: generator`;
      findings.push({
        id: `synthetic-share:${runId}:${subject}`,
        kind: 'synthetic-share',
        runId,
        severity: 'info',
        title: `${percent(topGenerator.share)} of \`${d.domain}\`'s synthetic data comes from \`${topGenerator.name}\``,
        value: topGenerator.share,
        threshold: GENERATOR_CONCENTRATION,
        ci: null,
        evidence: `${input.file}: \`${topGenerator.name}\` gives ${num(topGenerator.share * d.synExposure)} of ${num(d.synExposure)} synthetic ${unit} of exposure in \`${d.domain}\`.`,
        fix: 'Spread synthetic data over several generators (other models, prompts, sampling settings) or add real data; one generator\'s style dominating a domain is a homogenisation risk.',
        source: 'analyses.md §1.3 A (provenance concentration; the 80 % threshold is a heuristic)',
        subject,
      });
    }
  }

  const domains = rows.map((r) => r.row);
  const sources = kept.map(({ source, domain, synthetic, generator, size, epochs }) => ({ source, domain, synthetic, generator, size, epochs }));
  return { audit: { runId, file: input.file, format: input.format, unit, sources, domains, warnings }, findings };
}
