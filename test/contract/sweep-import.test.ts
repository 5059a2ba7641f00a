import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importers } from '../../main/importers/registry';
import { readClaim, scanSource } from '../../main/services/import-source';
import type { SweepPointRecord } from '../../shared/importers/records';
import { call, importFolder, openHost } from '../helpers/host';
import { tempDir } from '../helpers/paths';

/** A minimal lm-eval v0.4 results file for one α. */
const results = (gsm8k: number, tqa: number, date: number) =>
  JSON.stringify({
    results: {
      gsm8k: { alias: 'gsm8k', 'exact_match,strict-match': gsm8k, 'exact_match_stderr,strict-match': 0.01 },
      truthfulqa_mc2: { alias: 'truthfulqa_mc2', 'acc,none': tqa, 'acc_stderr,none': 0.012 },
    },
    higher_is_better: { gsm8k: { exact_match: true }, truthfulqa_mc2: { acc: true } },
    config: { model: 'hf', model_args: 'pretrained=org/edited' },
    date,
  });

async function put(root: string, rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
}

async function readAll(root: string) {
  const scanned = await scanSource(root, importers);
  const signal = new AbortController().signal;
  return Promise.all(scanned.scan.claims.map(async (c) => ({ claim: c, run: await readClaim(scanned, c, signal) })));
}

describe('sweep import (docs/sweep-format.md)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.cleanup());

  it('reads a manifest sweep as one run: its α folders are not separate lm-eval runs; bad points are warnings', async () => {
    const root = path.join(t.dir, 'sft sweep');
    const alphas = [0, 0.5, 1];
    for (const [i, a] of alphas.entries()) {
      await put(root, `safety/alpha_${a}/results_2025-01-0${i + 1}T00-00-00.json`, results(0.6 - 0.1 * a, 0.4 + 0.1 * a, 1.7e9 + i));
      await put(root, `random/alpha_${a}/results_2025-01-0${i + 1}T00-00-00.json`, results(0.6 - 0.01 * a, 0.4, 1.7e9 + i));
    }
    await put(
      root,
      'sweep.json',
      JSON.stringify({
        method: 'SFT',
        name: 'sft → safety',
        edit: 'interpolation',
        directions: [
          { name: 'safety', points: [...alphas.map((a) => ({ alpha: a, results: `safety/alpha_${a}` })), { alpha: 1.5, values: [{ task: 'gsm8k', metric: 'exact_match', filter: 'strict-match', value: 0.4 }] }, { alpha: 2, results: '../elsewhere' }, { alpha: 3, results: 'safety/alpha_3' }] },
          { name: 'random', control: true, points: Object.fromEntries(alphas.map((a) => [String(a), `random/alpha_${a}`])) },
        ],
      }),
    );
    const runs = await readAll(root);
    expect(runs.map((r) => [r.claim.relPath, r.claim.importer.id])).toEqual([['', 'sweep']]);
    const run = runs[0]?.run;
    expect(run?.name).toBe('sft → safety');
    const pts = run?.sweepPoints ?? [];
    const safetyGsm = pts.filter((p) => p.direction === 'safety' && p.task === 'gsm8k').map((p) => [p.alpha, p.value, p.stderr]);
    expect(safetyGsm).toEqual([
      [0, 0.6, 0.01],
      [0.5, 0.6 - 0.1 * 0.5, 0.01],
      [1, 0.6 - 0.1 * 1, 0.01],
      [1.5, 0.4, null],
    ]);
    expect(pts.filter((p) => p.direction === 'random').every((p) => p.isControl)).toBe(true);
    expect(pts.filter((p) => p.direction === 'random')).toHaveLength(6);
    expect(pts.find((p) => p.task === 'truthfulqa_mc2')?.higherIsBetter).toBe(true);
    const messages = run?.warnings.map((w) => w.message) ?? [];
    expect(messages.some((m) => m.includes('"../elsewhere" leaves the sweep folder'))).toBe(true);
    expect(messages.some((m) => m.includes('α = 3: no results JSON at "safety/alpha_3"'))).toBe(true);
    expect(run?.configs.find((c) => c.key === 'sweep.method')?.value).toBe('SFT');
  });

  it('reads a YAML manifest with a top-level points map, and a folder-per-α sweep without a manifest', async () => {
    const yamlRoot = path.join(t.dir, 'ppo');
    await put(yamlRoot, 'sweep.yaml', 'method: PPO\ndirection: safety\npoints:\n  "0.0": a0\n  "1.0": a1\n');
    await put(yamlRoot, 'a0/results.json', results(0.61, 0.45, 1));
    await put(yamlRoot, 'a1/results.json', results(0.59, 0.55, 2));
    const plain = path.join(t.dir, 'dpo-sweep');
    for (const a of [0.25, 0, 1]) await put(plain, `alpha=${a}/out/results_2025-01-01T00-00-00.json`, results(0.5 - 0.1 * a, 0.5, 1));
    const runs = await readAll(t.dir);
    expect(runs.map((r) => [r.claim.relPath, r.claim.importer.id]).sort()).toEqual([
      ['dpo-sweep', 'sweep'],
      ['ppo', 'sweep'],
    ]);
    const ppo = runs.find((r) => r.claim.relPath === 'ppo')?.run;
    expect(ppo?.sweepPoints.filter((p) => p.task === 'gsm8k').map((p) => [p.direction, p.alpha, p.value])).toEqual([
      ['safety', 0, 0.61],
      ['safety', 1, 0.59],
    ]);
    const dpo = runs.find((r) => r.claim.relPath === 'dpo-sweep')?.run;
    const alphas = (dpo?.sweepPoints ?? []).filter((p: Omit<SweepPointRecord, 'kind'>) => p.task === 'gsm8k').map((p) => [p.direction, p.alpha]);
    expect(alphas).toEqual([
      ['edit', 0],
      ['edit', 0.25],
      ['edit', 1],
    ]);
    expect(dpo?.warnings).toEqual([]);
  });

  it('keeps the evals of a folder whose manifest is invalid, and says what is wrong with it', async () => {
    const root = path.join(t.dir, 'broken');
    await put(root, 'sweep.json', '{"method": "SFT", "points": [{"alpha": "zero", "results": "a0"}]}');
    await put(root, 'a0/results.json', results(0.6, 0.4, 1));
    const runs = await readAll(root);
    const sweep = runs.find((r) => r.claim.importer.id === 'sweep')?.run;
    expect(sweep?.warnings[0]?.message).toMatch(/sweep\.json is not a valid sweep manifest at points/);
    // The results file is not lost: it is imported as an ordinary lm-eval run.
    expect(runs.find((r) => r.claim.importer.id === 'lm-eval')?.run.evals.length).toBe(2);
  });

  it('compare:robustness scores each direction and the specificity against the control', async () => {
    const root = path.join(t.dir, 'ws-src', 'sweep');
    const alphas = [0, 0.25, 0.5, 0.75, 1];
    for (const a of alphas) {
      await put(root, `s/alpha_${a}/results.json`, results(0.6 - 0.2 * a, 0.4 + 0.1 * a, 1));
      await put(root, `r/alpha_${a}/results.json`, results(0.6 - 0.02 * a, 0.4, 1));
    }
    await put(root, 'sweep.json', JSON.stringify({ method: 'SFT', directions: [{ name: 'safety', points: alphas.map((a) => ({ alpha: a, results: `s/alpha_${a}` })) }, { name: 'random', control: true, points: alphas.map((a) => ({ alpha: a, results: `r/alpha_${a}` })) }] }));
    const host = await openHost(path.join(t.dir, 'ws'));
    try {
      await importFolder(host, path.join(t.dir, 'ws-src'));
      const runs = await call(host, 'library:list-runs', {});
      expect(runs.map((r) => [r.path, r.format])).toEqual([['sweep', 'sweep']]);
      const r = await call(host, 'compare:robustness', { runIds: runs.map((x) => x.id) });
      const gsm = r.metrics.find((m) => m.task === 'gsm8k');
      expect(gsm?.category).toBe('reasoning');
      const safety = gsm?.series.find((s) => s.direction === 'safety');
      const random = gsm?.series.find((s) => s.direction === 'random');
      expect(safety?.method).toBe('SFT');
      // Drop is linear in α: 0.2·α, so its normalised AUC is 0.1 and the worst drop 0.2 at α = 1.
      expect(safety?.dropAuc).toBeCloseTo(0.1, 12);
      expect(safety?.worstDrop).toBeCloseTo(0.2, 12);
      expect(safety?.worstAlpha).toBe(1);
      expect(random?.dropAuc).toBeCloseTo(0.01, 12);
      expect(safety?.specificity).toBeCloseTo(0.09, 12);
      expect(random?.specificity).toBeNull();
      // Break point by the drop's lower bound: 0.2α − 1.96·√2·0.01 > 0.02 first at α = 0.25.
      expect(safety?.breakAlpha).toBe(0.25);
      expect(safety?.breakBasis).toBe('lower-bound');
      expect(random?.breakAlpha).toBeNull();
    } finally {
      await host.close();
    }
  });
});
