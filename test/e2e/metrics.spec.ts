import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

const shownMetrics = (page: Page) => page.getByTestId('curves.metric-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-metric') ?? ''));
const chartOrder = (page: Page) => page.getByTestId('curves.chart').evaluateAll((els) => els.map((e) => e.getAttribute('data-metric') ?? ''));

describe('metric organisation on the demo: regex search, pins, synced crosshair', () => {
  let app: E2eApp;
  let serve: E2eApp['serve'];
  let page: E2eApp['page'];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-metrics-', viewport: { width: 1400, height: 1000 } });
    ({ serve, page, pageErrors } = app);
  });

  afterAll(() => app?.close());

  it('opens the demo with at least two charts', async () => {
    await page.goto(serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('curves.chart').count(), WAIT).toBeGreaterThanOrEqual(2);
  });

  it('filters the metric list by /regex/ and reports a broken one inline', async () => {
    const all = await shownMetrics(page);
    expect(all.length).toBeGreaterThan(3);
    const search = page.getByTestId('curves.metric-search');
    await search.fill('/loss$/');
    await expect.poll(async () => (await shownMetrics(page)).length, WAIT).toBeLessThan(all.length);
    const matched = await shownMetrics(page);
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.every((n) => /loss$/i.test(n))).toBe(true);
    expect(matched).toEqual(all.filter((n) => /loss$/i.test(n)));

    await search.fill('/(loss/');
    await page.getByTestId('curves.metric-search-error').waitFor();
    expect(await page.getByTestId('curves.metric-search-error').textContent()).toMatch(/Invalid regex/);
    expect(await page.getByTestId('curves.metric-option').count()).toBe(0);

    await search.fill('');
    await expect.poll(async () => (await shownMetrics(page)).length, WAIT).toBe(all.length);
    expect(await page.getByTestId('curves.metric-search-error').count()).toBe(0);

    // The runs filter takes the same syntax and says what is wrong with it.
    const runsFilter = page.getByTestId('library.runs-filter');
    await runsFilter.fill('/(a+)+/');
    await page.getByTestId('library.runs-filter-error').waitFor();
    expect(await page.getByTestId('library.run-row').count()).toBe(0);
    await runsFilter.fill('');
    await expect.poll(() => page.getByTestId('library.run-row').count(), WAIT).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('shows display names and direction of good beside the raw names', async () => {
    const grad = page.locator('[data-testid="curves.metric-option"][data-metric="grad_norm"]');
    if ((await grad.count()) > 0) expect(await grad.textContent()).toContain('Gradient norm');
    const loss = page.locator('[data-testid="curves.metric-option"][data-metric="loss"] [data-direction]');
    if ((await loss.count()) > 0) expect(await loss.getAttribute('data-direction')).toBe('lower');
    expect(await page.getByTestId('curves.metric-group').count()).toBeGreaterThan(1);
  });

  it('pins a chart to the top and unpins it', async () => {
    const before = await chartOrder(page);
    const last = before.at(-1);
    expect(last).toBeDefined();
    const pin = page.locator(`[data-testid="curves.chart"][data-metric="${last}"] [data-testid="curves.pin"]`);
    await pin.click();
    await expect.poll(async () => (await chartOrder(page))[0], WAIT).toBe(last);
    expect(await pin.getAttribute('aria-pressed')).toBe('true');
    // A pin outlives the pick: choosing no metric leaves the pinned chart on screen.
    await page.getByRole('button', { name: 'None' }).click();
    await expect.poll(() => chartOrder(page), WAIT).toEqual([last]);
    await pin.click();
    await expect.poll(() => page.getByTestId('curves.chart').count(), WAIT).toBe(0);
    await page.getByRole('button', { name: 'Default (loss)' }).click();
    await expect.poll(() => chartOrder(page), WAIT).toEqual(before);
    expect(pageErrors).toEqual([]);
  });

  it('hovering one chart shows the tooltip on the others too', async () => {
    const charts = page.getByTestId('curves.chart');
    const n = await charts.count();
    expect(n).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => Number(await charts.nth(n - 1).getAttribute('data-series-count')), WAIT).toBeGreaterThan(0);
    const tooltipShown = (i: number) =>
      charts
        .nth(i)
        .locator('.echart')
        .evaluate((el) => [...el.children].some((c) => c instanceof HTMLElement && c.style.display !== 'none' && c.style.visibility !== 'hidden' && (c.textContent ?? '').trim() !== ''));
    const othersShowing = async () => {
      let k = 0;
      for (let i = 1; i < n; i++) if (await tooltipShown(i)) k++;
      return k;
    };
    expect(await othersShowing()).toBe(0);
    const box = await charts.nth(0).locator('.echart').boundingBox();
    expect(box).not.toBeNull();
    if (!box) return;
    // Near the left: a step every chart's range covers (charts whose range ends earlier hide their tooltip).
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5, { steps: 2 });
    await expect.poll(() => tooltipShown(0), WAIT).toBe(true);
    await expect.poll(othersShowing, WAIT).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
