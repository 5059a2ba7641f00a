import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

// lm-eval results saved as DVCLive's metrics.json: both formats claim the folder equally.
const TIE_JSON = '{"results": {"hellaswag": {"acc,none": 0.5, "acc_stderr,none": 0.01}}, "versions": {"hellaswag": 1}}\n';
const TABLE_CSV = 'step,epoch,loss\n0,0,4\n10,0,3\n20,1,2\n30,1,1\n';

describe('import choices in the browser, served by the real host', () => {
  let app: E2eApp;
  let serve: E2eApp['serve'];
  let page: E2eApp['page'];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    app = await openApp({
      prefix: 'runlens-e2e-choices-',
      folders: async (dir) => {
        const runs = path.join(dir, 'runs');
        await mkdir(path.join(runs, 'dvclive'), { recursive: true });
        await mkdir(path.join(runs, 'logs'), { recursive: true });
        await writeFile(path.join(runs, 'dvclive', 'metrics.json'), TIE_JSON);
        await writeFile(path.join(runs, 'logs', 'train.csv'), TABLE_CSV);
        return [runs];
      },
    });
    ({ serve, page, pageErrors } = app);
  });

  afterAll(() => app?.close());

  it('reads a tied folder as the format the user clicks, and back', async () => {
    await page.goto(serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    const row = page.locator('[data-testid="library.run-row"][data-run-path="dvclive"]');
    await row.waitFor();
    expect(await row.getAttribute('data-run-format')).toBe('lm-eval');

    const choice = (format: string) => page.locator(`[data-testid="library.tie-choice"][data-folder="dvclive"][data-format="${format}"]`);
    await choice('dvclive').waitFor();
    expect(await choice('lm-eval').getAttribute('aria-pressed')).toBe('true');

    await choice('dvclive').click();
    await expect.poll(() => row.getAttribute('data-run-format'), WAIT).toBe('dvclive');
    await expect.poll(() => choice('dvclive').getAttribute('aria-pressed'), WAIT).toBe('true');
    expect(await page.locator('[data-testid="library.tie"][data-folder="dvclive"]').getAttribute('data-chosen')).toBe('dvclive');

    await page.locator('[data-testid="library.tie-reset"][data-folder="dvclive"]').click();
    await expect.poll(() => row.getAttribute('data-run-format'), WAIT).toBe('lm-eval');
    expect(pageErrors).toEqual([]);
  });

  it('plots a table run against the column the user picks as its x axis', async () => {
    const row = page.locator('[data-testid="library.run-row"][data-run-path="logs/train"]');
    await row.waitFor();
    const lastStep = () => row.locator('td.num').first().textContent();
    expect(await lastStep()).toBe('30');
    // A new library starts with its runs plotted; make sure this one is.
    if ((await row.getAttribute('data-selected')) !== 'true') await row.click();
    await expect.poll(() => row.getAttribute('data-selected'), WAIT).toBe('true');

    const select = page.locator('[data-testid="table.step-column-select"]');
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual(['detected (step)', 'row number', 'step', 'epoch', 'loss']);
    // Before: epoch is a series of its own.
    await page.locator('[data-testid="curves.metric-option"][data-metric="epoch"]').waitFor();

    await select.selectOption({ label: 'epoch' });
    await expect.poll(lastStep, WAIT).toBe('1');
    await expect.poll(() => select.inputValue(), WAIT).toBe('column:epoch');
    // After: the old step column is a series, the x-axis column is not.
    await page.locator('[data-testid="curves.metric-option"][data-metric="step"]').waitFor();
    expect(await page.locator('[data-testid="curves.metric-option"][data-metric="epoch"]').count()).toBe(0);
    const chart = page.locator('[data-testid="curves.chart"][data-metric="loss"]');
    await expect.poll(async () => Number(await chart.getAttribute('data-point-count')), WAIT).toBe(4);

    await select.selectOption({ label: 'row number' });
    await expect.poll(lastStep, WAIT).toBe('3');
    expect(pageErrors).toEqual([]);
  });
});
