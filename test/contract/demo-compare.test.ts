import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareFolders } from '../../main/cli/compare';
import type { Host } from '../../main/host';
import { stderrDelta } from '../../shared/analysis/compare/stderr-delta';
import { call, importFolder, openHost } from '../helpers/host';
import { repoRoot, tempDir } from '../helpers/paths';

/**
 * The demo's method comparison (issue 6 "Demo" and "Done when"): base / SFT / DPO / PPO lm-eval results with samples,
 * and SFT / PPO α-sweeps. The story the README tells must be what the app computes.
 */
const EVALS = path.join(repoRoot, 'demo', 'evals');
const SWEEPS = path.join(repoRoot, 'demo', 'sweeps');

describe('demo method comparison', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await tempDir();
    host = await openHost(t.dir);
    await importFolder(host, EVALS);
    await importFolder(host, SWEEPS);
    for (const r of await call(host, 'library:list-runs', {})) id[r.path] = r.id;
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  const evalIds = () => ['llama-3-8b-ppo', 'llama-3-8b-dpo', 'llama-3-8b-sft', 'llama-3-8b-base'].map((p) => id[p] ?? '');

  it('picks the base model as baseline, lays columns out base → SFT → DPO → PPO, and pairs every row', async () => {
    const r = await call(host, 'compare:evals', { runIds: evalIds() });
    expect(r.columns.map((c) => [c.path, c.method, c.isBaseline, c.hasSamples])).toEqual([
      ['llama-3-8b-base', 'base', true, true],
      ['llama-3-8b-sft', 'sft', false, true],
      ['llama-3-8b-dpo', 'dpo', false, true],
      ['llama-3-8b-ppo', 'ppo', false, true],
    ]);
    const methods = new Set(r.rows.flatMap((row) => row.deltas.flatMap((d) => (d ? [d.method] : []))));
    expect([...methods].sort()).toEqual(['mcnemar', 'paired-bootstrap']);
  });

  it('paired bootstrap is reproducible and agrees with the stderr interval within the expected tolerance', async () => {
    const a = await call(host, 'compare:evals', { runIds: evalIds() });
    // Naming the (same) baseline is another request to the host's cache, so this recomputes every bootstrap.
    const b = await call(host, 'compare:evals', { runIds: evalIds(), baselineRunId: id['llama-3-8b-base'] ?? '' });
    expect(b).toEqual(a);
    let checked = 0;
    for (const row of a.rows) {
      const base = row.cells[0];
      row.deltas.forEach((d, i) => {
        const cand = row.cells[i];
        if (!d || !cand || !base || d.low === null || d.high === null || d.se === null) return;
        const unpaired = stderrDelta(base, cand, { higherIsBetter: row.higherIsBetter });
        if (!unpaired.interval || unpaired.se === null) return;
        const where = `${row.task} ${row.metric} ${row.filter} col ${i}`;
        // Same estimate: the percentile interval is centred on the delta within a fraction of a standard error.
        expect(Math.abs((d.low + d.high) / 2 - d.delta), where).toBeLessThan(0.35 * unpaired.se);
        // Pairing removes between-document variance (the models share per-document difficulty): narrower, same scale.
        const ratio = d.se / unpaired.se;
        expect(ratio, where).toBeGreaterThan(0.3);
        expect(ratio, where).toBeLessThan(1.05);
        // A 95 % percentile interval of a near-normal mean spans about ±1.96 bootstrap SEs.
        expect((d.high - d.low) / (2 * 1.96 * d.se), where).toBeGreaterThan(0.85);
        expect((d.high - d.low) / (2 * 1.96 * d.se), where).toBeLessThan(1.15);
        checked++;
      });
    }
    expect(checked).toBe(33);
  });

  it('tells the README story on the safety–reasoning plane', async () => {
    const vsBase = await call(host, 'compare:evals', { runIds: evalIds() });
    const at = (r: typeof vsBase, p: string) => r.plane.find((x) => x.runId === id[p]);
    expect(at(vsBase, 'llama-3-8b-sft')?.quadrant).toBe('both-better');
    expect(at(vsBase, 'llama-3-8b-ppo')?.quadrant).toBe('both-better');
    expect(at(vsBase, 'llama-3-8b-dpo')?.safety.score).toBeGreaterThan(at(vsBase, 'llama-3-8b-ppo')?.safety.score ?? Infinity);
    // Against SFT, DPO buys safety with reasoning: the alignment tax.
    const vsSft = await call(host, 'compare:evals', { runIds: evalIds(), baselineRunId: id['llama-3-8b-sft'] ?? '' });
    expect(at(vsSft, 'llama-3-8b-dpo')?.quadrant).toBe('alignment-tax');
    expect(at(vsSft, 'llama-3-8b-dpo')?.quadrantLabel).toMatch(/Alignment tax/);
  });

  it('robustness: SFT breaks early along the safety direction, PPO does not, and random directions barely move', async () => {
    const r = await call(host, 'compare:robustness', { runIds: [id['sft-safety-sweep'] ?? '', id['ppo-safety-sweep'] ?? '', id['llama-3-8b-base'] ?? ''] });
    expect(r.ignoredRunIds).toEqual([id['llama-3-8b-base']]);
    const gsm = r.metrics.find((m) => m.task === 'gsm8k');
    const s = (method: string, direction: string) => gsm?.series.find((x) => x.method === method && x.direction === direction);
    expect(s('SFT', 'safety')?.breakAlpha).toBe(0.3);
    expect(s('SFT', 'safety')?.breakBasis).toBe('lower-bound');
    expect(s('PPO', 'safety')?.breakAlpha).toBeNull();
    expect(s('SFT', 'safety')?.dropAuc).toBeGreaterThan(3 * (s('PPO', 'safety')?.dropAuc ?? Infinity));
    expect(s('SFT', 'random')?.isControl).toBe(true);
    expect(s('SFT', 'random')?.breakAlpha).toBeNull();
    expect(s('SFT', 'safety')?.specificity).toBeGreaterThan(0.05);
    expect(s('SFT', 'safety')?.points).toHaveLength(11);
  });

  it('`runlens compare` prints the same numbers as the app, in the issue\'s row shape', async () => {
    const out = await compareFolders({ dirs: [EVALS], baseline: 'llama-3-8b-base', paired: true });
    const app = await call(host, 'compare:evals', { runIds: evalIds() });
    const row = out.rows.find((x) => x.task === 'gsm8k' && x.filter === 'strict-match' && x.run === 'llama-3-8b-dpo');
    const appRow = app.rows.find((x) => x.task === 'gsm8k' && x.filter === 'strict-match');
    expect(Object.keys(row ?? {})).toEqual(['task', 'metric', 'filter', 'run', 'baseline', 'value', 'baselineValue', 'delta', 'low', 'high', 'n', 'method']);
    expect(row).toMatchObject({ baseline: 'llama-3-8b-base', metric: 'exact_match', method: 'mcnemar', n: 300, delta: appRow?.deltas[2]?.delta, low: appRow?.deltas[2]?.low, high: appRow?.deltas[2]?.high });
    expect(out.rows).toHaveLength(33);
  });
});
