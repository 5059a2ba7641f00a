import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sweepImporter } from '../../../main/importers/sweep';
import { alphaOfDir, normaliseRelPath, readManifest } from '../../../main/importers/sweep/manifest';
import type { Json } from '../../helpers/fuzz';
import { applyJsonEdits, applyMutations, fuzz, FUZZ_TIMEOUT_MS, HARNESS_LIMIT_MS, jsonEditArb, longLineArb, mutationArb, pythonJson, textArb } from '../../helpers/fuzz';
import { fixturesDir } from '../../helpers/paths';
import type { FuzzRun } from './support/importer-fuzz';
import { readChecked } from './support/importer-fuzz';

/**
 * Weight-update sweeps (docs/sweep-format.md): sweep.json / sweep.yaml manifests (zod-validated), α folders and the
 * lm-eval results files they point at. The manifest's `results` paths are untrusted: normaliseRelPath must keep them
 * inside the sweep folder whatever they say.
 */

const enc = new TextEncoder();
const RESULTS = readFileSync(path.join(fixturesDir, 'lm-eval', 'EleutherAI__pythia', 'evals', 'pythia-v1', 'pythia-410m-deduped', 'zero-shot', '410m-deduped_step0.json'));

const MANIFEST: Json = {
  method: 'SFT',
  name: 'fuzz sweep',
  edit: 'interpolation',
  reference: 0,
  directions: [
    { name: 'safety', points: [{ alpha: 0, results: 'safety/alpha_0' }, { alpha: 0.5, results: 'safety/alpha_0.5' }, { alpha: 1.5, values: [{ task: 'gsm8k', metric: 'exact_match', filter: 'strict-match', value: 0.4, stderr: 0.01 }] }] },
    { name: 'random', control: true, points: { '0': 'random/alpha_0', '0.5': 'random/alpha_0.5' } },
  ],
};

function sweepRun(manifestName: string, manifest: Uint8Array | null): FuzzRun {
  const files = new Map<string, Uint8Array>();
  if (manifest !== null) files.set(`sweep/${manifestName}`, manifest);
  for (const d of ['safety', 'random']) for (const a of ['0', '0.5']) files.set(`sweep/${d}/alpha_${a}/results_2025-01-01T00-00-00.json`, RESULTS);
  return { relPath: 'sweep', files };
}

describe('sweep fuzz', () => {
  it('the hand-made sweep reads whole', async () => {
    const recs = await readChecked(sweepImporter, sweepRun('sweep.json', enc.encode(JSON.stringify(MANIFEST))), new Map());
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([]);
    expect(recs.filter((r) => r.kind === 'sweep-point').length).toBeGreaterThan(4);
  });

  it('tree edits of the manifest (JSON or YAML) never throw and stay within the record contract', async () => {
    await fuzz(
      fc.record({ edits: fc.array(jsonEditArb(), { minLength: 1, maxLength: 4 }), yaml: fc.boolean() }),
      async ({ edits, yaml }) => {
        const text = pythonJson(applyJsonEdits(MANIFEST, edits), 2);
        // Deep values duplicated many times make manifests of megabytes, slow for their size alone (not a finding).
        if (text.length > 2_000_000) return;
        // JSON is YAML: the same text read as sweep.yaml goes through the YAML parser.
        await readChecked(sweepImporter, sweepRun(yaml ? 'sweep.yaml' : 'sweep.json', enc.encode(text)), new Map());
      },
      { weight: 2, limitMs: HARNESS_LIMIT_MS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('byte mutations of the manifest and of a results file never throw', async () => {
    const seeds = [enc.encode(JSON.stringify(MANIFEST, null, 2)), new Uint8Array(RESULTS)];
    await fuzz(
      fc.record({ which: fc.nat({ max: 1 }), ops: fc.array(mutationArb(), { minLength: 1, maxLength: 4 }), yaml: fc.boolean() }),
      async ({ which, ops, yaml }) => {
        const run = sweepRun(yaml ? 'sweep.yaml' : 'sweep.json', seeds[0] as Uint8Array);
        const file = which === 0 ? `sweep/${yaml ? 'sweep.yaml' : 'sweep.json'}` : 'sweep/safety/alpha_0.5/results_2025-01-01T00-00-00.json';
        await readChecked(sweepImporter, run, new Map([[file, applyMutations(seeds[which] as Uint8Array, ops, seeds)]]));
      },
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a manifest-less sweep with any folder names never throws', async () => {
    await fuzz(
      fc.array(fc.oneof(textArb(30), fc.constantFrom('alpha_0', 'alpha=1e-3', 'α_-2', 'lambda_.5', 'scale_1e999', 'alpha_NaN', '..', '.')), { maxLength: 6 }),
      async (dirs) => {
        const files = new Map(dirs.map((d, i) => [`sweep/${d.replace(/\//g, '_') || 'x'}/results_${i}.json`, new Uint8Array(RESULTS)] as const));
        await readChecked(sweepImporter, { relPath: 'sweep', files }, new Map());
        for (const d of dirs) {
          const a = alphaOfDir(d);
          expect(a === null || Number.isFinite(a)).toBe(true);
        }
      },
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a results path never leaves the sweep folder, whatever the manifest says', async () => {
    const pathArb = fc.oneof(
      textArb(60),
      fc.array(fc.constantFrom('..', '.', '', 'a', 'b c', '...', '..\\..', 'C:', 'c:\\x', '/', '\\', '%2e%2e', '\u2025', '..\u0000'), { maxLength: 8 }).map((p) => p.join(fc.sample(fc.constantFrom('/', '\\'), 1)[0] ?? '/')),
      longLineArb({ maxChars: 10_000, units: ['../', './', '/', '\\..'] }),
    );
    await fuzz(
      pathArb,
      (p) => {
        const n = normaliseRelPath(p);
        if (n === null) return;
        expect(n.startsWith('/')).toBe(false);
        expect(n).not.toMatch(/^[A-Za-z]:/);
        expect(n.includes('\\')).toBe(false);
        for (const seg of n.split('/')) expect(['', '.', '..']).not.toContain(seg);
        expect(path.posix.normalize(`root/${n}`).startsWith('root/')).toBe(true);
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('readManifest takes any text as JSON or YAML', async () => {
    await fuzz(
      fc.record({ text: fc.oneof(textArb(500), longLineArb({ maxChars: 20_000, units: ['- ', '[', '{"directions": [', 'alpha: ', '"'] })), name: fc.constantFrom('sweep.json', 'sweep.yaml') }),
      ({ text, name }) => {
        const spec = readManifest(name, enc.encode(text));
        for (const d of spec.directions) for (const p of d.points) expect(Number.isFinite(p.alpha)).toBe(true);
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('sweep fuzz regressions', () => {
  // Found by the path fuzzer: the absolute-path checks ran before backslashes became slashes and before `.` segments
  // were dropped. Harmless in the importer (a path is only matched against the run's claimed files), but the function
  // promises to refuse absolute paths.
  it.each(['\\/c:\\x', '\\\\server\\share\\x', './C:/x', 'C:x', '.\\D:\\y'])('refuses %s', (p) => {
    expect(normaliseRelPath(p)).toBeNull();
  });

  it('keeps ordinary relative paths', () => {
    expect(normaliseRelPath('./safety\\alpha_0.5/')).toBe('safety/alpha_0.5');
    expect(normaliseRelPath('a/b:c')).toBe('a/b:c');
  });
});
