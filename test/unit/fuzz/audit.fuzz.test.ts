import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { behaviourRows, ifevalInstructionScores } from '../../../shared/analysis/audit/behaviour-rows';
import { benchmarkOf, matchBehaviour, parseTaskName } from '../../../shared/analysis/audit/behaviour-tasks';
import { findIdentity, generatedText, identityDrift, matchPattern } from '../../../shared/analysis/audit/identity';
import { IDENTITY_PATTERNS } from '../../../shared/analysis/audit/identity-patterns';
import type { AuditRun, EvalRowIn, SampleIn } from '../../../shared/analysis/audit/inputs';
import { auditMixture, readDataMixture, readDatasetCard, readLlamaFactory } from '../../../shared/analysis/audit/mixture';
import { sizeLike } from '../../../shared/analysis/audit/mixture-size';
import { ownNames, stepOf } from '../../../shared/analysis/audit/run-facts';
import { promptVariantOf, templateGaps } from '../../../shared/analysis/audit/template-gap';
import { AuditFinding, IdentityDrift, MixtureAudit, TemplateGap } from '../../../shared/domain/audit';
import type { Json } from '../../helpers/fuzz';
import { fuzz, FUZZ_TIMEOUT_MS, jsonValueArb, longLineArb, pythonJson, textArb, timed } from '../../helpers/fuzz';

/**
 * The data-and-behaviour audit's readers of untrusted input (shared/analysis/audit/): mixture descriptions (JSON/YAML
 * values, LLaMA-Factory dataset_info, dataset-card front matter), model responses scanned by the identity patterns,
 * run names and model args, task and metric names. Outputs are held to the zod contracts the renderer and the PDF read.
 */

/** Whitespace and plain characters: a long run of them is what a lookbehind or a `\\s*` rescans. */
const PLAIN_UNITS = [' ', '\r', '\n', '\t', 'a', 'A', '.', '0', ': ', '-'];

/** A pattern's own example texts cut into pieces, to repeat along a long response. */
function ownUnits(i: number): string[] {
  const p = IDENTITY_PATTERNS[i];
  if (p === undefined) return [];
  return [...p.examples.match, ...p.examples.noMatch].flatMap((ex) => [1, 2, 3, 4].flatMap((k) => [ex.slice(0, Math.ceil((ex.length * k) / 4)), ex.slice(Math.floor((ex.length * (k - 1)) / 4))]).filter((u) => u !== ''));
}
const ALL_UNITS = IDENTITY_PATTERNS.flatMap((_, i) => ownUnits(i));

const num = fc.oneof(fc.double(), fc.constantFrom(0, 1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, -1));
const runIds = ['base', 'ft-1', 'ft-2'];
const runs: AuditRun[] = [
  { runId: 'base', name: 'base model', step: null },
  { runId: 'ft-1', name: 'checkpoint-100', step: 100 },
  { runId: 'ft-2', name: 'checkpoint-200', step: 200 },
];
const taskArb = fc.oneof(fc.constantFrom('truthfulqa_mc2', 'crows_pairs_english', 'ifeval', 'bbq', 'toxigen', 'identity_probe', 'arc_easy+prompt 1', 'mmlu_prompt_2', 'winogender_all', 'hellaswag_v2'), textArb(40));
const extraArb = fc.oneof(fc.string({ maxLength: 10 }), num, fc.boolean(), fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.boolean(), num), { maxLength: 5 }));
const sampleArb: fc.Arbitrary<SampleIn> = fc.record({
  runId: fc.constantFrom(...runIds),
  task: taskArb,
  docId: fc.option(fc.nat({ max: 50 })),
  target: textArb(20),
  response: fc.oneof(textArb(200), fc.constantFrom('I am ChatGPT, made by OpenAI.', '[-1.5, false]', '["a", "b"]', '0.5'), jsonValueArb().map((v) => pythonJson(v))),
  metrics: fc.dictionary(fc.constantFrom('acc', 'exact_match', 'em', 'prompt_level_strict_acc', 'pct_stereotype', 'x'), num, { maxKeys: 3 }),
  category: fc.option(fc.string({ maxLength: 10 })),
  extras: fc.option(fc.dictionary(fc.constantFrom('paraphrase_group', 'variant', 'template', 'domain', 'instruction_id_list', 'inst_level_strict_acc', 'inst_level_loose_acc', 'language'), extraArb, { maxKeys: 4 })),
});
const evalArb: fc.Arbitrary<EvalRowIn> = fc.record({
  runId: fc.constantFrom(...runIds),
  task: taskArb,
  metric: fc.oneof(fc.constantFrom('acc', 'mc2', 'pct_stereotype', 'prompt_level_strict_acc', 'likelihood_diff', 'bleu_max'), fc.string({ maxLength: 12 })),
  filter: fc.constantFrom('none', 'strict-match'),
  value: num,
  stderr: fc.option(num),
  nSamples: fc.option(fc.nat()),
});

describe('audit fuzz', () => {
  it('every identity pattern, on a 64 KiB response repeating pieces of its own examples, answers within 100 ms', () => {
    const slow: string[] = [];
    IDENTITY_PATTERNS.forEach((p, i) => {
      for (const unit of new Set([...ownUnits(i), ...PLAIN_UNITS])) {
        const text = unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536);
        const started = performance.now();
        matchPattern(p, text);
        const ms = performance.now() - started;
        if (ms > 100) slow.push(`${p.id} ${Math.round(ms)} ms on ${JSON.stringify(unit)} repeated`);
      }
    });
    expect(slow).toEqual([]);
  });

  it('identity scanning and response reading take any text and long adversarial responses in time', async () => {
    await fuzz(
      fc.record({ text: fc.oneof(textArb(500), longLineArb({ maxChars: 100_000, units: ALL_UNITS, prefixes: ALL_UNITS.slice(0, 30) }), jsonValueArb().map((v) => pythonJson(v))), allow: fc.array(fc.oneof(fc.constantFrom('Llama', 'Meta', 'openai'), fc.string({ maxLength: 8 })), { maxLength: 3 }) }),
      ({ text, allow }) => {
        const g = generatedText(text);
        expect(g === null || typeof g === 'string').toBe(true);
        const m = findIdentity(g ?? text, allow);
        if (m !== null) expect(m.index).toBeGreaterThanOrEqual(0);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('run names, model args and task names of any text are read in time', async () => {
    await fuzz(
      fc.oneof(textArb(200), longLineArb({ maxChars: 65_536, units: ['step1', 'checkpoint-', 'global_step1_', 'iter', 'llama', '_prompt', '+', 'a_', '_v1', 'qwen-'] })),
      (t) => {
        const s = timed('stepOf', () => stepOf(t), 500);
        expect(s === null || Number.isSafeInteger(s)).toBe(true);
        ownNames(t);
        const parsed = parseTaskName(t);
        expect(typeof parsed.base).toBe('string');
        promptVariantOf(t);
        benchmarkOf(t);
        matchBehaviour(t, t);
        matchBehaviour(t, 'acc');
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('behaviour rows, template gaps and identity drift of any samples and evals satisfy their contracts', async () => {
    await fuzz(
      fc.record({ samples: fc.array(sampleArb, { maxLength: 40 }), evals: fc.array(evalArb, { maxLength: 20 }) }),
      ({ samples, evals }) => {
        behaviourRows(evals, samples);
        ifevalInstructionScores(samples);
        const { gaps, findings } = templateGaps(samples, runs, { seed: 1 });
        for (const g of gaps) TemplateGap.parse(g);
        const drift = identityDrift(samples, runs, { allow: ['Llama'] });
        if (drift.drift !== null) IdentityDrift.parse(drift.drift);
        for (const f of [...findings, ...drift.findings]) AuditFinding.parse(f);
      },
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('mixture descriptions of any shape read into warnings, and their audit satisfies its contract', async () => {
    const source = fc.record(
      { name: fc.oneof(fc.string({ maxLength: 8 }), jsonValueArb()), domain: fc.oneof(fc.constantFrom('math', 'code', '__proto__', 'constructor', 'toString', ''), jsonValueArb()), tokens: fc.oneof(num, fc.constantFrom('1.5B', '300M', '2_000_000', '1e999', '-5', 'lots'), jsonValueArb()), rows: fc.oneof(num, jsonValueArb()), synthetic: fc.oneof(fc.boolean(), fc.constantFrom('yes', 'no', 'maybe'), jsonValueArb()), generator: fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 5 })), jsonValueArb()), cap: fc.oneof(num, fc.constantFrom('30%', '0.3', '2'), jsonValueArb()) },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      fc.record({ unit: fc.oneof(fc.constantFrom('tokens', 'rows', 'TOKENS', 'bytes'), jsonValueArb()), cap: fc.oneof(num, jsonValueArb()), caps: fc.oneof(fc.dictionary(fc.constantFrom('math', 'code', '__proto__', 'constructor'), fc.oneof(num, jsonValueArb())), jsonValueArb()), sources: fc.oneof(fc.array(source, { maxLength: 8 }), jsonValueArb()) }, { requiredKeys: [] }),
      jsonValueArb(),
    );
    await fuzz(
      fc.record({ doc, cap: fc.double({ min: 0, max: 1, noNaN: true }), caps: fc.dictionary(fc.constantFrom('math', 'code', 'constructor', 'toString'), fc.double({ min: 0, max: 1, noNaN: true }), { maxKeys: 2 }) }),
      ({ doc: d, cap, caps }) => {
        const input = readDataMixture('data_mixture.json', d);
        for (const w of input.warnings) expect(typeof w).toBe('string');
        const { audit, findings } = auditMixture('run1', input, { cap, caps });
        MixtureAudit.parse(audit);
        for (const f of findings) AuditFinding.parse(f);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('LLaMA-Factory dataset_info and dataset-card front matter of any content read without throwing', async () => {
    await fuzz(
      fc.record({
        info: fc.oneof(jsonValueArb(), fc.dictionary(fc.string({ maxLength: 8 }), fc.record({ file_name: fc.oneof(fc.string({ maxLength: 10 }), jsonValueArb()), hf_hub_url: fc.string({ maxLength: 10 }), num_samples: fc.oneof(num, jsonValueArb()) }, { requiredKeys: [] }), { maxKeys: 4 })),
        datasets: fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
        counts: fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.oneof(fc.nat(), fc.constantFrom(Number.NaN, -1))), { maxLength: 4 }),
        card: fc.oneof(textArb(400), jsonValueArb().map((v) => `---\n${pythonJson(v, 2)}\n---\n# card`), fc.constantFrom('---\nsize_categories: 1K<n<10K\nsource_datasets: [a, b]\ntask_categories: text-generation\n---\n', '\ufeff---\r\nconfigs: [\r\n---\r\n')),
      }),
      ({ info, datasets, counts, card }) => {
        const a = readLlamaFactory('dataset_info.json', info as Json, datasets, new Map(counts));
        const b = readDatasetCard('README.md', card);
        for (const input of [a, b]) {
          if (input === null) continue;
          const { audit } = auditMixture('run1', input, { cap: 0.3, caps: {} });
          MixtureAudit.parse(audit);
        }
      },
      { weight: 2 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('sizes written for humans: any value is returned as is or read as a number', async () => {
    await fuzz(
      fc.oneof(textArb(40), jsonValueArb(), longLineArb({ maxChars: 20_000, units: ['1', '_', ',', '0.'] })),
      (v) => {
        const out = sizeLike(v);
        expect(out === v || typeof out === 'number').toBe(true);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('audit fuzz regressions', () => {
  // Found by the response fuzzer: the clause-initial `as` of the self-identification patterns checked its lookbehind at
  // every position, scanning back over the whitespace before it (64 KiB of spaces: 1 s per pattern, 8 patterns).
  it('a response of 100,000 whitespace characters is scanned in time, and "As ChatGPT" still counts', () => {
    expect(timed('scan', () => findIdentity(`${'\r \n\t'.repeat(25_000)}x`, []), 200)).toBeNull();
    expect(findIdentity('Sure. As ChatGPT, I cannot browse.', [])?.patternId).toBe('self-openai');
    expect(findIdentity('tools such as ChatGPT', [])).toBeNull();
  });

  // Found by the response fuzzer: a response of nested brackets was checked for being a score by recursion.
  it('a response of 20,000 nested brackets is generated text, not a stack overflow', () => {
    const text = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    expect(generatedText(text)).toBe(text);
    expect(generatedText('[-1.25, false]')).toBeNull();
  });

  // Found by the mixture fuzzer: caps were looked up with `caps[domain]`, so a domain named `toString` got
  // Object.prototype's function as its cap (the audit broke its own contract); a deep value in a warning overflowed
  // JSON.stringify.
  it('a domain named like an Object.prototype member gets the default cap; a deep value is quoted, not thrown', () => {
    const input = readDataMixture('data_mixture.json', { sources: [{ name: 'a', domain: 'toString', synthetic: true, tokens: 10 }, { name: 'b', domain: 'toString', tokens: 10 }] });
    const { audit } = auditMixture('run1', input, { cap: 0.3, caps: {} });
    MixtureAudit.parse(audit);
    expect(audit.domains[0]).toMatchObject({ domain: 'toString', cap: 0.3, breach: true });
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const bad = readDataMixture('data_mixture.json', { sources: [{ name: 'a', domain: 'x', rows: deep }] });
    expect(bad.warnings.some((w) => w.includes('`rows`') && w.includes('[nested too deep]'))).toBe(true);
  });
});
