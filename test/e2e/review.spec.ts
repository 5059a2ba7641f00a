import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

/** Issue 8: two runs side by side, the config diff-only toggle, and evals sorted by the largest change. */
describe('review runs side by side (web mode, demo workspace)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];
  let view: Locator;

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-review-' });
    page = app.page;
  });
  afterAll(() => app?.close());

  async function selectOnly(paths: readonly string[]): Promise<void> {
    for (;;) {
      const selected = page.locator('[data-testid="library.run-row"][data-selected="true"]');
      if ((await selected.count()) === 0) break;
      await selected.first().click();
    }
    for (const p of paths) await page.locator(`[data-testid="library.run-row"][data-run-path="${p}"]`).click();
  }

  it('diffs the SFT and DPO runs’ configs, differences only by default', async () => {
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await selectOnly(['sft-llama-3-8b', 'dpo-llama-3-8b']);
    await page.locator('[data-testid="app.tab"][data-tab="review"]').click();
    view = page.getByTestId('review.view');
    await expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');
    const rows = view.getByTestId('review.config-row');
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(0);
    const differing = await rows.count();
    expect(await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-different') === 'true'))).toBe(true);
    await view.getByTestId('review.diff-only').uncheck();
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(differing);
    expect(await view.getByTestId('review.counts').textContent()).toMatch(new RegExp(`^${differing} of \\d+ keys differ$`));
  });

  it('checks their checkpoints on disk: the DPO run’s last save was cut short', async () => {
    const rows = view.getByTestId('review.checkpoint');
    await expect.poll(() => rows.count(), WAIT).toBe(4);
    const bad = view.locator('[data-testid="review.checkpoint"][data-ok="false"]');
    expect(await bad.getAttribute('data-path')).toBe('dpo-llama-3-8b/checkpoint-600');
    expect(await bad.textContent()).toMatch(/adapter_model\.safetensors: truncated: the tensors need \d+ bytes/);
    expect(await view.locator('[data-testid="review.checkpoint"][data-ok="true"]').count()).toBe(3);
  });

  it('shows two evaluated models’ evals with the largest change (in standard errors) first', async () => {
    await selectOnly(['evals/llama-3-8b-base', 'evals/llama-3-8b-dpo']);
    const evalRows = view.getByTestId('review.eval-row');
    await expect.poll(() => evalRows.count(), WAIT).toBe(11);
    // TruthfulQA MC2 moves most in standard errors (paired: its per-document scores are continuous).
    expect(await evalRows.first().getAttribute('data-task')).toBe('truthfulqa_mc2');
    expect(app.pageErrors).toEqual([]);
  });
});
