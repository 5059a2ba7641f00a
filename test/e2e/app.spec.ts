import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import { copyTree, fixturesDir, realdataDir } from '../helpers/paths';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

const LSTM = 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0';

const lossEvents = (from: number, to: number): EventSpec[] =>
  Array.from({ length: to - from }, (_, i) => ({ kind: 'scalar' as const, wallTime: 1_700_000_000 + from + i, step: from + i, tag: 'live/loss', value: 3 / (1 + from + i) }));

describe('RunLens in a browser, served by the real host', () => {
  let app: E2eApp;
  let serve: E2eApp['serve'];
  let page: E2eApp['page'];
  let work: E2eApp['work'];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-' });
    ({ serve, page, work, pageErrors } = app);
  });

  afterAll(() => app?.close());

  it('opens the demo workspace and draws its loss curves', async () => {
    await page.goto(serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('library.run-row').count(), WAIT).toBeGreaterThanOrEqual(3);
    const chart = page.getByTestId('curves.chart').first();
    await chart.waitFor();
    await expect.poll(async () => Number(await chart.getAttribute('data-series-count')), WAIT).toBeGreaterThan(0);
    expect(Number(await chart.getAttribute('data-point-count'))).toBeGreaterThan(10);
    expect(await chart.locator('canvas, svg').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('adds a folder of real TensorBoard runs and plots train_loss for the Lightning LSTM run', async () => {
    const realTb = path.join(realdataDir, 'tensorboard');
    const from = existsSync(realTb) ? realTb : path.join(fixturesDir, 'tensorboard');
    const folder = await copyTree(from, path.join(work.dir, 'my runs', 'tensorboard'));

    await page.getByTestId('library.add-path-input').fill(folder);
    await page.getByTestId('library.add-button').click();
    await page.locator('[data-app-state="importing"], [data-app-state="ready"]').first().waitFor();
    const row = page.locator(`[data-testid="library.run-row"][data-run-path="${LSTM}"]`);
    await row.waitFor();
    await page.locator('[data-app-state="ready"]').waitFor();
    expect(await row.getAttribute('data-run-format')).toBe('tensorboard');

    // Plot only that run.
    await page.getByTestId('library.runs-filter').fill('Text-Generation-With-LSTM');
    await row.click();
    const option = page.locator('[data-testid="curves.metric-option"][data-metric="train_loss"]');
    await option.waitFor();
    if (!(await option.locator('input').isChecked())) await option.locator('input').check();
    const chart = page.locator('[data-testid="curves.chart"][data-metric="train_loss"]');
    await chart.waitFor();
    await expect.poll(async () => Number(await chart.getAttribute('data-series-count')), WAIT).toBeGreaterThanOrEqual(1);
    expect(Number(await chart.getAttribute('data-point-count'))).toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
  });

  it('follows a run that is still training: appended events reach the open chart without a reload', async () => {
    const runDir = path.join(work.dir, 'live', 'still-training');
    await mkdir(runDir, { recursive: true });
    const file = path.join(runDir, 'events.out.tfevents.1700000000.host.1.0');
    await writeFile(file, encodeEventFile([{ kind: 'file-version', wallTime: 1_700_000_000 }, ...lossEvents(0, 50)]));

    await page.getByTestId('library.add-path-input').fill(path.join(work.dir, 'live'));
    await page.getByTestId('library.add-button').click();
    await page.getByTestId('library.runs-filter').fill('still-training');
    const row = page.locator('[data-testid="library.run-row"][data-run-path="still-training"]');
    await row.waitFor();
    await row.click();
    const option = page.locator('[data-testid="curves.metric-option"][data-metric="live/loss"]');
    await option.waitFor();
    if (!(await option.locator('input').isChecked())) await option.locator('input').check();
    const chart = page.locator('[data-testid="curves.chart"][data-metric="live/loss"]');
    await expect.poll(async () => Number(await chart.getAttribute('data-point-count')), WAIT).toBe(50);

    // The trainer writes more steps; the page is not touched.
    await appendFile(file, encodeEventFile(lossEvents(50, 120)));
    await expect.poll(async () => Number(await chart.getAttribute('data-point-count')), WAIT).toBe(120);
    expect(pageErrors).toEqual([]);
  });
});
