import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, selectOnlyRuns, WAIT } from '../helpers/e2e-app';

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

  const selectOnly = (paths: readonly string[]) => selectOnlyRuns(page, paths);

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

  it('reviews two checkpoints of one run: its first and last save, their state and metrics at their steps', async () => {
    await selectOnly(['dpo-llama-3-8b']);
    const columns = view.getByTestId('review.column');
    await expect.poll(() => columns.evaluateAll((els) => els.map((e) => e.getAttribute('data-checkpoint'))), WAIT).toEqual(['dpo-llama-3-8b/checkpoint-300', 'dpo-llama-3-8b/checkpoint-600']);
    await expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');
    const row = (key: string) => view.locator(`[data-testid="review.config-row"][data-key="${key}"]`);
    await view.getByTestId('review.diff-only').check();
    expect(await row('global_step').locator('td').allTextContents()).toEqual(['global_step', '300', '600']);
    expect(await row('metrics.loss').getAttribute('data-different')).toBe('true');
    // The cut-short save is smaller on disk: its size row differs.
    expect(await row('files.adapter_model.safetensors').getAttribute('data-different')).toBe('true');
    // Same schedule in both: hidden while only differences are shown.
    expect(await row('max_steps').count()).toBe(0);
    await view.getByTestId('review.diff-only').uncheck();
    await expect.poll(() => row('max_steps').count(), WAIT).toBe(1);

    // Swap the second column for the whole run: its config and last metric values line up with the checkpoint's.
    await columns.nth(1).getByTestId('review.column-subject').selectOption({ label: 'dpo-llama-3-8b (whole run)' });
    await expect.poll(() => columns.evaluateAll((els) => els.map((e) => e.getAttribute('data-checkpoint'))), WAIT).toEqual(['dpo-llama-3-8b/checkpoint-300', '']);
    await expect.poll(() => row('metrics.loss').locator('td').count(), WAIT).toBe(3);
    expect(app.pageErrors).toEqual([]);
  });

  it('jumps from a checkpoint to its step on the curves', async () => {
    await view.locator('[data-testid="review.checkpoint"][data-path="dpo-llama-3-8b/checkpoint-300"]').getByTestId('review.checkpoint-curves').click();
    await expect.poll(() => page.locator('[data-testid="app.tab"][data-tab="curves"]').getAttribute('aria-selected'), WAIT).toBe('true');
    const charts = page.getByTestId('curves.chart');
    await expect.poll(() => charts.count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => charts.evaluateAll((els) => els.every((e) => e.getAttribute('data-focus-step') === '300')), WAIT).toBe(true);
    // Zoomed around step 300: the drawn points lie in the window, not over the whole run.
    const chart = charts.first();
    const drawn = async () => [Number(await chart.getAttribute('data-x-min')), Number(await chart.getAttribute('data-x-max'))];
    await expect.poll(async () => { const [lo = 0, hi = 0] = await drawn(); return lo > 100 && lo < 300 && hi > 300 && hi < 500; }, WAIT).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  it('adds the review, checkpoint columns included, to a report', async () => {
    await page.locator('[data-testid="app.tab"][data-tab="review"]').click();
    await page.getByTestId('review.view').locator('[data-testid="review.column"]').first().waitFor();
    await page.locator('[data-testid="app.tab"][data-tab="report"]').click();
    await page.getByTestId('report.new').click();
    await page.locator('[data-testid="report.add-section"][data-kind="review"]').click();
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), WAIT).toBe('ready');
    const table = preview.getByTestId('report.review-table').last();
    await expect.poll(() => table.locator('thead th').allTextContents(), WAIT).toEqual(['Key', 'dpo-llama-3-8b · checkpoint-300', 'dpo-llama-3-8b']);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(app.pageErrors).toEqual([]);
  });
});
