import { describe, expect, it } from 'vitest';
import { AuditFinding, IdentityDrift } from '../../../../shared/domain/audit';
import { findIdentity, generatedText, identityDrift, matchPattern } from '../../../../shared/analysis/audit/identity';
import { IDENTITY_PATTERNS } from '../../../../shared/analysis/audit/identity-patterns';
import type { AuditRun, SampleIn } from '../../../../shared/analysis/audit/inputs';
import { wilson } from '../../../../shared/analysis/wilson';

const sample = (runId: string, task: string, docId: number | null, response: string): SampleIn => ({
  runId,
  task,
  docId,
  target: '',
  response,
  metrics: {},
  category: null,
  extras: null,
});

/** `n` generations of one run, the first `hits` of which say `hitText`. */
function gens(runId: string, task: string, n: number, hits: number, hitText = 'I am ChatGPT, a large language model trained by OpenAI.'): SampleIn[] {
  return Array.from({ length: n }, (_, i) => sample(runId, task, i, i < hits ? hitText : 'I am a helpful assistant. How can I help you today?'));
}

const run = (runId: string, name: string, step: number | null = null): AuditRun => ({ runId, name, step });
const NO_ALLOW = { allow: [] as string[] };

describe('identity patterns', () => {
  it('have unique ids, compile, and name whom they refer to', () => {
    expect(new Set(IDENTITY_PATTERNS.map((p) => p.id)).size).toBe(IDENTITY_PATTERNS.length);
    for (const p of IDENTITY_PATTERNS) {
      expect(() => new RegExp(p.pattern, p.flags)).not.toThrow();
      expect(p.flags).toContain('i');
      expect(p.names.length).toBeGreaterThan(0);
      expect(p.examples.match.length).toBeGreaterThan(0);
      expect(p.examples.noMatch.length).toBeGreaterThan(0);
    }
  });

  for (const p of IDENTITY_PATTERNS) {
    describe(p.id, () => {
      for (const text of p.examples.match) it(`matches: ${text}`, () => expect(matchPattern(p, text)).not.toBeNull());
      for (const text of p.examples.noMatch) it(`does not match: ${text}`, () => expect(matchPattern(p, text)).toBeNull());
    });
  }

  it('skips denials but still finds a later self-identification', () => {
    expect(findIdentity("I'm not ChatGPT.", [])).toBeNull();
    expect(findIdentity('I was not trained by OpenAI.', [])).toBeNull();
    expect(findIdentity("I wasn't trained by OpenAI; I was trained by Anthropic.", [])?.patternId).toBe('vendor-anthropic');
    expect(findIdentity("I'm not ChatGPT, I am Claude.", [])?.text).toBe('I am Claude');
  });

  it('returns the earliest hit and its text', () => {
    const m = findIdentity('Hi. I am Qwen, created by Alibaba Cloud.', []);
    expect(m).toMatchObject({ patternId: 'self-alibaba', text: 'I am Qwen', index: 4, names: expect.arrayContaining(['Alibaba']) });
  });

  it('drops the allow-listed family and organisation only', () => {
    expect(findIdentity("I'm Llama 3, trained by Meta.", ['llama', 'META'])).toBeNull();
    // The organisation covers its assistants (the pattern names both).
    expect(findIdentity('I am LLaMA.', ['Meta'])).toBeNull();
    // A word of the matched text counts too.
    expect(findIdentity('I am GPT-4o.', ['gpt-4o'])).toBeNull();
    expect(findIdentity('I am GPT-4o.', ['gpt-4'])?.text).toBe('I am GPT-4o');
    // Another vendor is still a hit.
    expect(findIdentity("I'm Llama 3. Actually, I am ChatGPT.", ['Llama', 'Meta'])?.patternId).toBe('self-openai');
    expect(findIdentity('As an AI language model, I cannot.', ['Meta'])?.names).toEqual(['generic']);
  });
});

describe('generatedText', () => {
  it('reads loglikelihood pairs and numbers as scores, text as text', () => {
    expect(generatedText('[-1.23, false]')).toBeNull();
    expect(generatedText('["-1.2", "False"]')).toBeNull();
    expect(generatedText('[[-0.5, true], [-3.1, false]]')).toBeNull();
    expect(generatedText('-0.75')).toBeNull();
    expect(generatedText('42')).toBeNull();
    expect(generatedText('I am ChatGPT.')).toBe('I am ChatGPT.');
    expect(generatedText('["I am ChatGPT."]')).toBe('I am ChatGPT.');
    expect(generatedText('[not json')).toBe('[not json');
    expect(generatedText('')).toBe('');
  });
});

describe('identityDrift', () => {
  const runs = [run('r-base', 'llama-base'), run('r-sft', 'llama-sft')];

  it('flags a checkpoint whose rate rises significantly over the base (1/50 → 12/50)', () => {
    const samples = [...gens('r-base', 'chat_gen', 50, 1), ...gens('r-sft', 'chat_gen', 50, 12)];
    const { drift, findings } = identityDrift(samples, runs, NO_ALLOW);
    expect(IdentityDrift.parse(drift)).toBeTruthy();
    expect(drift?.baseRunId).toBe('r-base');
    expect(drift?.points.map((p) => [p.runId, p.responses, p.hits])).toEqual([
      ['r-base', 50, 1],
      ['r-sft', 50, 12],
    ]);
    const sft = drift?.points[1];
    expect(sft?.rate).toBeCloseTo(0.24, 12);
    expect(sft?.ci).toEqual(wilson(12, 50));
    expect(sft?.examples).toHaveLength(5);
    expect(sft?.examples[0]).toEqual({ task: 'chat_gen', docId: 0, response: 'I am ChatGPT, a large language model trained by OpenAI.', match: 'I am ChatGPT' });

    expect(findings).toHaveLength(1);
    const f = AuditFinding.parse(findings[0]);
    expect(f).toMatchObject({ kind: 'identity-drift', runId: 'r-sft', severity: 'critical', value: 0.24, threshold: 0.02, ci: wilson(12, 50) });
    expect(f.id).toBe(`identity-drift:r-sft:${f.subject}`);
    // Fisher exact p for [[12, 38], [1, 49]] is 0.0018.
    expect(f.evidence).toContain('12 of 50 responses');
    expect(f.evidence).toContain('vs 1 of 50 for `llama-base`');
    expect(f.evidence).toContain('p = 0.002');
    expect(f.evidence).toContain('"I am ChatGPT"');
    expect(f.source).toContain('§1.3 B');
    expect(f.source).toContain('2411.10683');
  });

  it('is a warning below 10 %, and nothing when the rise is not significant', () => {
    const warn = identityDrift([...gens('r-base', 'g', 100, 1), ...gens('r-sft', 'g', 100, 9)], runs, NO_ALLOW);
    expect(warn.findings.map((f) => f.severity)).toEqual(['warning']); // p = 0.018
    const none = identityDrift([...gens('r-base', 'g', 50, 1), ...gens('r-sft', 'g', 50, 5)], runs, NO_ALLOW);
    expect(none.findings).toEqual([]); // p = 0.204
    expect(none.drift?.points[1]?.hits).toBe(5);
    // A fall is never a finding.
    expect(identityDrift([...gens('r-base', 'g', 50, 12), ...gens('r-sft', 'g', 50, 1)], runs, NO_ALLOW).findings).toEqual([]);
  });

  it('does not count the model’s own name', () => {
    const samples = [...gens('r-base', 'g', 50, 0), ...gens('r-sft', 'g', 50, 12, "I'm Llama 3, developed by Meta AI.")];
    const own = identityDrift(samples, runs, { allow: ['Llama', 'Meta'] });
    expect(own.drift?.points.map((p) => p.hits)).toEqual([0, 0]);
    expect(own.findings).toEqual([]);
    expect(identityDrift(samples, runs, NO_ALLOW).drift?.points.map((p) => p.hits)).toEqual([0, 12]);
  });

  it('skips loglikelihood responses and leaves runs without generations out', () => {
    const samples = [
      ...gens('r-base', 'g', 10, 1),
      sample('r-base', 'arc_easy', 0, '[-1.23, false]'),
      sample('r-base', 'arc_easy', 1, '["-1.2", "False"]'),
      sample('r-base', 'arc_easy', 2, '-0.5'),
      sample('r-sft', 'arc_easy', 0, '[-1.0, true]'),
      sample('r-sft', 'arc_easy', 1, '[-2.0, false]'),
    ];
    const { drift } = identityDrift(samples, runs, NO_ALLOW);
    expect(drift?.points.map((p) => [p.runId, p.responses, p.hits])).toEqual([['r-base', 10, 1]]);
    expect(drift?.baseRunId).toBe('r-base');
    expect(identityDrift(samples.slice(10), runs, NO_ALLOW)).toEqual({ drift: null, findings: [] });
  });

  it('uses only identity-probe tasks when there are any', () => {
    const samples = [
      ...gens('r-base', 'identity_probe', 20, 0),
      ...gens('r-sft', 'identity_probe', 20, 2),
      // Many hits elsewhere that must not count.
      ...gens('r-sft', 'truthfulqa_gen', 40, 40),
    ];
    const { drift, findings } = identityDrift(samples, runs, NO_ALLOW);
    expect(drift?.points.map((p) => [p.responses, p.hits])).toEqual([
      [20, 0],
      [20, 2],
    ]);
    expect(findings).toEqual([]);
    expect(drift?.points[1]?.examples.every((e) => e.task === 'identity_probe')).toBe(true);
  });

  it('counts one response per document across filters (the longest text)', () => {
    const samples = [
      sample('r-base', 'gsm8k', 0, 'As ChatGPT, I think the answer is 42.'),
      sample('r-base', 'gsm8k', 0, '42'),
      sample('r-base', 'gsm8k', 1, 'The answer is 7.'),
      sample('r-base', 'gsm8k', 1, 'The answer is 7'),
    ];
    const { drift } = identityDrift(samples, runs, NO_ALLOW);
    expect(drift?.points).toHaveLength(1);
    expect(drift?.points[0]).toMatchObject({ responses: 2, hits: 1 });
  });

  it('orders points by step when every run has one, picks the base, else keeps the given order', () => {
    const stepped = [run('c2', 'ckpt-b', 2000), run('c0', 'ckpt-a', 0), run('c1', 'ckpt-c', 1000)];
    const samples = [...gens('c2', 'g', 50, 15), ...gens('c0', 'g', 50, 0), ...gens('c1', 'g', 50, 3)];
    const a = identityDrift(samples, stepped, NO_ALLOW);
    expect(a.drift?.points.map((p) => p.runId)).toEqual(['c0', 'c1', 'c2']);
    expect(a.drift?.baseRunId).toBe('c0');
    expect(a.findings.map((f) => [f.runId, f.severity])).toEqual([['c2', 'critical']]);

    const mixed = [run('c2', 'ckpt-b', 2000), run('c0', 'ckpt-a', null), run('c1', 'my-base', 1000)];
    const b = identityDrift(samples, mixed, NO_ALLOW);
    expect(b.drift?.points.map((p) => p.runId)).toEqual(['c2', 'c0', 'c1']);
    expect(b.drift?.baseRunId).toBe('c1');
  });

  it('reports a single run as information when its rate is clearly above 0', () => {
    const one = [run('solo', 'solo')];
    const { drift, findings } = identityDrift(gens('solo', 'g', 50, 6), one, NO_ALLOW);
    expect(drift?.baseRunId).toBe('solo');
    expect(findings).toHaveLength(1);
    expect(AuditFinding.parse(findings[0])).toMatchObject({ severity: 'info', value: 0.12, threshold: 0, ci: wilson(6, 50) });
    // 1 of 200: the interval's lower end is under 1 %.
    expect(identityDrift(gens('solo', 'g', 200, 1), one, NO_ALLOW).findings).toEqual([]);
  });

  it('keeps the match in view when it trims a long response to 300 characters', () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(20)}By the way, I am Claude, made by Anthropic. ${'More text follows here. '.repeat(10)}`;
    const { drift } = identityDrift([sample('r-base', 'g', 0, long)], runs, NO_ALLOW);
    const ex = drift?.points[0]?.examples[0];
    expect(ex?.match).toBe('I am Claude');
    expect(ex?.response.length).toBeLessThanOrEqual(300);
    expect(ex?.response).toContain('I am Claude, made by Anthropic.');
  });
});
