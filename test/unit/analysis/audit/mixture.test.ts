import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { auditMixture, readDataMixture, readDatasetCard, readLlamaFactory } from '../../../../shared/analysis/audit/mixture';
import type { MixtureInput } from '../../../../shared/analysis/audit/mixture';
import { AuditFinding, MixtureAudit } from '../../../../shared/domain/audit';

const DEFAULTS = { cap: 0.3, caps: {} };
const audit = (input: MixtureInput, opts: { cap: number; caps: Record<string, number> } = DEFAULTS) => {
  const out = auditMixture('run1', input, opts);
  // Every result must satisfy the contract the renderer and the PDF read.
  MixtureAudit.parse(out.audit);
  for (const f of out.findings) AuditFinding.parse(f);
  return out;
};
const domainOf = (input: MixtureInput, name: string, opts = DEFAULTS) => audit(input, opts).audit.domains.find((d) => d.domain === name);

describe('readDataMixture + auditMixture: shares, caps and the amount to drop', () => {
  const math = readDataMixture('data_mixture.json', {
    sources: [
      { name: 'gsm-synth', domain: 'math', generator: 'gpt-4o', tokens: 700 },
      { name: 'gsm8k', domain: 'math', tokens: 300 },
      { name: 'wiki', domain: 'general', tokens: 5000 },
      { name: 'alpaca', domain: 'general', synthetic: true, tokens: 1000 },
    ],
  });

  it('700 synthetic + 300 real tokens is a 70 % share: a breach of 30 % that needs 571.43 tokens dropped', () => {
    expect(math.warnings).toEqual([]);
    expect(math.unit).toBe('tokens');
    const { audit: a, findings } = audit(math);
    const d = a.domains[0];
    expect(d).toMatchObject({ domain: 'math', realSize: 300, syntheticSize: 700, cap: 0.3, breach: true });
    expect(d?.share).toBeCloseTo(0.7, 12);
    expect(d?.rawShare).toBeCloseTo(0.7, 12);
    expect(d?.dropToMeet).toBeCloseTo((700 - 0.3 * 1000) / 0.7, 9); // 571.43
    // After dropping, the share sits exactly on the cap.
    const x = d?.dropToMeet ?? 0;
    expect((700 - x) / (1000 - x)).toBeCloseTo(0.3, 12);
    expect(d?.topGenerator).toEqual({ name: 'gpt-4o', share: 1 });

    const breach = findings.find((f) => f.subject === 'math');
    expect(breach).toMatchObject({
      id: 'synthetic-share:run1:math',
      kind: 'synthetic-share',
      severity: 'critical', // 0.7 > 2 × 0.3
      title: 'Synthetic share of `math` is 70 % (cap 30 %)',
      value: d?.share,
      threshold: 0.3,
      ci: null,
    });
    expect(breach?.evidence).toContain('700 synthetic of 1,000 tokens');
    expect(breach?.evidence).toContain('data_mixture.json');
    expect(breach?.fix).toMatch(/^Drop ~571 synthetic tokens of exposure from `math`/);
    expect(breach?.fix).toContain('add ~1,333 real tokens'); // 700/0.3 − 1000
    expect(breach?.fix).toContain('Gerstgrasser et al. 2024');
    expect(breach?.source).toContain('Dohmatob et al. 2025');
  });

  it('a domain under its cap is not a breach and drops nothing; breaches sort first', () => {
    const { audit: a, findings } = audit(math);
    expect(a.domains.map((d) => d.domain)).toEqual(['math', 'general']);
    const general = a.domains[1];
    expect(general?.share).toBeCloseTo(1000 / 6000, 12);
    expect(general).toMatchObject({ breach: false, dropToMeet: 0, topGenerator: null }); // alpaca names no generator
    expect(findings.filter((f) => f.subject === 'general')).toEqual([]);
  });

  it('severity is a warning for a modest breach, critical from 2 × cap or 90 %', () => {
    const at = (syn: number, real: number, cap: number) =>
      audit(readDataMixture('m.json', [{ name: 's', domain: 'd', synthetic: true, tokens: syn }, { name: 'r', domain: 'd', tokens: real }]), { cap, caps: {} }).findings[0]?.severity;
    expect(at(40, 60, 0.3)).toBe('warning');
    expect(at(61, 39, 0.3)).toBe('critical'); // > 0.6
    expect(at(90, 10, 0.6)).toBe('critical'); // ≥ 0.9 although < 2 × cap
    expect(at(30, 70, 0.3)).toBeUndefined(); // exactly on the cap: not a breach despite 30/100 rounding
  });

  it('epochs weight the share: repeated synthetic data counts once per pass, rawShare ignores them', () => {
    const input = readDataMixture('m.yaml', {
      sources: [
        { name: 'syn', domain: 'code', synthetic: true, tokens: 200, epochs: 3 },
        { name: 'real', domain: 'code', tokens: 800 },
      ],
    });
    const d = domainOf(input, 'code');
    expect(d?.rawShare).toBeCloseTo(0.2, 12);
    expect(d?.share).toBeCloseTo(600 / 1400, 12);
    expect(d?.breach).toBe(true);
    // dropToMeet is exposure: (600 − 0.3·1400)/0.7 = 257.14
    expect(d?.dropToMeet).toBeCloseTo((600 - 0.3 * 1400) / 0.7, 9);
    const f = audit(input).findings[0];
    expect(f?.evidence).toContain('raw 200 of 1,000 (20 %) before epochs');
    // Repeating the real data instead lowers the share below the raw one.
    const realRepeated = readDataMixture('m.yaml', [
      { name: 'syn', domain: 'code', synthetic: true, tokens: 400 },
      { name: 'real', domain: 'code', tokens: 600, epochs: 4 },
    ]);
    expect(domainOf(realRepeated, 'code')?.share).toBeCloseTo(400 / 2800, 12);
    expect(domainOf(realRepeated, 'code')?.rawShare).toBeCloseTo(0.4, 12);
  });

  it('cap precedence: a row\'s own cap, then the request\'s per-domain caps, then the file\'s, then the default', () => {
    const input = readDataMixture('m.json', {
      cap: 0.5,
      caps: { b: 0.4 },
      sources: [
        { name: 'a1', domain: 'a', synthetic: true, rows: 35, cap: 0.6 },
        { name: 'a2', domain: 'a', rows: 65 },
        { name: 'b1', domain: 'b', synthetic: true, rows: 35 },
        { name: 'b2', domain: 'b', rows: 65 },
        { name: 'c1', domain: 'c', synthetic: true, rows: 35 },
        { name: 'c2', domain: 'c', rows: 65 },
      ],
    });
    expect(input.caps).toEqual({ a: 0.5, b: 0.4, c: 0.5 });
    const caps = (opts: { cap: number; caps: Record<string, number> }) => Object.fromEntries(audit(input, opts).audit.domains.map((d) => [d.domain, d.cap]));
    expect(caps({ cap: 0.3, caps: {} })).toEqual({ a: 0.6, b: 0.4, c: 0.5 });
    expect(caps({ cap: 0.3, caps: { a: 0.1, b: 0.2 } })).toEqual({ a: 0.6, b: 0.2, c: 0.5 });
    // With no file caps, the request's default applies.
    const plain = readDataMixture('m.json', [{ name: 'c1', domain: 'c', synthetic: true, rows: 35 }, { name: 'c2', domain: 'c', rows: 65 }]);
    expect(domainOf(plain, 'c', { cap: 0.3, caps: {} })).toMatchObject({ cap: 0.3, breach: true });
    // The row cap is read by the audit but is not part of the reported sources.
    expect(Object.keys(audit(input).audit.sources[0] ?? {}).sort()).toEqual(['domain', 'epochs', 'generator', 'size', 'source', 'synthetic']);
  });

  it('conflicting row caps in one domain: the strictest wins, with a warning', () => {
    const input = readDataMixture('m.json', [
      { name: 'x', domain: 'd', synthetic: true, rows: 50, cap: 0.6 },
      { name: 'y', domain: 'd', rows: 50, cap: 0.2 },
    ]);
    const { audit: a } = audit(input);
    expect(a.domains[0]?.cap).toBe(0.2);
    expect(a.warnings.some((w) => w.includes('strictest, 20 %'))).toBe(true);
  });

  it('cap 0 asks to drop all synthetic data; cap 1 never breaches', () => {
    const input = readDataMixture('m.json', [{ name: 's', domain: 'd', synthetic: true, rows: 10 }, { name: 'r', domain: 'd', rows: 30 }]);
    expect(domainOf(input, 'd', { cap: 0, caps: {} })).toMatchObject({ breach: true, dropToMeet: 10 });
    expect(audit(input, { cap: 0, caps: {} }).findings[0]?.severity).toBe('critical');
    expect(domainOf(input, 'd', { cap: 1, caps: {} })).toMatchObject({ breach: false, dropToMeet: 0 });
    const allSynthetic = readDataMixture('m.json', [{ name: 's', domain: 'd', synthetic: true, rows: 10 }]);
    expect(domainOf(allSynthetic, 'd', { cap: 1, caps: {} })).toMatchObject({ share: 1, breach: false, dropToMeet: 0 });
    // A fully synthetic domain under cap 0.3: dropping all of it is the only way.
    expect(domainOf(allSynthetic, 'd')).toMatchObject({ breach: true, dropToMeet: 10 });
  });

  it('one generator above 80 % of a domain\'s synthetic exposure is an info finding; 80 % or less is not', () => {
    const concentrated = readDataMixture('m.json', [
      { name: 'a', domain: 'chat', generator: 'gpt-4', tokens: 850 },
      { name: 'b', domain: 'chat', generator: 'llama-3', tokens: 100 },
      { name: 'c', domain: 'chat', synthetic: true, tokens: 50 }, // unnamed generator still counts in the denominator
      { name: 'real', domain: 'chat', tokens: 9000 },
    ]);
    const { audit: a, findings } = audit(concentrated);
    expect(a.domains[0]?.topGenerator).toEqual({ name: 'gpt-4', share: 0.85 });
    expect(a.domains[0]?.breach).toBe(false);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'synthetic-share:run1:chat: generator', subject: 'chat: generator', severity: 'info', value: 0.85, threshold: 0.8 });
    expect(findings[0]?.title).toBe("85 % of `chat`'s synthetic data comes from `gpt-4`");

    const even = readDataMixture('m.json', [
      { name: 'a', domain: 'chat', generator: 'gpt-4', tokens: 80 },
      { name: 'b', domain: 'chat', generator: 'llama-3', tokens: 20 },
      { name: 'real', domain: 'chat', tokens: 900 },
    ]);
    expect(audit(even).findings).toEqual([]);
  });

  it('generator exposure follows epochs', () => {
    const input = readDataMixture('m.json', [
      { name: 'a', domain: 'd', generator: 'g1', tokens: 100, epochs: 1 },
      { name: 'b', domain: 'd', generator: 'g2', tokens: 100, epochs: 9 },
      { name: 'r', domain: 'd', tokens: 10000 },
    ]);
    expect(domainOf(input, 'd')?.topGenerator).toEqual({ name: 'g2', share: 0.9 });
  });

  it('a shares-only mixture (share / weight) uses the fractions as sizes, in rows', () => {
    const input = readDataMixture('m.yaml', parseYaml(`
sources:
  - { name: openmath, domain: math, generator: qwen2.5-72b, share: 0.25 }
  - { name: gsm8k, domain: math, weight: 0.15 }
  - { name: web, domain: general, share: 0.6 }
`));
    expect(input.unit).toBe('rows');
    expect(input.sources.map((s) => s.size)).toEqual([0.25, 0.15, 0.6]);
    expect(input.warnings.some((w) => w.includes('mixture fractions'))).toBe(true);
    const d = domainOf(input, 'math');
    expect(d?.share).toBeCloseTo(0.625, 12);
    expect(d?.dropToMeet).toBeCloseTo((0.25 - 0.3 * 0.4) / 0.7, 12);
  });

  it('mixed units count in rows and say so; sources without rows are skipped by name', () => {
    const input = readDataMixture('m.json', [
      { name: 'a', domain: 'd', tokens: 1000, rows: 10 },
      { name: 'b', domain: 'd', rows: 30, synthetic: true },
      { name: 'c', domain: 'd', tokens: 5000 },
    ]);
    expect(input.unit).toBe('rows');
    expect(input.sources.map((s) => [s.source, s.size])).toEqual([['a', 10], ['b', 30]]);
    expect(input.warnings).toEqual([
      'Mixed units: 2 of 3 sources give tokens, the rest only rows; the mixture is counted in rows.',
      'Source `c` gives no rows (the mixture is counted in rows); skipped.',
    ]);
  });

  it('sizes written for humans are read: 1.5B, 300M, 2_000', () => {
    const input = readDataMixture('m.yaml', [{ name: 'a', domain: 'd', tokens: '1.5B' }, { name: 'b', domain: 'd', tokens: '300M' }, { name: 'c', domain: 'd', tokens: '2_000' }]);
    expect(input.sources.map((s) => s.size)).toEqual([1.5e9, 3e8, 2000]);
    expect(input.warnings).toEqual([]);
  });

  it('malformed inputs give warnings, never throw, and keep what is usable', () => {
    expect(readDataMixture('m.json', null)).toMatchObject({ sources: [], warnings: ['m.json is empty.'] });
    expect(readDataMixture('m.json', 42).warnings[0]).toContain('must hold an object with `sources`');
    expect(readDataMixture('m.json', { sources: 'nope' }).warnings).toEqual(['m.json has no `sources` list (see docs/mixture-format.md).']);

    const input = readDataMixture('m.json', {
      unit: 'bytes',
      cap: 30,
      caps: { math: 'high', code: 0.2 },
      sources: [
        'not an object',
        { name: 'ok', domain: 'math', tokens: 100, synthetic: 'yes' },
        { name: 'bad-size', domain: 'math', tokens: -5, rows: 'many' },
        { domain: 'math', tokens: 50, epochs: 'two', tokenz: 3 },
        { name: 'nodomain', tokens: 10 },
        { name: 'contradict', domain: 'math', synthetic: false, generator: 'gpt-4', tokens: 20 },
      ],
    });
    expect(input.caps).toEqual({ code: 0.2 });
    expect(input.sources.map((s) => [s.source, s.domain, s.synthetic, s.size, s.epochs])).toEqual([
      ['ok', 'math', true, 100, 1],
      ['source 4', 'math', false, 50, 1],
      ['nodomain', 'general', false, 10, 1],
      ['contradict', 'math', true, 20, 1],
    ]);
    const w = input.warnings.join('\n');
    for (const expected of [
      '`unit` must be "tokens" or "rows"',
      '`cap` must be in [0, 1] (write 0.3 for 30 %)',
      '`caps.math` must be a number',
      'Source #1 is not an object; skipped.',
      'Source #3: `tokens` must be ≥ 0 (got -5); ignored.',
      'Source #3: `rows` must be a number (got "many"); ignored.',
      'Source #4: `epochs` must be a number (got "two"); ignored.',
      'Source #4 has no `name`; called `source 4`.',
      'Source `source 4`: unknown key `tokenz` ignored.',
      'Source `nodomain` has no `domain`; counted under `general`.',
      'Source `contradict` says `synthetic: false` but names generator `gpt-4`; counted as synthetic.',
      'Source `bad-size` gives no size (tokens, rows, share or weight); skipped.',
    ])
      expect(w).toContain(expected);
    // The audit still runs on what was kept: math = 120 synthetic of 170.
    expect(domainOf(input, 'math')?.share).toBeCloseTo(120 / 170, 12);
  });

  it('a source with a non-finite size handed to the audit directly is left out with a warning', () => {
    const input: MixtureInput = {
      file: 'x',
      format: 'data-mixture',
      unit: 'rows',
      caps: {},
      warnings: [],
      sources: [
        { source: 'nan', domain: 'd', synthetic: true, generator: null, size: Number.NaN, epochs: 1 },
        { source: 'r', domain: 'd', synthetic: false, generator: null, size: 10, epochs: 1 },
      ],
    };
    const { audit: a } = audit(input);
    expect(a.domains[0]).toMatchObject({ share: 0, breach: false });
    expect(a.sources.map((s) => s.source)).toEqual(['r']);
    expect(a.warnings[0]).toContain('`nan`');
  });

  it('an empty domain (zero exposure) has share 0 and no breach', () => {
    const input = readDataMixture('m.json', [{ name: 's', domain: 'd', synthetic: true, rows: 10, epochs: 0 }]);
    expect(domainOf(input, 'd')).toMatchObject({ share: 0, rawShare: 1, breach: false, topGenerator: null });
  });
});

describe('readLlamaFactory', () => {
  const info = {
    math_synth: { file_name: 'math_synth.jsonl', generator: 'deepseek-r1', num_samples: 700 },
    math_real: { file_name: 'math_real.json' },
    code: { hf_hub_url: 'org/code', domain: 'coding', synthetic: true, tokens: 10 },
    alpaca_en_demo: { file_name: 'alpaca_en_demo.json', domain: 'chat' },
  };

  it('sizes come from num_samples, else the counted rows; domains from the entry or the name\'s first segment', () => {
    const input = readLlamaFactory('data/dataset_info.json', info, ['math_synth', 'math_real'], new Map([['math_real', 300], ['math_synth', 5]]));
    expect(input).toMatchObject({ format: 'llama-factory', unit: 'rows', file: 'data/dataset_info.json' });
    expect(input.sources).toEqual([
      { source: 'math_synth', domain: 'math', synthetic: true, generator: 'deepseek-r1', size: 700, epochs: 1 },
      { source: 'math_real', domain: 'math', synthetic: false, generator: null, size: 300, epochs: 1 },
    ]);
    expect(input.warnings).toEqual(['Domains guessed from dataset names (add a "domain" key to the dataset_info.json entry to set one): `math_synth` → `math`, `math_real` → `math`.']);
    const d = audit(input).audit.domains[0];
    expect(d).toMatchObject({ domain: 'math', share: 0.7, breach: true });
  });

  it('a dataset missing from dataset_info or without any size is a warning and is skipped', () => {
    const input = readLlamaFactory('dataset_info.json', info, ['alpaca_en_demo', 'nope', ' '], new Map());
    expect(input.sources).toEqual([]);
    expect(input.warnings).toContain('Dataset `nope` is not in dataset_info.json; skipped.');
    expect(input.warnings.some((w) => w.startsWith('Dataset `alpaca_en_demo` has no size'))).toBe(true);
  });

  it('tokens win when every dataset gives them; otherwise rows, and token-only datasets are skipped', () => {
    const tokens = readLlamaFactory('i.json', { a: { tokens: '2M' }, b: { tokens: 1e6, generator: 'g' } }, ['a', 'b'], new Map());
    expect(tokens.unit).toBe('tokens');
    expect(tokens.sources.map((s) => s.size)).toEqual([2e6, 1e6]);
    const mixed = readLlamaFactory('i.json', info, ['math_synth', 'code'], new Map());
    expect(mixed.unit).toBe('rows');
    expect(mixed.sources.map((s) => s.source)).toEqual(['math_synth']);
    expect(mixed.warnings).toContain('Source `code` gives no rows (the mixture is counted in rows); skipped.');
  });

  it('no synthetic marks anywhere is said out loud; a non-object dataset_info reads nothing', () => {
    const input = readLlamaFactory('i.json', { a: { num_samples: 3 } }, ['a'], new Map());
    expect(input.warnings.at(-1)).toBe('No dataset is marked synthetic in i.json (keys "synthetic" or "generator"); every share is 0.');
    expect(input.sources[0]?.domain).toBe('a');
    expect(readLlamaFactory('i.json', [1, 2], ['a'], new Map())).toMatchObject({ sources: [], warnings: ['i.json must map dataset names to entries; nothing read.'] });
    expect(readLlamaFactory('i.json', { a: { num_samples: 'lots' } }, ['a'], new Map()).warnings[0]).toContain('`num_samples` must be a number');
  });
});

describe('readDatasetCard', () => {
  const card = (front: string, body = '# Dataset\n') => `---\n${front}\n---\n${body}`;

  it('machine-generated annotations make the one source synthetic; rows come from the train split', () => {
    const input = readDatasetCard(
      'runs/x/README.md',
      card(`pretty_name: Synthetic Math
domain: math
annotations_creators:
  - machine-generated
dataset_info:
  features: []
  splits:
    - name: train
      num_examples: 1200
    - name: test
      num_examples: 100`),
    );
    expect(input).toMatchObject({ format: 'dataset-card', unit: 'rows', warnings: [] });
    expect(input?.sources).toEqual([{ source: 'Synthetic Math', domain: 'math', synthetic: true, generator: null, size: 1200, epochs: 1 }]);
    expect(input && domainOf(input, 'math')).toMatchObject({ share: 1, breach: true, dropToMeet: 1200 });
  });

  it('a synthetic tag or a generator / source_model key marks it synthetic', () => {
    expect(readDatasetCard('d/README.md', card('task_categories: [text-generation]\ntags: [synthetic, math]'))?.sources[0]).toMatchObject({ synthetic: true, generator: null, source: 'd' });
    expect(readDatasetCard('d/README.md', card('pretty_name: x\nsource_model: gpt-4o'))?.sources[0]).toMatchObject({ synthetic: true, generator: 'gpt-4o' });
    expect(readDatasetCard('d/README.md', card('pretty_name: x\ngenerator: [a, b]'))?.sources[0]).toMatchObject({ synthetic: true, generator: 'a, b' });
    const human = readDatasetCard('d/README.md', card('annotations_creators: [expert-generated]\ntags: [synthesis-free]'));
    expect(human?.sources[0]?.synthetic).toBe(false);
    expect(human?.warnings.some((w) => w.includes('no row counts'))).toBe(true);
    expect(human?.sources[0]?.size).toBe(1);
  });

  it('machine-generated next to human creators is counted synthetic with a warning', () => {
    const input = readDatasetCard('d/README.md', card('pretty_name: x\ndomain: qa\nannotations_creators: [machine-generated, expert-generated]'));
    expect(input?.sources[0]?.synthetic).toBe(true);
    expect(input?.warnings.some((w) => w.includes('also lists human creators'))).toBe(true);
  });

  it('not a dataset card: no front matter, a model card, or broken YAML without dataset keys', () => {
    expect(readDatasetCard('README.md', '# Just a readme\n')).toBeNull();
    expect(readDatasetCard('README.md', card('base_model: meta-llama/Llama-3-8B\nlicense: mit\ntags: [synthetic]'))).toBeNull();
    expect(readDatasetCard('README.md', card('license: [unclosed'))).toBeNull();
    const broken = readDatasetCard('README.md', card('task_categories: [unclosed\nannotations_creators: x'));
    expect(broken?.sources).toEqual([]);
    expect(broken?.warnings[0]).toMatch(/^The front matter of README\.md does not parse/);
  });
});
