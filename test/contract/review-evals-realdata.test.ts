import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { changeSize, reviewEvalRows } from '../../shared/analysis/review/eval-diff';
import { call, importFolder, openHost } from '../helpers/host';
import { keyOf, rawResults } from '../helpers/lm-eval-raw';
import { hasRealdata, realdataDir, tempDir } from '../helpers/paths';

/**
 * Issue 8 "done when": lm-eval Llama-3-8B base vs Instruct shows the eval diff — every task's headline numbers side by
 * side, the largest change (in standard errors) first. The expected order is computed from the raw JSON here.
 */
const root = path.join(realdataDir, 'lm-eval', 'saucam__model_evals', 'meta-llama');

describe.skipIf(!hasRealdata)('review: eval diff of realdata Llama-3-8B base vs Instruct', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  beforeAll(async () => {
    t = await tempDir();
    host = await openHost(t.dir);
    await importFolder(host, root);
  });
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  it('lists every non-subtask number of both, sorted by |Δ| / se as the JSON gives them', async () => {
    const runs = await call(host, 'library:list-runs', {});
    const base = runs.find((r) => r.path.endsWith('Meta-Llama-3-8B/openllm'));
    const inst = runs.find((r) => r.path.endsWith('Meta-Llama-3-8B-Instruct/openllm'));
    if (!base || !inst) throw new Error(`runs not found among ${runs.map((r) => r.path).join(', ')}`);
    const result = await call(host, 'compare:evals', { runIds: [base.id, inst.id], baselineRunId: base.id, paired: true });
    const rows = reviewEvalRows(result);

    const rawBase = rawResults(path.join(root, 'Meta-Llama-3-8B/openllm'));
    const rawInst = rawResults(path.join(root, 'Meta-Llama-3-8B-Instruct/openllm'));
    const tasks = new Set([...rawBase.keys()].map((k) => k.split('|')[0] ?? ''));
    const isSub = (task: string) => [...tasks].some((g) => g !== task && task.startsWith(`${g}_`));
    const expected = [...rawBase.keys()].filter((k) => rawInst.has(k) && !isSub(k.split('|')[0] ?? ''));
    expect(rows.map((r) => keyOf(r.task, r.metric, r.filter)).sort()).toEqual(expected.sort());

    // The order: |Δ| / sqrt(se_b² + se_i²) from the JSON (no samples were logged, so the interval is the stderr one).
    const z = (k: string) => {
      const b = rawBase.get(k);
      const i = rawInst.get(k);
      if (!b || !i) return 0;
      const se = b.stderr !== null && i.stderr !== null ? Math.sqrt(b.stderr ** 2 + i.stderr ** 2) : 0;
      return Math.abs(i.value - b.value) / (se > 0 ? se : 1);
    };
    const sizes = rows.map((r) => z(keyOf(r.task, r.metric, r.filter)));
    for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1] ?? 0).toBeGreaterThanOrEqual((sizes[i] ?? 0) - 1e-9);
    rows.forEach((r, i) => expect(changeSize(r)).toBeCloseTo(sizes[i] ?? NaN, 6));
    // Instruct's GSM8K gain leads (both filters), then TruthfulQA's generation metrics.
    expect(rows.slice(0, 3).map((r) => `${r.task} ${r.metric}`)).toEqual(['gsm8k exact_match', 'gsm8k exact_match', 'truthfulqa rouge2_max']);
  });
});
