import type { AuditFinding, MixtureAudit, MixtureDomain, MixtureSource } from '../../domain/audit';
import type { MixtureInput } from './mixture-read';

/**
 * Synthetic-share audit of a data mixture (analyses.md §1.3 A): read a mixture description (RunLens's
 * `data_mixture.json|yaml`, LLaMA-Factory's `dataset_info.json` + the run's `dataset` argument, or a Hugging Face
 * dataset card), then hold each domain's synthetic share of exposure (size × epochs) against a cap. The format is
 * documented in docs/mixture-format.md. Readers never throw: every problem becomes a warning on the input.
 */

// The readers live in mixture-read.ts; re-exported so importers of this module keep one entry point.
export type { MixtureInput } from './mixture-read';
export { readDataMixture, readDatasetCard, readLlamaFactory } from './mixture-read';

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
    // Own keys only: a domain named `toString` or `constructor` found Object.prototype's functions as its cap (found by
    // test/unit/fuzz/audit.fuzz.test.ts).
    const cap = distinctSourceCaps.length > 0 ? Math.min(...distinctSourceCaps) : (ownValue(opts.caps, d.domain) ?? ownValue(input.caps, d.domain) ?? opts.cap);
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

function ownValue(rec: Readonly<Record<string, number>>, key: string): number | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}
