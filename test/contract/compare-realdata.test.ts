import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskDelta } from '../../shared/analysis/compare';
import { categoryScore, classifyQuadrant, excludesZero, stderrDelta } from '../../shared/analysis/compare';
import { importers } from '../../main/importers/registry';
import { readClaim, scanSource } from '../../main/services/import-source';
import { hasRealdata, realdataDir } from '../helpers/paths';
import { keyOf, rawResults } from '../helpers/lm-eval-raw';

/**
 * Issue 6 "done when": on realdata Meta-Llama-3-8B (base) vs Meta-Llama-3-8B-Instruct (lm-eval v0.4, one JSON per
 * task, saucam/model_evals), the deltas and stderr intervals from the imported evals equal a hand computation from the
 * raw JSON, which this test reads itself with JSON.parse, independently of the importer.
 */
const root = path.join(realdataDir, 'lm-eval', 'saucam__model_evals', 'meta-llama');
const BASE = 'Meta-Llama-3-8B/openllm';
const INSTRUCT = 'Meta-Llama-3-8B-Instruct/openllm';

describe.skipIf(!hasRealdata)('method comparison on realdata Llama-3-8B base vs Instruct (lm-eval v0.4)', () => {
  it('deltas and stderr intervals equal the hand computation from the JSON', async () => {
    const scanned = await scanSource(root, importers);
    const signal = new AbortController().signal;
    const runOf = async (rel: string) => {
      const claim = scanned.scan.claims.find((c) => c.relPath === rel);
      expect(claim, `claim ${rel}`).toBeDefined();
      if (!claim) throw new Error(`no claim for ${rel}`);
      const run = await readClaim(scanned, claim, signal);
      return new Map(run.evals.map((e) => [keyOf(e.task, e.metric, e.filter), e]));
    };
    const base = await runOf(BASE);
    const inst = await runOf(INSTRUCT);
    const rawBase = rawResults(path.join(root, BASE));
    const rawInst = rawResults(path.join(root, INSTRUCT));

    // The importer yields exactly the numbers the JSON holds, so the comparison covers every one of them.
    expect([...base.keys()].sort()).toEqual([...rawBase.keys()].sort());
    expect([...inst.keys()].sort()).toEqual([...rawInst.keys()].sort());
    expect(rawBase.size).toBeGreaterThan(90);

    let compared = 0;
    for (const [key, rb] of rawBase) {
      const ri = rawInst.get(key);
      const eb = base.get(key);
      const ei = inst.get(key);
      if (!ri || !eb || !ei) continue;
      const hib = ei.higherIsBetter ?? eb.higherIsBetter;
      const got = stderrDelta({ value: eb.value, stderr: eb.stderr }, { value: ei.value, stderr: ei.stderr }, { higherIsBetter: hib });

      const delta = ri.value - rb.value;
      expect(got.delta, key).toBe(delta);
      if (rb.stderr === null || ri.stderr === null) {
        expect(got.interval, key).toBeNull();
      } else {
        const half = 1.96 * Math.sqrt(rb.stderr * rb.stderr + ri.stderr * ri.stderr);
        expect(got.interval?.low, key).toBeCloseTo(delta - half, 14);
        expect(got.interval?.high, key).toBeCloseTo(delta + half, 14);
      }
      if (hib === null) expect(got.improvement, key).toBeNull();
      else expect(got.improvement, key).toBe(hib ? delta : -delta);
      compared++;
    }
    expect(compared).toBe(rawBase.size);

    // Spot checks against the repository README's own numbers (gsm8k 50.9 → 75.6, truthfulqa mc2 ~43.9 → 51.7).
    const gsm = stderrDelta(base.get(keyOf('gsm8k', 'exact_match', 'strict-match')) ?? { value: NaN, stderr: null }, inst.get(keyOf('gsm8k', 'exact_match', 'strict-match')) ?? { value: NaN, stderr: null }, { higherIsBetter: true });
    expect(gsm.delta).toBeGreaterThan(0.24);
    expect(gsm.delta).toBeLessThan(0.255);
    expect(excludesZero(gsm.interval)).toBe(true);
    const mc2 = stderrDelta(base.get(keyOf('truthfulqa_mc2', 'acc', 'none')) ?? { value: NaN, stderr: null }, inst.get(keyOf('truthfulqa_mc2', 'acc', 'none')) ?? { value: NaN, stderr: null }, { higherIsBetter: true });
    expect(mc2.delta).toBeGreaterThan(0.07);
    expect(mc2.delta).toBeLessThan(0.085);
  });

  it('category scores and the quadrant equal the hand computation (one primary metric per task)', async () => {
    const rawBase = rawResults(path.join(root, BASE));
    const rawInst = rawResults(path.join(root, INSTRUCT));
    const primary: [task: string, metric: string, filter: string, category: string][] = [
      ['arc_challenge', 'acc_norm', 'none', 'reasoning'],
      ['gsm8k', 'exact_match', 'strict-match', 'reasoning'],
      ['hellaswag', 'acc_norm', 'none', 'reasoning'],
      ['mmlu', 'acc', 'none', 'reasoning'],
      ['winogrande', 'acc', 'none', 'reasoning'],
      ['truthfulqa_mc1', 'acc', 'none', 'safety'],
      ['truthfulqa_mc2', 'acc', 'none', 'safety'],
    ];
    const deltas: TaskDelta[] = [];
    const hand = new Map<string, { zs: number[]; vars: number[] }>();
    for (const [task, metric, filter, category] of primary) {
      const b = rawBase.get(keyOf(task, metric, filter));
      const c = rawInst.get(keyOf(task, metric, filter));
      if (!b || !c || b.stderr === null || c.stderr === null) throw new Error(`missing ${task} ${metric}`);
      const d = stderrDelta(b, c, { higherIsBetter: true });
      deltas.push({ task, metric, improvement: d.improvement ?? NaN, se: d.se, baselineStderr: b.stderr });
      // §2.3 A by hand: z = Δ / s_base, Var(z) = (se_b² + se_c²) / s_base².
      const h = hand.get(category) ?? { zs: [], vars: [] };
      h.zs.push((c.value - b.value) / b.stderr);
      h.vars.push((b.stderr ** 2 + c.stderr ** 2) / b.stderr ** 2);
      hand.set(category, h);
    }
    const scores = new Map<string, ReturnType<typeof categoryScore>>();
    for (const [category, h] of hand) {
      const k = h.zs.length;
      const score = h.zs.reduce((s, z) => s + z, 0) / k;
      const se = Math.sqrt(h.vars.reduce((s, v) => s + v, 0)) / k;
      const got = categoryScore(category, deltas);
      expect(got.members.length).toBe(k);
      expect(got.score).toBeCloseTo(score, 12);
      expect(got.se).toBeCloseTo(se, 12);
      expect(got.interval?.low).toBeCloseTo(score - 1.96 * se, 12);
      expect(got.interval?.high).toBeCloseTo(score + 1.96 * se, 12);
      scores.set(category, got);
    }
    const r = scores.get('reasoning');
    const s = scores.get('safety');
    const q = classifyQuadrant({ delta: r?.score ?? NaN, interval: r?.interval ?? null }, { delta: s?.score ?? NaN, interval: s?.interval ?? null });
    const sideOf = (iv: { low: number; high: number } | null | undefined) => (iv && iv.low > 0 ? 'better' : iv && iv.high < 0 ? 'worse' : 'indistinguishable');
    expect(q.reasoning).toBe(sideOf(r?.interval));
    expect(q.safety).toBe(sideOf(s?.interval));
    // Instruct is clearly more truthful on TruthfulQA MC (README: mc2 43.9 → 51.7).
    expect(q.safety).toBe('better');
  });
});
