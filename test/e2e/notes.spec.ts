import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

/** Issue 7: notes pinned on a demo chart are kept across a reload, shown as text, and can be deleted and undone. */
describe('notes on charts (web mode, demo workspace)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];
  let chart: Locator;
  const hostile = 'LR warm-up ends <img src=x onerror="window.__pwned=1">';

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-notes-' });
    page = app.page;
  });
  afterAll(() => app?.close());

  async function openChart(): Promise<void> {
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    chart = page.locator('[data-testid="curves.chart"][data-metric="train/loss"]').first();
    await chart.waitFor();
    await expect.poll(() => chart.getAttribute('aria-busy'), WAIT).toBe('false');
  }

  it('pins a note at the step clicked on the chart', async () => {
    await openChart();
    await chart.getByTestId('curves.add-note').click();
    const step = chart.getByTestId('curves.note-step');
    const before = Number(await step.inputValue());
    // A click a quarter of the way across the plot moves the note to the step under the pointer.
    const canvas = chart.locator('canvas').first();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    // Locator clicks scroll the chart into view first (a raw mouse click off-screen lands nowhere).
    await canvas.click({ position: { x: 60 + (box.width - 80) * 0.25, y: box.height / 2 } });
    await expect.poll(async () => Number(await step.inputValue()), WAIT).not.toBe(before);
    const clicked = Number(await step.inputValue());
    expect(clicked).toBeGreaterThan(0);
    expect(clicked).toBeLessThan(before);
    await chart.getByTestId('curves.note-text').fill(hostile);
    await chart.getByTestId('curves.note-save').click();
    await expect.poll(() => chart.getAttribute('data-note-count'), WAIT).toBe('1');
    const item = chart.getByTestId('curves.note');
    expect(Number(await item.getAttribute('data-step'))).toBe(clicked);
    expect(await item.locator('.note-text').textContent()).toBe(hostile);
  });

  it('still shows the note after a reload, as text', async () => {
    await openChart();
    await expect.poll(() => chart.getAttribute('data-note-count'), WAIT).toBe('1');
    expect(await chart.getByTestId('curves.note').locator('.note-text').textContent()).toBe(hostile);
    expect(await page.locator('.note-text img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('deletes a note and undoes the delete', async () => {
    await chart.getByTestId('curves.note-delete').click();
    await expect.poll(() => chart.getAttribute('data-note-count'), WAIT).toBe('0');
    await chart.getByTestId('curves.note-undo').click();
    await expect.poll(() => chart.getAttribute('data-note-count'), WAIT).toBe('1');
  });

  it('keeps a note on a run, from the legend of plotted runs', async () => {
    const button = page.locator('.run-legend [data-testid="notes.button"]').first();
    await button.locator('button').first().click();
    await button.getByTestId('notes.text').fill('restarted from checkpoint-1000 after the OOM');
    await button.getByTestId('notes.save').click();
    await expect.poll(() => button.getAttribute('data-count'), WAIT).toBe('1');
    expect(app.pageErrors).toEqual([]);
  });
});
