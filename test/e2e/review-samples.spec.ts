import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, selectOnlyRuns, WAIT } from '../helpers/e2e-app';

/**
 * Issue 8 §3: per-sample review of two evaluated models. Flip chips filter a virtualised list, search narrows it, and
 * a document opens with each model's response diffed word by word against the baseline's.
 */
describe('per-sample review (web mode, demo workspace)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];
  let panel: Locator;
  let list: Locator;

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-review-samples-' });
    page = app.page;
  });
  afterAll(() => app?.close());

  const selectOnly = (paths: readonly string[]) => selectOnlyRuns(page, paths);

  const chip = (flip: string) => panel.locator(`[data-testid="review.flip-count"][data-flip="${flip}"]`);
  const chipCount = async (flip: string) => Number(await chip(flip).getAttribute('data-count'));
  const total = async () => Number(await list.getAttribute('data-total'));

  /** Scrolls the virtualised list top to bottom and returns every row it rendered on the way: key → flip. */
  async function scrollAllRows(): Promise<Map<string, string>> {
    const seen = await list.locator('.sample-list-scroll').evaluate(async (el) => {
      const out: [string, string][] = [];
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      el.scrollTop = 0;
      for (;;) {
        await frame();
        for (const r of el.querySelectorAll('[data-testid="review.sample-row"]')) out.push([r.getAttribute('data-key') ?? '', r.getAttribute('data-flip') ?? '']);
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) break;
        el.scrollTop += Math.max(1, Math.floor(el.clientHeight / 2));
      }
      return out;
    });
    return new Map(seen);
  }

  it('counts the flips between the base and DPO models, and lists only the DOM rows in view', async () => {
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await selectOnly(['evals/llama-3-8b-base', 'evals/llama-3-8b-dpo']);
    await page.locator('[data-testid="app.tab"][data-tab="review"]').click();
    panel = page.getByTestId('review.samples');
    await expect.poll(() => panel.getAttribute('data-state'), WAIT).toBe('ready');
    list = panel.getByTestId('review.sample-list');

    const all = await chipCount('all');
    const parts = await Promise.all(['right-to-wrong', 'wrong-to-right', 'both-right', 'both-wrong'].map(chipCount));
    expect(parts.every((n) => n >= 0)).toBe(true);
    expect(all).toBeGreaterThanOrEqual(parts.reduce((s, n) => s + n, 0));
    expect(await chipCount('changed')).toBe((parts[0] ?? 0) + (parts[1] ?? 0));
    expect(await chip('all').textContent()).toContain(all.toLocaleString('en-US'));
    await expect.poll(total, WAIT).toBe(all);
    // Virtualised: far fewer rows in the DOM than documents in the list.
    const inDom = await panel.getByTestId('review.sample-row').count();
    expect(inDom).toBeGreaterThan(0);
    expect(inDom).toBeLessThan(all);
  });

  it('filters to right→wrong: every row is a regression and the chip counts them all', async () => {
    const n = await chipCount('right-to-wrong');
    expect(n).toBeGreaterThan(0);
    expect(await chip('right-to-wrong').textContent()).toContain(String(n));
    await chip('right-to-wrong').click();
    await expect.poll(() => chip('right-to-wrong').getAttribute('aria-pressed'), WAIT).toBe('true');
    await expect.poll(total, WAIT).toBe(n);
    const rows = await scrollAllRows();
    expect(rows.size).toBe(n);
    expect([...rows.values()].every((f) => f === 'right-to-wrong')).toBe(true);
  });

  it('narrows the list by a word of the first document’s prompt', async () => {
    const before = await total();
    await list.locator('.sample-list-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect.poll(() => panel.getByTestId('review.sample-row').first().getAttribute('data-index'), WAIT).toBe('0');
    const first = panel.getByTestId('review.sample-row').first();
    const key = await first.getAttribute('data-key');
    const preview = (await first.locator('.sample-preview').textContent()) ?? '';
    const word = [...preview.matchAll(/[A-Za-z]{5,}/g)].map((m) => m[0]).sort((a, b) => b.length - a.length)[0];
    expect(word).toBeTruthy();
    await panel.getByTestId('review.sample-search').fill(word ?? '');
    await expect.poll(total, WAIT).toBeLessThan(before);
    const rows = await scrollAllRows();
    expect(rows.size).toBe(await total());
    expect(rows.has(key ?? '')).toBe(true);
    expect([...rows.values()].every((f) => f === 'right-to-wrong')).toBe(true);
    await panel.getByTestId('review.sample-search').fill('');
    await expect.poll(total, WAIT).toBe(before);
  });

  it('opens a document with both responses, the DPO one diffed against the base one; ↓ and Enter open the next', async () => {
    await panel.getByTestId('review.sample-task').selectOption({ index: 0 });
    const gsm8k = await panel.getByTestId('review.sample-task').locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? '').find((v) => v.startsWith('gsm8k|')));
    expect(gsm8k).toBeTruthy();
    await panel.getByTestId('review.sample-task').selectOption(gsm8k ?? '');
    await expect.poll(async () => (await panel.getByTestId('review.sample-row').first().getAttribute('data-key'))?.startsWith('gsm8k|'), WAIT).toBe(true);
    const rows = panel.getByTestId('review.sample-row');
    // A new task starts the list at its top.
    expect(await rows.first().getAttribute('data-index')).toBe('0');
    const firstKey = await rows.first().getAttribute('data-key');
    await rows.first().click();
    const detail = panel.getByTestId('review.sample-detail');
    await expect.poll(() => detail.getAttribute('data-key'), WAIT).toBe(firstKey);
    const responses = detail.getByTestId('review.sample-response');
    await expect.poll(() => responses.count(), WAIT).toBe(2);
    const runIds = await responses.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
    expect(new Set(runIds).size).toBe(2);
    // A regression on a generated answer: the DPO response differs from the base one in some word.
    expect(await responses.nth(1).locator('.diff-added, .diff-removed').count()).toBeGreaterThan(0);
    expect(await responses.nth(0).locator('.diff-added, .diff-removed').count()).toBe(0);

    const secondKey = await rows.nth(1).getAttribute('data-key');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('data-key'), WAIT).toBe(secondKey);
    await expect.poll(() => responses.count(), WAIT).toBe(2);
    expect(app.pageErrors).toEqual([]);
  });
});
