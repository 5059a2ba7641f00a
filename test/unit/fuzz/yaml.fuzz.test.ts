import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as yamlParse, YAMLError } from 'yaml';
import { parseHparamsYaml } from '../../../main/importers/common/hparams-yaml';
import { readConfigYaml } from '../../../main/importers/wandb/side-files';
import { MAX_YAML_DEPTH, parseYaml, parseYamlDocument, yamlDepthBound, YamlLimitError } from '../../../shared/util/safe-yaml';
import { applyMutations, fuzz, FUZZ_TIMEOUT_MS, mutationArb, textArb, timed, withWatchdog } from '../../helpers/fuzz';
import { fixturesDir } from '../../helpers/paths';

/**
 * YAML from user files goes through shared/util/safe-yaml.ts (hparams.yaml, params.yaml, training_args.yaml, W&B
 * config.yaml, MLflow meta.yaml, sweep manifests, dataset-card front matter). The `yaml` package is exact but not
 * hardened: deep compact nesting slowed it down and once aborted the process, nested collection keys took seconds per
 * few hundred bytes. These properties hold the guard to: any text parses or fails with a YAML or limit error, within
 * the time bound; and every real fixture file parses exactly as the unguarded parser parses it.
 */

function yamlFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) return yamlFixtures(abs);
    return /\.ya?ml$/.test(name) ? [abs] : [];
  });
}

const FIXTURES = yamlFixtures(fixturesDir).map((f) => new Uint8Array(readFileSync(f)));
const dec = new TextDecoder();

/** Nesting shapes that are cheap to write and dear to parse. */
const NESTING: readonly ((n: number) => string)[] = [
  (n) => `${'- '.repeat(n)}x`,
  (n) => `${'? '.repeat(n)}x`,
  (n) => `${'['.repeat(n)}${']'.repeat(n)}`,
  (n) => `${'{a: '.repeat(n)}${'}'.repeat(n)}`,
  (n) => `${'[? '.repeat(n)}x${']'.repeat(n)}`,
  (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
  (n) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- - `).join('\n'),
  (n) => `a: &a [1]\n${Array.from({ length: n }, (_, i) => `b${i}: &b${i} [*${i === 0 ? 'a' : `b${i - 1}`}, *${i === 0 ? 'a' : `b${i - 1}`}]`).join('\n')}`,
];

/** What a guarded parse may throw: a YAML syntax error or a limit. Anything else (RangeError, TypeError) is a bug. */
function expectYamlOutcome(text: string): void {
  try {
    parseYaml(text);
  } catch (err) {
    const ok = err instanceof YAMLError || err instanceof YamlLimitError || (err instanceof ReferenceError && /alias/i.test(err.message));
    expect(ok, `unexpected ${String(err)}`).toBe(true);
  }
  const h = parseHparamsYaml(new TextEncoder().encode(text));
  expect(h.entries !== null || h.problem !== null).toBe(true);
  readConfigYaml('files/config.yaml', new TextEncoder().encode(text));
}

describe('yaml fuzz', () => {
  it('finds the YAML fixtures', () => expect(FIXTURES.length).toBeGreaterThan(20));

  it('every fixture parses through the guard exactly as through yaml itself', () => {
    for (const bytes of FIXTURES) {
      const text = dec.decode(bytes);
      let expected: unknown;
      try {
        expected = yamlParse(text);
      } catch {
        expect(() => parseYaml(text)).toThrow();
        continue;
      }
      expect(parseYaml(text)).toEqual(expected);
    }
  });

  it('mutated fixture files parse or fail with a YAML error, in time', async () => {
    await fuzz(
      fc.record({ seed: fc.nat({ max: FIXTURES.length - 1 }), ops: fc.array(mutationArb(), { minLength: 1, maxLength: 4 }) }),
      ({ seed, ops }) => expectYamlOutcome(dec.decode(applyMutations(FIXTURES[seed] as Uint8Array, ops, FIXTURES))),
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('any text parses or fails with a YAML error, in time', async () => {
    await fuzz(textArb(2000), expectYamlOutcome, { weight: 3 });
  }, FUZZ_TIMEOUT_MS);

  it('adversarial nesting of any depth is refused or parsed in time, never crashing', async () => {
    await fuzz(
      fc.record({ shape: fc.nat({ max: NESTING.length - 1 }), depth: fc.integer({ min: 1, max: 20_000 }) }),
      // The indented shapes (5, 6) grow quadratically: capped at 2000 levels (a few MB), the others at 20000.
      ({ shape, depth }) => expectYamlOutcome((NESTING[shape] as (n: number) => string)(shape === 5 || shape === 6 ? Math.min(depth, 2000) : depth)),
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('the depth bound is never below the real depth of what yaml accepts', async () => {
    await fuzz(
      fc.record({ shape: fc.nat({ max: 6 }), depth: fc.integer({ min: 1, max: MAX_YAML_DEPTH }) }),
      ({ shape, depth }) => {
        const text = (NESTING[shape] as (n: number) => string)(depth);
        if (yamlDepthBound(text) <= MAX_YAML_DEPTH) expect(yamlDepthBound(text)).toBeGreaterThanOrEqual(depth);
      },
      { weight: 2 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('yaml fuzz regressions', () => {
  // Found by the mutator (a params.yaml with `- ` inserted 3855 times took 9 s; 513 bytes of nested `? ` keys 17 s;
  // `- ` × 2000 once aborted the process with a V8 out-of-memory in its regexp compiler).
  it.each([
    ['? × 256', `${'? '.repeat(256)}x`],
    ['- × 4000', `${'- '.repeat(4000)}x`],
    ['[ × 10000', '['.repeat(10_000)],
    ['flow keys × 16, 1000 lines', Array.from({ length: 1000 }, (_, i) => `k${i}: ${'[? '.repeat(16)}x${']'.repeat(16)}`).join('\n')],
    // Found by this suite: alias resolution is quadratic in the anchors and aliases before it.
    ['*a × 20000', `a: &a [1]\n${Array.from({ length: 20_000 }, (_, i) => `b${i}: *a`).join('\n')}`],
  ])('%s is refused with a limit error within the case bound', async (_, text) => {
    await withWatchdog('deep yaml', () => {
      expect(() => timed('parse', () => parseYaml(text))).toThrow(YamlLimitError);
      expect(timed('hparams', () => parseHparamsYaml(new TextEncoder().encode(text))).problem).toMatch(/could not be read: .*(nested|key is a list|anchors)/);
    });
  });

  it('a billion-laughs alias chain is refused by the alias bound', () => {
    expect(() => parseYaml((NESTING[7] as (n: number) => string)(30))).toThrow(/alias/i);
  });

  it('real nesting is untouched: a 20-level config parses as yaml parses it', () => {
    const text = Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1';
    expect(parseYaml(text)).toEqual(yamlParse(text));
    expect(parseYamlDocument(text).errors).toEqual([]);
  });
});
