import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

/** scripts/gen-demo.ts: the demo's clock starts here; the DPO run logs TRL's num_tokens as step·9792 + a small wobble. */
const DEMO_T0 = 1763629200;
const DEMO_DAYS = 30 * 86_400;
const dpoTokens = (step: number) => step * 9792 + Math.round(1500 * Math.sin(step / 11));

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

describe('the curves x axis on the demo workspace: wall time, relative time, tokens', () => {
  let app: E2eApp;
  let serve: E2eApp['serve'];
  let page: E2eApp['page'];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-x-' });
    ({ serve, page, pageErrors } = app);
    await page.goto(serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.getByTestId('curves.chart').first().waitFor();
  });

  afterAll(() => app?.close());

  /** The chart of `metric`, once it draws `xKey` data (the answer for the new axis has arrived). */
  async function chartOn(metric: string, xKey: string): Promise<Locator> {
    const chart = page.locator(`[data-testid="curves.chart"][data-metric="${metric}"]`);
    await chart.waitFor();
    await expect.poll(() => chart.getAttribute('data-x-axis'), WAIT).toBe(xKey);
    return chart;
  }

  it('wall time: the TensorBoard loss is drawn at its dates; the trainer_state runs, with no wall times, are counted as left out', async () => {
    const select = page.getByTestId('curves.x-axis');
    await select.selectOption('wall');
    const tb = await chartOn('train/loss', 'wall');
    await expect.poll(() => num(tb, 'data-point-count'), WAIT).toBeGreaterThan(100);
    expect(await num(tb, 'data-x-min')).toBeGreaterThanOrEqual(DEMO_T0);
    expect(await num(tb, 'data-x-max')).toBeLessThan(DEMO_T0 + DEMO_DAYS);

    // HF `loss` comes from trainer_state.json, which has no wall times: nothing drawn, and the chart says why.
    const hf = await chartOn('loss', 'wall');
    await expect.poll(() => num(hf, 'data-missing-x'), WAIT).toBeGreaterThan(0);
    await expect.poll(() => hf.getByTestId('curves.missing-x').textContent(), WAIT).toContain('without wall time');
    expect(pageErrors).toEqual([]);
  });

  it('relative time: seconds since each run started', async () => {
    await page.getByTestId('curves.x-axis').selectOption('relative');
    const tb = await chartOn('train/loss', 'relative');
    await expect.poll(() => num(tb, 'data-point-count'), WAIT).toBeGreaterThan(100);
    expect(await num(tb, 'data-x-min')).toBeGreaterThanOrEqual(0);
    expect(await num(tb, 'data-x-max')).toBeLessThan(DEMO_DAYS);
  });

  it('tokens: offered first among the metrics, and the DPO loss is drawn over TRL\'s num_tokens', async () => {
    const select = page.getByTestId('curves.x-axis');
    const metricOptions = select.locator('optgroup option');
    await expect.poll(() => metricOptions.count(), WAIT).toBeGreaterThan(3);
    expect(await metricOptions.first().getAttribute('data-kind')).toBe('tokens');
    expect(await select.locator('option[value="metric:num_tokens"]').count()).toBe(1);

    await select.selectOption('metric:num_tokens');
    const chart = await chartOn('loss', 'metric:num_tokens');
    // Every DPO loss point has a token count (logged in the same row), from step 1 to step 600.
    await expect.poll(() => num(chart, 'data-point-count'), WAIT).toBeGreaterThanOrEqual(121);
    expect(await num(chart, 'data-x-min')).toBe(dpoTokens(1));
    expect(await num(chart, 'data-x-max')).toBe(dpoTokens(600));
    // The SFT run logs no tokens: its points are left out, and counted.
    expect(await num(chart, 'data-missing-x')).toBeGreaterThan(0);

    await select.selectOption('step');
    const back = await chartOn('loss', 'step');
    expect(await num(back, 'data-x-max')).toBeGreaterThanOrEqual(1000);
    expect(await num(back, 'data-x-min')).toBeLessThanOrEqual(10);
    expect(pageErrors).toEqual([]);
  });

  it('log y and the outlier clip toggle without breaking the charts', async () => {
    await page.getByTestId('curves.log-y').check();
    await page.getByTestId('curves.clip-outliers').check();
    const chart = page.locator('[data-testid="curves.chart"][data-metric="train/loss"]');
    await expect.poll(() => num(chart, 'data-point-count'), WAIT).toBeGreaterThan(100);
    expect(await page.getByTestId('curves.log-y').isChecked()).toBe(true);
    expect(await page.getByTestId('curves.clip-outliers').isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
