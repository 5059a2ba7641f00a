import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { E2eApp } from '../helpers/e2e-app';
import { CURVE_GRID } from '../../renderer/charts/options/curves';
import { openApp, WAIT } from '../helpers/e2e-app';

const POINTS = 100_000;
const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

/** A noisy 100k-point loss: every bucket's envelope differs from its last value, so downsampling is visible. */
function longRun(): EventSpec[] {
  const out: EventSpec[] = [{ kind: 'file-version', wallTime: 1_700_000_000 }];
  for (let s = 0; s < POINTS; s++) out.push({ kind: 'scalar', wallTime: 1_700_000_000 + s, step: s, tag: 'train/loss', value: 2 * Math.exp(-s / 30_000) + 0.2 + 0.05 * Math.sin(s * 1.7) });
  return out;
}

describe('curves acceptance (issue 5): zooming a 100k-point series, the demo overfitting finding', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await openApp({
      prefix: 'runlens-e2e-curves-',
      folders: async (dir) => {
        const run = path.join(dir, 'runs', 'long-run');
        await mkdir(run, { recursive: true });
        await writeFile(path.join(run, 'events.out.tfevents.1700000000.host.1.0'), encodeEventFile(longRun()));
        return [path.join(dir, 'runs'), path.resolve(import.meta.dirname, '..', '..', 'demo')];
      },
    });
    await app.page.goto(app.serve.url);
    await app.page.locator('[data-app-state="ready"]').waitFor();
  });
  afterAll(() => app?.close());

  /** Plots only this run (whatever was selected before is cleared). */
  async function selectOnly(runPath: string): Promise<void> {
    const { page } = app;
    const clear = page.getByRole('button', { name: 'Clear selection' });
    if (await clear.isVisible()) await clear.click();
    await page.getByTestId('library.runs-filter').fill(runPath);
    const row = page.locator(`[data-testid="library.run-row"][data-run-path="${runPath}"]`);
    await row.waitFor();
    await row.click();
    await expect.poll(() => row.getAttribute('data-selected'), WAIT).toBe('true');
  }

  async function plotOnly(runPath: string, metric: string): Promise<Locator> {
    const { page } = app;
    await selectOnly(runPath);
    const option = page.locator(`[data-testid="curves.metric-option"][data-metric="${metric}"]`);
    await option.waitFor();
    if (!(await option.locator('input').isChecked())) await option.locator('input').check();
    const chart = page.locator(`[data-testid="curves.chart"][data-metric="${metric}"]`);
    await chart.waitFor();
    return chart;
  }

  it('zooming into a region of a 100k-point series shows more points there, down to every raw point', async () => {
    const chart = await plotOnly('long-run', 'train/loss');
    await expect.poll(() => chart.getAttribute('data-mode'), WAIT).toBe('buckets');
    await expect.poll(() => num(chart, 'data-x-max'), WAIT).toBeGreaterThan(POINTS * 0.99);
    const wideCount = await num(chart, 'data-point-count');
    const wideSpan = (await num(chart, 'data-x-max')) - (await num(chart, 'data-x-min'));
    expect(wideCount).toBeLessThan(5000);

    // Zoom the way a user does: drag the slider's left handle almost onto its right one, leaving a window a few pixels
    // wide; then one wheel notch over the plot zooms in further around the cursor.
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.locator('canvas').first().boundingBox();
    if (!box) throw new Error('chart has no canvas');
    const sliderY = box.y + box.height - 18;
    // The slider spans the plot; its handles sit a few pixels inside the plot's edges.
    const left = box.x + CURVE_GRID.left + 4;
    const right = box.x + box.width - CURVE_GRID.right - 4;
    await app.page.mouse.move(left, sliderY);
    await app.page.mouse.down();
    await app.page.mouse.move(right - 6, sliderY, { steps: 8 });
    await app.page.mouse.up();
    // The re-query for the window: about as many drawn points as before, over a far shorter range.
    await expect.poll(async () => (await num(chart, 'data-x-max')) - (await num(chart, 'data-x-min')), WAIT).toBeLessThan(wideSpan / 20);
    const midSpan = (await num(chart, 'data-x-max')) - (await num(chart, 'data-x-min'));
    expect((await num(chart, 'data-point-count')) / midSpan).toBeGreaterThan((wideCount / wideSpan) * 10);
    // Wheel notches over the plot zoom in further around the cursor, until every raw point in the window is drawn.
    await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 15 && (await chart.getAttribute('data-mode')) !== 'raw'; i++) {
      const before = (await num(chart, 'data-x-max')) - (await num(chart, 'data-x-min'));
      await app.page.mouse.wheel(0, -400);
      // Each notch's window is queried (after the chart's zoom debounce) before the next notch.
      await expect.poll(async () => (await num(chart, 'data-x-max')) - (await num(chart, 'data-x-min')), WAIT).toBeLessThan(before);
      await expect.poll(() => chart.getAttribute('aria-busy'), WAIT).toBe('false');
    }
    await expect.poll(() => chart.getAttribute('data-mode'), WAIT).toBe('raw');
    const span = (await num(chart, 'data-x-max')) - (await num(chart, 'data-x-min'));
    const count = await num(chart, 'data-point-count');
    expect(span).toBeLessThan(wideSpan / 10);
    // Every logged step in the window is drawn: one point per step.
    expect(count).toBe(span + 1);
    expect(count / span).toBeGreaterThan((wideCount / wideSpan) * 10);
    expect(app.pageErrors).toEqual([]);
  });

  it("shows the overfitting finding on the demo's overfitting run, pinned to its best step", async () => {
    const { page } = app;
    await selectOnly('overfit-small-data');
    const item = page.locator('[data-testid="findings.item"][data-kind="overfitting"][data-run$="/overfit-small-data"]');
    await expect.poll(() => item.count(), WAIT).toBeGreaterThan(0);
    expect(await item.first().getAttribute('data-step')).toBe('1400');
    await item.first().click();
    await expect.poll(async () => (await page.getByTestId('findings.panel').innerText()).includes('1400'), WAIT).toBe(true);
    // The eval loss chart carries the mark.
    const evalChart = page.locator('[data-testid="curves.chart"][data-finding-count]:not([data-finding-count="0"])');
    await expect.poll(() => evalChart.count(), WAIT).toBeGreaterThan(0);
    expect(app.pageErrors).toEqual([]);
  });
});
